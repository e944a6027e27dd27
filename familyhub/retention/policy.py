"""The retention policy, read from a data file (settings.RETENTION_POLICY_FILE; the shipped
defaults are data/policy.json) and checked as it is read: every kind of record the code knows
(kinds.py) has exactly one rule, every rule names a known kind, a period and an action the kind
can do. A bad file is refused with a message naming the entry and what is wrong; the system
check (checks.py) does the same at startup and in `manage.py check`.

A rule: how long a record is kept after its last activity (`keep_for`: "7 days", "90 days",
"7 years"), what counts as its last activity (`after`, in words), and what happens then
(`then`: delete, or anonymise).
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings

from familyhub.retention.kinds import KINDS

ACTIONS = ("delete", "anonymise")
UNITS = {"day": "days", "month": "months", "year": "years"}
PERIOD = re.compile(r"^\s*(\d{1,4})\s+(day|month|year)s?\s*$")
WORDS = ("name", "after", "why")
KNOWN_FIELDS = {"kind", "keep_for", "then", *WORDS}


class PolicyError(ValueError):
    """The policy file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Rule:
    kind: str
    name: str
    keep_for: str
    then: str
    after: str
    why: str
    options: dict = field(default_factory=dict)

    @property
    def period(self) -> relativedelta:
        number, unit = PERIOD.match(self.keep_for).groups()
        return relativedelta(**{UNITS[unit]: int(number)})

    def cutoff(self, now: datetime) -> datetime:
        """Records whose last activity is before this moment are due."""
        return now - self.period

    def option(self, name: str):
        return self.options[name]

    def describe(self) -> str:
        action = "deleted" if self.then == "delete" else "anonymised"
        return f"Kept {self.keep_for} after {self.after}, then {action}."


@dataclass(frozen=True)
class Policy:
    rules: dict  # kind -> Rule, in the file's order
    status: str = ""

    def __getitem__(self, kind: str) -> Rule:
        return self.rules[kind]

    def __iter__(self):
        return iter(self.rules.values())


def policy_file() -> Path:
    return Path(settings.RETENTION_POLICY_FILE)


def load_policy(path: Path | str | None = None) -> Policy:
    """The policy in the file (the configured one by default), checked; PolicyError if not."""
    path = Path(path) if path else policy_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(f"The retention policy file {path} cannot be read: {error}.") from None
    except ValueError as error:
        raise PolicyError(f"The retention policy file {path} is not JSON: {error}.") from None
    return read_policy(data, source=str(path))


def read_policy(data, *, source: str = "the retention policy") -> Policy:
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise PolicyError(f"{source}: expected an object with a list of rules under 'kinds'.")
    rules = {}
    for position, entry in enumerate(data["kinds"], start=1):
        rule = _read_rule(entry, f"{source}, rule {position}", KINDS)
        if rule.kind in rules:
            raise PolicyError(f"{source}: there are two rules for '{rule.kind}'.")
        rules[rule.kind] = rule
    missing = [kind for kind in KINDS if kind not in rules]
    if missing:
        raise PolicyError(f"{source}: there is no rule for {', '.join(missing)}.")
    return Policy(rules=rules, status=str(data.get("status", "")))


def _read_rule(entry, where: str, kinds) -> Rule:
    if not isinstance(entry, dict):
        raise PolicyError(f"{where}: expected an object.")
    kind_name = entry.get("kind")
    if kind_name not in kinds:
        known = ", ".join(kinds)
        raise PolicyError(f"{where}: unknown kind '{kind_name}' (known kinds: {known}).")
    where = f"{where} ('{kind_name}')"
    kind = kinds[kind_name]
    unknown = set(entry) - KNOWN_FIELDS - set(kind.options)
    if unknown:
        raise PolicyError(f"{where}: unknown field {', '.join(sorted(unknown))}.")
    keep_for = entry.get("keep_for")
    if not isinstance(keep_for, str) or not PERIOD.match(keep_for):
        raise PolicyError(
            f'{where}: \'keep_for\' must be a period such as "7 days", "3 months" or '
            f'"7 years", not {json.dumps(keep_for)}.'
        )
    if int(PERIOD.match(keep_for).group(1)) < 1:
        raise PolicyError(f"{where}: 'keep_for' must be at least 1 day.")
    then = entry.get("then")
    if then not in ACTIONS:
        raise PolicyError(f"{where}: 'then' must be one of {', '.join(ACTIONS)}.")
    if then not in kind.actions:
        can = " or ".join(sorted(kind.actions))
        raise PolicyError(f"{where}: this kind can only be {can}d, not {then}d.")
    for name in WORDS:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise PolicyError(f"{where}: '{name}' must say it in words.")
    options = {}
    for name, (kind_of, low, high) in kind.options.items():
        value = entry.get(name)
        if not isinstance(value, kind_of) or isinstance(value, bool) or not low <= value <= high:
            raise PolicyError(f"{where}: '{name}' must be a whole number from {low} to {high}.")
        options[name] = value
    return Rule(
        kind=kind_name,
        name=entry["name"].strip(),
        keep_for=keep_for.strip(),
        then=then,
        after=entry["after"].strip(),
        why=entry["why"].strip(),
        options=options,
    )
