"""National helplines: the ones suggested when a search finds little, and which fit which need
(offered where a need has no service in Medway yet). Free to call unless it says so.

Only helplines whose numbers are long established are listed; a need not named in FOR_NEEDS has
its broader need's helplines, and a need with neither has FOR_ANY_NEED.
"""

from django.utils.translation import gettext_lazy as _

HELPLINES = {
    "family-lives": {
        "name": "Family Lives",
        "what": _("Advice on any part of family life, from behaviour to relationships"),
        "phone": "0808 800 2222",
        "url": "https://www.familylives.org.uk",
    },
    "nspcc": {
        "name": "NSPCC Helpline",
        "what": _("If you are worried about a child"),
        "phone": "0808 800 5000",
        "url": "https://www.nspcc.org.uk",
    },
    "domestic-abuse": {
        "name": "National Domestic Abuse Helpline",
        "what": _("Free, private help any time, day or night"),
        "phone": "0808 2000 247",
        "url": "https://www.nationaldahelpline.org.uk",
    },
    "samaritans": {
        "name": "Samaritans",
        "what": _("Someone to talk to, any time, day or night"),
        "phone": "116 123",
        "url": "https://www.samaritans.org",
    },
    "shelter": {
        "name": "Shelter",
        "what": _("Help with housing and homelessness"),
        "phone": "0808 800 4444",
        "url": "https://www.shelter.org.uk",
    },
    "childline": {
        "name": "Childline",
        "what": _("For children and young people to talk about anything, including bullying"),
        "phone": "0800 1111",
        "url": "https://www.childline.org.uk",
    },
    "nhs-111": {
        "name": "NHS 111",
        "what": _("Medical help when it is not an emergency, any time"),
        "phone": "111",
        "url": "https://111.nhs.uk",
    },
    "nhs-quit-smoking": {
        "name": "NHS Better Health: Quit smoking",
        "what": _("Free help and a quit plan to stop smoking"),
        "phone": "",
        "url": "https://www.nhs.uk/better-health/quit-smoking/",
    },
}

# Suggested when a search finds little, whatever it was for.
NATIONAL_HELPLINES = [
    HELPLINES[key] for key in ("family-lives", "nspcc", "domestic-abuse", "samaritans", "shelter")
]

# Need code (needs taxonomy) -> the helplines that fit it, best first.
FOR_NEEDS = {
    "behaviour": ["family-lives"],
    "school-attendance": ["family-lives"],
    "parent-wellbeing": ["samaritans", "family-lives"],
    "child-mental-health": ["childline", "family-lives"],
    "low-mood-self-harm": ["childline", "samaritans"],
    "bullying": ["childline", "family-lives"],
    "relationships": ["family-lives"],
    "domestic-abuse": ["domestic-abuse", "nspcc"],
    "housing": ["shelter"],
    "health": ["nhs-111"],
    "stopping-smoking": ["nhs-quit-smoking"],
    "teenagers": ["childline", "family-lives"],
}
FOR_ANY_NEED = ["family-lives", "nspcc"]


def helplines_for(code: str, parent_code: str = "") -> list[dict]:
    """The helplines for a need: its own, else its broader need's, else the general ones."""
    keys = FOR_NEEDS.get(code) or FOR_NEEDS.get(parent_code) or FOR_ANY_NEED
    return [HELPLINES[key] for key in keys]
