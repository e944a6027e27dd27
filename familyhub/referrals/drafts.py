"""The order of the questions, what a finished draft must hold, and its check-answers summary."""

from datetime import date
from types import SimpleNamespace

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from familyhub.families.forms import ContactForm
from familyhub.families.models import Relationship
from familyhub.families.safe_contact import other_way_for_family

STEPS = ["safety", "consent", "family", "children", "worries", "contact", "check"]
REQUIRED = {
    "safety": lambda a: a.get("safety") == "no",
    "consent": lambda a: bool(a.get("consent", {}).get("agreed")),
    "family": lambda a: bool(a.get("parent") and a.get("postcode")),
    "children": lambda a: bool(a.get("children")),
    "worries": lambda a: bool(a.get("worries")),
    "contact": lambda a: bool(a.get("contact")),
}


# What is kept of a typed value whose field sets no maximum length (choices, date parts), and
# of a list of values (ticked boxes): never more than a person could choose or type.
TYPED_LENGTH = 200
TYPED_ITEMS = 20


def kept(field, value):
    """What is saved of a value typed into a form field: all of it up to the field's maximum
    length (the page shows the rest with the error, to be cut down), never more."""
    limit = getattr(field, "max_length", None) or TYPED_LENGTH
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, list | tuple):
        return [item[:limit] if isinstance(item, str) else None for item in value[:TYPED_ITEMS]]
    return value if value is None or isinstance(value, bool | int) else str(value)[:limit]


def next_step(step: str) -> str:
    return STEPS[STEPS.index(step) + 1]


def previous_step(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def first_missing_step(answers: dict) -> str | None:
    return next((step for step, done in REQUIRED.items() if not done(answers)), None)


def answers_from_family(family) -> dict:
    """A signed-in family's record, pre-filled into a new request: tell your story once."""
    main = family.main_contact
    children = [
        {"first_name": c.first_name, "last_name": c.last_name,
         "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else "",
         "due_date": c.due_date.isoformat() if c.is_expected else ""}
        for c in family.children
    ]  # fmt: skip
    typed = {
        "family": {
            "first_name": main.first_name if main else "",
            "last_name": main.last_name if main else "",
            "relationship": main.relationship if main else "",
            "postcode": family.postcode,
            "home_languages": family.home_languages,
            "interpreter_needed": "yes" if family.interpreter_needed else "no",
            "interpreter_language": family.interpreter_language,
            "accessibility_needs": family.accessibility_needs or "",
        },
        "children": {
            key: value
            for n, child in enumerate(children, start=1)
            for key, value in (
                (f"child_{n}_first_name", child["first_name"]),
                (f"child_{n}_last_name", child["last_name"]),
                (f"child_{n}_date_of_birth", _date_parts(child["date_of_birth"])),
                (f"child_{n}_due_date", _date_parts(child["due_date"])),
            )
        },
        "contact": ContactForm.initial_for(family),
    }
    return {"family_id": str(family.pk), "typed": typed, "child_rows": max(1, len(children))}


def _date_parts(iso: str) -> list[str]:
    if not iso:
        return ["", "", ""]
    year, month, day = iso.split("-")
    return [str(int(day)), str(int(month)), year]


def summary_rows(draft) -> list[dict]:
    """Check your answers: each answer with a link to change it."""
    a = draft.answers

    def change(step):
        return reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step}) + "?change=1"

    parent = a.get("parent", {})
    contact = a.get("contact", {})
    safe = [
        label
        for key, label in (
            ("safe_to_phone", pgettext("safe to contact by", "phone")),
            ("safe_to_text", pgettext("safe to contact by", "text")),
            ("safe_to_email", _("email")),
            ("voicemail_ok", _("voicemail")),
        )
        if contact.get(key)
    ]
    relationship = dict(Relationship.choices).get(parent.get("relationship"), "")
    rows = [
        (_("Parent or carer"), f"{parent.get('first_name', '')} {parent.get('last_name', '')}"
         f" ({relationship})", "family"),
        (_("Postcode"), a.get("postcode", ""), "family"),
        (_("Interpreter"), (a.get("interpreter_language") or _("Yes"))
         if a.get("interpreter_needed") else _("Not needed"), "family"),
        (_("Children"), "; ".join(_child_in_words(c) for c in a.get("children", [])),
         "children"),
        (_("What you would like help with"), a.get("worries", ""), "worries"),
        (_("What you have tried"), a.get("tried") or _("Not given"), "worries"),
        (_("What would help"), a.get("would_help") or _("Not given"), "worries"),
        *([(_("How confident you feel"), a.get("confidence")
            if a.get("confidence") not in (None, "", "prefer_not") else _("Not given"),
            "worries")] if a.get("who") != "practitioner" else []),
        (_("Email"), contact.get("contact_email") or _("Not given"), "contact"),
        (pgettext("phone number", "Phone"), contact.get("contact_phone") or _("Not given"),
         "contact"),
        (_("Safe to"), ", ".join(safe) or _("Nothing: no messages will be sent"), "contact"),
        *([(_("How we will reach you"), other_way_for_family(SimpleNamespace(**contact)),
            "contact")] if contact.get("other_way") else []),
        (_("Safe times"), contact.get("safe_times") or _("Any time"), "contact"),
        (_("Consent given by"), a.get("consent", {}).get("given_by_name", ""), "consent"),
    ]  # fmt: skip
    return [{"label": label, "value": value, "change": change(step)}
            for label, value, step in rows]  # fmt: skip


def _child_in_words(child: dict) -> str:
    """ "Alex Parent, born 4 May 2021" or "Expected baby, due 9 July 2027": one sentence for
    translators, the date in their words."""
    name = f"{child.get('first_name', '')} {child.get('last_name', '')}".strip()
    if child.get("due_date") and not child.get("date_of_birth"):
        due = date_format(date.fromisoformat(child["due_date"]), "j E Y")
        if not name:
            return _("Expected baby, due %(date)s") % {"date": due}
        return _("%(name)s, expected baby, due %(date)s") % {"name": name, "date": due}
    if not child.get("date_of_birth"):
        return name
    born = date_format(date.fromisoformat(child["date_of_birth"]), "j E Y")
    return _("%(name)s, born %(date)s") % {"name": name, "date": born}


def takes_expected_babies(service) -> bool:
    """Whether a service can be asked about a baby not born yet: one for pregnancy and babies
    (its youngest age is 0, or none is given). Early help triage (no service) always can."""
    return service is None or service.minimum_age in (None, 0)


def expected_baby_problem(service) -> str:
    """Why this service cannot be asked about a baby not born yet ('' if it can)."""
    if takes_expected_babies(service):
        return ""
    return _(
        "%(service)s is for children aged %(age)s and over, so it cannot help before the baby "
        "is born. Go back to find support in pregnancy, or ask the early help team."
    ) % {"service": service.name, "age": service.minimum_age}
