"""The outcomes framework, declared once in `data/measures.json` and loaded into `Outcome` and
`Measure` rows after every migrate (`load_framework`). A measure a person has edited on the
outcomes pages (`edited_at` set) keeps its edits: the file only adds what is new."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from familyhub.outcomes.computations import REGISTRY
from familyhub.outcomes.models import Direction, Kind, Measure, Outcome, Term, Unit

FRAMEWORK_FILE = Path(__file__).parent / "data" / "measures.json"
MEASURE_FIELDS = (
    "name", "definition", "kind", "computation", "unit", "direction", "baseline_value",
    "baseline_period", "baseline_source", "target_value", "target_period", "benchmark_england",
    "benchmark_neighbours", "benchmark_period", "benchmark_source",
)  # fmt: skip


class FrameworkError(ValueError):
    pass


def read_framework(path=None) -> dict:
    path = path or getattr(settings, "FAMILYHUB_OUTCOMES_FILE", None) or FRAMEWORK_FILE
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = check_framework(data)
    if problems:
        raise FrameworkError("; ".join(problems))
    return data


def check_framework(data: dict) -> list[str]:
    problems = []
    outcome_keys = [o["key"] for o in data["outcomes"]]
    if len(set(outcome_keys)) != len(outcome_keys):
        problems.append("an outcome key is used twice")
    keys = [m["key"] for m in data["measures"]]
    if len(set(keys)) != len(keys):
        problems.append("a measure key is used twice")
    for outcome in data["outcomes"]:
        if outcome["term"] not in Term.values:
            problems.append(f"outcome {outcome['key']}: no term {outcome['term']}")
    for measure in data["measures"]:
        where = f"measure {measure['key']}"
        if measure["outcome"] not in outcome_keys:
            problems.append(f"{where}: no outcome {measure['outcome']}")
        if measure["kind"] not in Kind.values:
            problems.append(f"{where}: no kind {measure['kind']}")
        if measure["kind"] == Kind.COMPUTED and measure.get("computation") not in REGISTRY:
            problems.append(f"{where}: no computation {measure.get('computation')}")
        if measure["unit"] not in Unit.values or measure["direction"] not in Direction.values:
            problems.append(f"{where}: unit or direction not known")
    return problems


@transaction.atomic
def load_framework(using="default", path=None) -> int:
    """Add the file's outcomes and measures; update those no person has edited. Returns how
    many measures were added."""
    data = read_framework(path)
    outcomes = {}
    for order, entry in enumerate(data["outcomes"]):
        outcomes[entry["key"]], _ = Outcome.objects.using(using).update_or_create(
            key=entry["key"],
            defaults={"term": entry["term"], "words": entry["words"],
                      "source": entry.get("source", ""), "order": order},
        )  # fmt: skip
    added = 0
    for order, entry in enumerate(data["measures"]):
        values = {name: entry.get(name) for name in MEASURE_FIELDS if name in entry}
        values = {k: ("" if v is None and k.endswith(("period", "source")) else v)
                  for k, v in values.items()}  # fmt: skip
        measure = Measure.objects.using(using).filter(key=entry["key"]).first()
        if measure is None:
            Measure.objects.using(using).create(
                key=entry["key"], outcome=outcomes[entry["outcome"]], order=order, **values
            )
            added += 1
        elif measure.edited_at is None:
            for name, value in values.items():
                setattr(measure, name, value)
            measure.outcome = outcomes[entry["outcome"]]
            measure.order = order
            measure.save(using=using)
    return added
