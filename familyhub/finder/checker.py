"""The guided checker, "What help is right for us?": its questions, the checking of answers,
the safety rules and the recommendations. Nothing here is stored: answers travel with the form.
"""

import re
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyhub.directory.choices import LevelOfNeed
from familyhub.directory.models import TaxonomyTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.request import SearchInputError, SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.finder.distances import miles
from familyhub.finder.presenting import needs_professional
from familyhub.postcodes.formats import InvalidPostcode
from familyhub.postcodes.formats import normalise as normalise_postcode
from familyhub.safety.recognise import Disclosure, recognise

STEPS = ["who", "age", "worries", "how", "where"]
DANGER = "danger"
NOT_SURE = "not-sure"
MAX_AGE = 25
PER_GROUP = 5
WIDER_RADIUS_MILES = 15.0

WHO_CHOICES = [
    ("me", gettext_lazy("Me, as a parent or carer")),
    ("child", gettext_lazy("My child or children")),
    ("family", gettext_lazy("All of us, as a family")),
    ("expecting", gettext_lazy("I am pregnant, or my partner is")),
]
DELIVERY_CHOICES = [
    ("in_person", gettext_lazy("In person")),
    ("online", gettext_lazy("Online")),
    ("phone", gettext_lazy("By phone")),
]
FORMAT_CHOICES = [
    ("group", gettext_lazy("In a group with other parents")),
    ("one_to_one", gettext_lazy("One to one")),
    ("either", gettext_lazy("Either is fine")),
]

GROUP_WORDS = re.compile(
    r"\b(group|groups|class|classes|course|club|stay and play|cafe|café|session|sessions)\b",
    re.IGNORECASE,
)


@dataclass
class Answers:
    who: str = ""
    age: str = ""
    worries: list[str] = field(default_factory=list)
    other_worry: str = ""
    delivery: list[str] = field(default_factory=list)
    format: str = ""
    postcode: str = ""
    safe_now: bool = False

    @classmethod
    def from_form(cls, data) -> "Answers":
        def text(name, limit=200):
            value = "".join(c for c in str(data.get(name, "")) if c.isprintable())
            return value.strip()[:limit]

        return cls(
            who=text("who"),
            age=text("age", 10),
            worries=[w for w in data.getlist("worries") if w][:30],
            other_worry=text("other_worry", 500),
            delivery=[d for d in data.getlist("delivery") if d][:3],
            format=text("format"),
            postcode=text("postcode", 10),
            safe_now=text("safe_now") == "yes",
        )

    @property
    def child_age(self) -> int | None:
        return int(self.age) if self.age.isdigit() else None


def worry_choices() -> list[tuple[str, str, str]]:
    """(code, name, hint) for each top need, in families' words, then the two extra answers."""
    terms = TaxonomyTerm.objects.filter(taxonomy__key=NEEDS, parent__isnull=True).only(
        "code", "name", "description", "position"
    )
    choices = [(term.code, term.name, term.description) for term in terms]
    choices.append((DANGER, _("Someone is hurting, scaring or controlling me or my child"), ""))
    choices.append((NOT_SURE, _("Something else, or I am not sure"), ""))
    return choices


def check_step(step: str, answers: Answers) -> dict[str, str]:
    """Errors for one step's answers: field → plain message. Empty when the step is fine."""
    errors = {}
    if step == "who" and answers.who not in dict(WHO_CHOICES):
        errors["who"] = _("Select who the help is for")
    if step == "age":
        if answers.who == "expecting" and not answers.age:
            return errors
        age = answers.child_age
        if not answers.age:
            errors["age"] = _("Enter your child's age in years, or 0 for a baby")
        elif age is None or age > MAX_AGE:
            errors["age"] = _("Age must be a whole number from 0 to %(max)s") % {"max": MAX_AGE}
    if step == "worries":
        known = {code for code, _name, _hint in worry_choices()}
        if not answers.worries:
            errors["worries"] = _("Select what is worrying you, or 'Something else'")
        elif any(worry not in known for worry in answers.worries):
            errors["worries"] = _("Select from the list of worries")
    if step == "how":
        if any(mode not in dict(DELIVERY_CHOICES) for mode in answers.delivery):
            errors["delivery"] = _("Select in person, online or by phone")
        if answers.format and answers.format not in dict(FORMAT_CHOICES):
            errors["format"] = _("Select group, one to one, or either")
    if step == "where" and answers.postcode:
        try:
            answers.postcode = normalise_postcode(answers.postcode)
        except InvalidPostcode as error:
            errors["postcode"] = str(error)
    return errors


def disclosure_in(answers: Answers) -> Disclosure:
    """What the safety layer recognises in the family's own words."""
    return recognise(answers.other_worry)


