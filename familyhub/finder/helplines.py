"""National helplines suggested when a search finds little. Free to call unless it says so."""

from django.utils.translation import gettext_lazy as _

NATIONAL_HELPLINES = [
    {
        "name": "Family Lives",
        "what": _("Advice on any part of family life, from behaviour to relationships"),
        "phone": "0808 800 2222",
        "url": "https://www.familylives.org.uk",
    },
    {
        "name": "NSPCC Helpline",
        "what": _("If you are worried about a child"),
        "phone": "0808 800 5000",
        "url": "https://www.nspcc.org.uk",
    },
    {
        "name": "National Domestic Abuse Helpline",
        "what": _("Free, private help any time, day or night"),
        "phone": "0808 2000 247",
        "url": "https://www.nationaldahelpline.org.uk",
    },
    {
        "name": "Samaritans",
        "what": _("Someone to talk to, any time, day or night"),
        "phone": "116 123",
        "url": "https://www.samaritans.org",
    },
    {
        "name": "Shelter",
        "what": _("Help with housing and homelessness"),
        "phone": "0808 800 4444",
        "url": "https://www.shelter.org.uk",
    },
]
