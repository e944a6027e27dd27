"""Applying the retention policy (policy.py, kinds.py): what is due, and doing it.

`apply_retention` goes through every kind in turn, in batches: each batch is one transaction
that locks its rows, checks again that each is still due (a family may have sent a new request
a moment ago) and deletes or anonymises it. A record done is no longer due, so a second run (or
a run that stopped half-way, run again) does nothing more. Each run is recorded with its counts
per kind (`RetentionRun`) and an audit event, neither holding any personal data.

Run daily: `manage.py apply_retention` (`--dry-run` counts what is due and changes nothing).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.retention.kinds import KINDS
from familyhub.retention.models import AnonymisedRecord, RetentionRun
from familyhub.retention.policy import Policy, Rule, load_policy

BATCH_SIZE = 200
LOOK_AHEAD_DAYS = 30
ACTOR = "retention policy (scheduled)"


@dataclass(frozen=True)
class Due:
    rule: Rule
    now: int  # due at this moment
    soon: int  # not due yet, but due within LOOK_AHEAD_DAYS if nothing changes


def due_summary(now: datetime | None = None, policy: Policy | None = None) -> list[Due]:
    """For each rule, in the policy's order: how many records are due now, and soon."""
    now = now or timezone.now()
    policy = policy or load_policy()
    later = now + timedelta(days=LOOK_AHEAD_DAYS)
    rows = []
    for rule in policy:
        due = KINDS[rule.kind].due
        due_now = due(policy, now).count()
        rows.append(Due(rule, due_now, max(due(policy, later).count() - due_now, 0)))
    return rows


def apply_retention(
    now: datetime | None = None, dry_run: bool = False, *, by=None, policy: Policy | None = None
) -> RetentionRun:
    """Delete or anonymise everything due at `now` (default: this moment).

    Returns the run with its counts per kind. A dry run counts what is due and changes nothing
    (the run it returns is not saved).
    """
    now = now or timezone.now()
    policy = policy or load_policy()
    order = [kind for kind in KINDS if kind in policy.rules]  # families before the audit log
    if dry_run:
        results = {
            kind: {"then": policy[kind].then, "count": KINDS[kind].due(policy, now).count()}
            for kind in order
        }
        return RetentionRun(started_at=now, finished_at=now, started_by=by, results=results)
    run = RetentionRun.objects.create(started_at=timezone.now(), started_by=by)
    for kind in order:
        count = _apply(kind, policy, now)
        run.results[kind] = {"then": policy[kind].then, "count": count}
        run.save(update_fields=["results"])
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    audit.record(by, "change", run, detail=_summary(run), actor="" if by else ACTOR)
    return run


def _apply(kind_name: str, policy: Policy, now: datetime) -> int:
    kind, rule = KINDS[kind_name], policy[kind_name]
    done, last = 0, None
    while True:
        candidates = kind.due(policy, now).order_by("pk")
        if last is not None:
            candidates = candidates.filter(pk__gt=last)
        ids = list(candidates.values_list("pk", flat=True)[:BATCH_SIZE])
        if not ids:
            return done
        last = ids[-1]
        with transaction.atomic():
            locked = list(
                kind.model.objects.select_for_update()
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            still_due = list(
                kind.due(policy, now).filter(pk__in=locked).values_list("pk", flat=True)
            )
            records = kind.model.objects.filter(pk__in=still_due).order_by("pk")
            if rule.then == "anonymise":
                done += kind.anonymise(records)
            else:
                _total, per_model = records.delete()
                done += per_model.get(kind.model._meta.label, 0)


def _summary(run: RetentionRun) -> str:
    done = [
        f"{kind} {result['count']} {result['then']}d"
        for kind, result in run.results.items()
        if result["count"]
    ]
    return f"retention policy applied: {', '.join(done) or 'nothing due'}"[:200]


def anonymised_on(kind: str, object_id) -> datetime | None:
    """When a record (kind "families" or "requests") was anonymised, or None."""
    return (
        AnonymisedRecord.objects.filter(kind=kind, object_id=object_id)
        .values_list("at", flat=True)
        .first()
    )


def last_run() -> RetentionRun | None:
    return RetentionRun.objects.select_related("started_by").first()