def suggests_danger(answers: Answers) -> bool:
    """True when an answer suggests a child or parent may be in danger now."""
    if answers.safe_now:
        return False
    return DANGER in answers.worries or bool(disclosure_in(answers))


def next_step(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else "results"


def previous_step(step: str) -> str:
    index = STEPS.index(step) if step in STEPS else len(STEPS)
    return STEPS[max(0, index - 1)]


@dataclass
class Suggestion:
    service: object
    distance_miles: float | None
    reasons: list[str]


@dataclass
class Recommendations:
    start_here: list[Suggestion]
    more_help: list[Suggestion]
    specialist: list[Suggestion]
    radius_miles: float | None
    widened: bool
    postcode_problem: str = ""

    @property
    def count(self) -> int:
        return len(self.start_here) + len(self.more_help) + len(self.specialist)


def _is_group(service) -> bool:
    return bool(GROUP_WORDS.search(f"{service.name} {service.description}"))


def _search(answers: Answers, radius: float | None) -> list:
    needs = [w for w in answers.worries if w not in (DANGER, NOT_SURE)]
    if DANGER in answers.worries:
        needs.append("domestic-abuse")
    needs += [need for need in disclosure_in(answers).needs if need not in needs]
    request = SearchRequest(
        needs=needs,
        age=answers.child_age if answers.who != "expecting" or answers.age else 0,
        postcode=answers.postcode,
        radius_miles=radius if answers.postcode else None,
        delivery_modes=answers.delivery,
        per_page=100,
    )
    return search_services(request).hits


def _reasons(hit, answers: Answers, need_names: dict, need_families: dict) -> list[str]:
    service = hit.service
    reasons = []
    tagged = {term.id for term in service.taxonomy_terms.all()}
    matched = [name for code, name in need_names.items() if tagged & need_families[code]]
    if matched:
        reasons.append(_("It helps with %(needs)s") % {"needs": ", ".join(matched).lower()})
    if answers.child_age is not None and service.minimum_age is not None:
        reasons.append(_("It is for your child's age"))
    if hit.distance_miles is not None:
        reasons.append(_("It is %(distance)s from you") % {"distance": miles(hit.distance_miles)})
    elif answers.postcode and not service.delivered_in_person:
        reasons.append(_("You can use it from home"))
    if answers.format == "group" and _is_group(service):
        reasons.append(_("It is a group"))
    elif answers.format == "one_to_one" and not _is_group(service):
        reasons.append(_("It is one to one"))
    return reasons


def recommend(answers: Answers) -> Recommendations:
    """Services for these answers in three groups, universal first, each with why."""
    radius = 5.0 if answers.postcode else None
    widened = False
    try:
        hits = _search(answers, radius)
        if answers.postcode and len(hits) < 3:
            hits, radius, widened = _search(answers, WIDER_RADIUS_MILES), WIDER_RADIUS_MILES, True
    except SearchInputError as error:
        return Recommendations(
            [], [], [], None, False, postcode_problem=" ".join(error.errors.values())
        )

    index = needs_index()
    terms = TaxonomyTerm.objects.filter(taxonomy__key=NEEDS, code__in=answers.worries)
    need_names = {term.code: term.name for term in terms}
    need_families = {code: index.descendants[index.by_code[code]] for code in need_names}

    def order(hit):
        level_rank = list(LevelOfNeed.values).index(hit.service.level_of_need)
        format_miss = answers.format in ("group", "one_to_one") and (
            (answers.format == "group") != _is_group(hit.service)
        )
        return (level_rank, format_miss, -hit.relevance, hit.distance_miles or 0, hit.service.name)

    groups = {"start": [], "more": [], "specialist": []}
    chosen = []
    for hit in sorted(hits, key=order):
        service = hit.service
        if service.level_of_need in (LevelOfNeed.SPECIALIST, LevelOfNeed.STATUTORY):
            group = "specialist"
        elif needs_professional(service):
            group = "specialist" if service.level_of_need != LevelOfNeed.UNIVERSAL else "more"
        elif service.level_of_need == LevelOfNeed.UNIVERSAL:
            group = "start"
        else:
            group = "more"
        if len(groups[group]) < PER_GROUP:
            groups[group].append(hit)
            chosen.append(service)
    prefetch_related_objects(chosen, "taxonomy_terms")
    for group, group_hits in groups.items():
        groups[group] = [
            Suggestion(
                hit.service,
                hit.distance_miles,
                _reasons(hit, answers, need_names, need_families),
            )
            for hit in group_hits
        ]
    return Recommendations(groups["start"], groups["more"], groups["specialist"], radius, widened)
