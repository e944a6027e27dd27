"""What to do now, for the kinds of danger recognised: the help lines, in the page's language
(English, or the language's own wording in data/danger.json where it has it: Polish, Romanian).

The numbers are national services' published numbers (checked 2026-12); Medway's children's
front door comes from the settings (SAFEGUARDING_CONTACT), so a partnership can set its own.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from familyhub.safety.recognise import Disclosure, lexicon

ALWAYS_FIRST = ["emergency"]


@dataclass
class HelpLine:
    key: str
    name: str
    what: str
    phone: str = ""
    url: str = ""
    out_of_hours_phone: str = ""
    hours: str = ""

    @property
    def tel(self) -> str:
        return self.phone.replace(" ", "")


def _language() -> str:
    """The page's language code without its region ("pl", "ro"; "en" for "en-gb")."""
    return (get_language() or "en").split("-")[0]


def help_line(key: str) -> HelpLine:
    entry = lexicon().help[key]
    language = _language()
    line = HelpLine(
        key=key,
        name=entry.get(f"name_{language}") or entry["name"],
        what=entry.get(f"what_{language}") or entry["what"],
        phone=entry.get("phone", ""),
        url=entry.get("url", ""),
    )
    if entry.get("from_settings") == "SAFEGUARDING_CONTACT":
        contact = settings.SAFEGUARDING_CONTACT
        line.name = contact["name"]
        line.phone = contact["phone"]
        line.hours = contact["hours"]
        line.out_of_hours_phone = contact["out_of_hours_phone"]
    return line


def what_to_do_now(disclosure: Disclosure) -> list[HelpLine]:
    """999 first, then the help for each kind found, each line once."""
    keys = list(dict.fromkeys(ALWAYS_FIRST + disclosure.help_keys))
    return [help_line(key) for key in keys]


def kind_names(disclosure: Disclosure) -> list[str]:
    language = _language()
    return [kind.name_in(language) for kind in disclosure.kinds]
