"""The report's figures agree with counts made independently from the raw rows, and every
table is suppressed: no shown count from 1 to 4, and no hidden small count recoverable from the
printed sums (the exact algebra check of tests/test_suppression.py)."""

from collections import Counter
from datetime import timedelta
from statistics import median

import pytest
from django.utils import timezone

from familyhub.equality import demo, reports
from familyhub.families.models import CHILD_RELATIONSHIPS, EqualityMonitoring
from familyhub.feedback.models import FeedbackAnswer
from familyhub.referrals.models import SupportRequest
from familyhub.suppression import TOTAL
from tests.test_suppression import _determined

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    demo.load_demo_equality()
    today = timezone.localdate()
    start = today - timedelta(days=364)
    return start, today, reports.build(start, today)


def _answers(member):
    return EqualityMonitoring.objects.filter(member=member).first()


def _main(family):
    """The family's parent or carer, read the way the family record reads it."""
    return family.main_contact


def _group(value):
    if not value:
        return "not_answered"
    return value if value == "prefer_not" else value[: value.index("_")] if "_" in value else value


def _raw_people(start, end):
    """(ethnic group, low income, disability, is adult, accepted, wait) for everyone named on a
    request sent in the period, counted one object at a time (no shared code with reports)."""
    rows = []
    for request in SupportRequest.objects.select_related("family").prefetch_related(
        "family__members", "children"
    ):
        sent = timezone.localdate(request.submitted_at)
        if not start <= sent <= end:
            continue
        main = _main(request.family)
        named = [main] + [c for c in request.children.all() if c.pk != main.pk]
        main_answers = _answers(main)
        low = (main_answers.low_income if main_answers else None) or "not_answered"
        accepted = {"accepted": True, "waitlisted": True, "in_progress": True, "closed": True,
                    "declined": False, "redirected": False}.get(request.status)  # fmt: skip
        wait = (timezone.localdate(request.started_at) - sent).days if request.started_at else None
        for member in named:
            own = _answers(member)
            rows.append({
                "ethnicity": _group(own.ethnicity if own else None),
                "low_income": low,
                "disability": (own.disability if own else None) or "not_answered",
                "adult": member.relationship not in CHILD_RELATIONSHIPS,
                "marital_status": (own.marital_status if own else None) or "not_answered",
                "accepted": accepted,
                "wait": wait,
            })  # fmt: skip
    return rows


def _check_shown(table, true_counts, column_keys):
    """Every shown count equals the true one; every true count from 1 to 4 is hidden."""
    for row in table.rows:
        if row.total:
            continue
        for key, value in zip(column_keys, row.values, strict=False):
            true = true_counts.get((row.key, key), 0)
            if value is not None:
                assert value == true, (table.slug, row.key, key)
            assert not 0 < true < 5 or value is None, (table.slug, row.key, key)


def test_who_asks_and_who_is_accepted_agree_with_the_raw_rows(year):
    start, end, report = year
    raw = _raw_people(start, end)
    assert len(raw) > 400
    for key in ("ethnicity", "low_income", "disability"):
        asks = Counter((r[key], "people") for r in raw)
        _check_shown(report.table(f"{key}-asks"), asks, ["people"])
        assert report.table(f"{key}-asks").row("total").values[0] == len(raw)
        accepted = Counter(
            (r[key], "accepted" if r["accepted"] else "not_accepted")
            for r in raw
            if r["accepted"] is not None
        )
        table = report.table(f"{key}-accepted")
        _check_shown(table, accepted, ["accepted", "not_accepted"])
        # The overall acceptance rate is from every decided request.
        decided = [r for r in raw if r["accepted"] is not None]
        overall = sum(1 for r in decided if r["accepted"]) / len(decided)
        assert table.row("total").values[-1] == pytest.approx(overall)
    # Marriage or civil partnership counts adults only.
    adults = Counter((r["marital_status"], "people") for r in raw if r["adult"])
    _check_shown(report.table("marital_status-asks"), adults, ["people"])


def test_waits_are_medians_of_the_raw_rows_and_shown_only_with_their_count(year):
    start, end, report = year
    raw = _raw_people(start, end)
    table = report.table("low_income-wait")
    for row in table.rows[:-1]:
        waits = [r["wait"] for r in raw if r["low_income"] == row.key and r["wait"] is not None]
        count, middle = row.values
        if count is None:
            assert middle is None  # hidden with its base
        else:
            assert count == len(waits)
            assert middle == (median(waits) if waits else "")
    everyone = [r["wait"] for r in raw if r["wait"] is not None]
    assert table.row("total").values == [len(everyone), median(everyone)]


def test_outcomes_agree_with_the_raw_feedback(year):
    start, end, report = year
    counts = Counter()
    for answer in FeedbackAnswer.objects.select_related("invitation__family"):
        day = timezone.localdate(answer.answered_at)
        if not start <= day <= end or answer.helped not in ("yes", "partly", "no"):
            continue
        own = _answers(_main(answer.invitation.family))
        counts[((own.disability if own else None) or "not_answered", answer.helped)] += 1
    assert sum(counts.values()) > 50
    table = report.table("disability-helped")
    _check_shown(table, counts, ["yes", "partly", "no"])
    assert table.row("total").values[3] == sum(counts.values())


def _true_counts(report_table, people, feedback):
    """The true counts behind a table (from the report's own rows), keyed as suppress keys."""
    key, kind = report_table.slug.split("-", 1)
    if kind == "asks":
        return Counter(("all", p.categories[key]) for p in people if p.categories[key])
    if kind == "accepted":
        return Counter(
            (p.categories[key], "accepted" if p.accepted else "not_accepted")
            for p in people
            if p.categories[key] and p.accepted is not None
        )
    if kind == "wait":
        return Counter(("all", p.categories[key]) for p in people
                       if p.categories[key] and p.wait_days is not None)  # fmt: skip
    if kind == "confidence":
        return Counter(("all", f.categories[key]) for f in feedback
                       if f.categories[key] and f.confidence_change is not None)  # fmt: skip
    question = kind.replace("-", "_")
    scored = ("yes", "partly", "no")
    return Counter(
        (f.categories[key], getattr(f, question))
        for f in feedback
        if f.categories[key] and getattr(f, question) in scored
    )


def _value(counts, table, key):
    row, column = key
    if row == TOTAL and column == TOTAL:
        return sum(counts.values())
    if row == TOTAL:
        return sum(n for (r, c), n in counts.items() if c == column)
    if column == TOTAL:
        return sum(n for (r, c), n in counts.items() if r == row)
    return counts.get(key, 0)


def test_every_table_is_suppressed_and_no_hidden_small_count_can_be_worked_out(year):
    start, end, report = year
    begin = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()))
    stop = begin + timedelta(days=365)
    people = reports.people_on_requests(begin, stop)
    feedback = reports.feedback_from_parents(begin, stop)
    hidden_somewhere = 0
    for section in report.sections:
        for table in section.tables:
            printed = table.suppressed
            counts = _true_counts(table, people, feedback)
            for row in table.rows:
                for column, value in zip(table.columns, row.values, strict=True):
                    if column.kind == reports.COUNT and value is not None:
                        assert not 0 < value < 5, (table.slug, row.key, column.key)
            for key in _determined(printed, counts):
                assert not 0 < _value(counts, printed, key) < 5, (table.slug, key)
            hidden_somewhere += printed.hidden
    assert hidden_somewhere > 20  # the demo year has small groups: the check is not vacuous


def test_shares_are_shown_only_when_the_number_who_answered_is_printed(year):
    _start, _end, report = year
    for section in report.sections:
        table = section.tables[0]
        shares = [row.values[1] for row in table.rows if row.key not in reports.NON_ANSWERS]
        if any(isinstance(share, float) for share in shares):
            non_answers = [row.values[0] for row in table.rows
                           if row.key in reports.NON_ANSWERS or row.total]  # fmt: skip
            assert None not in non_answers, table.slug


def test_gaps_are_flagged_in_words_by_the_stated_rule(year):
    _start, _end, report = year
    ethnicity = report.table("ethnicity-asks")
    asian = ethnicity.row("asian")
    share, population = asian.values[1], asian.values[2]
    assert share < reports.UNDER_REPRESENTED_RATIO * population  # the demo's built-in pattern
    assert any("Asian or Asian British" in gap and "fewer asking" in gap
               for gap in ethnicity.gaps)  # fmt: skip
    waits = report.table("low_income-wait")
    assert waits.row("yes").values[1] >= waits.row("total").values[1] + reports.WAIT_MARGIN_DAYS
    assert any(gap.startswith("Yes: a median wait") for gap in waits.gaps)
    # Age is set beside the population but never flagged.
    assert report.table("age-asks").gaps == []


def test_a_group_too_small_to_compare_is_not_flagged():
    people = [
        reports.Person({**dict.fromkeys(reports.BY_KEY), "ethnicity": "white"}, True, 10)
        for _n in range(30)
    ] + [reports.Person({**dict.fromkeys(reports.BY_KEY), "ethnicity": "other"}, False, 90)]
    characteristic = reports.BY_KEY["ethnicity"]
    # "Other" (1.4% of Medway) would be expected less than 5 times among 31: not flagged.
    asks = reports.asks_table(characteristic, people)
    assert not any("Other ethnic group" in gap for gap in asks.gaps)
    # Its one declined request and long wait are hidden, and so not compared either.
    assert reports.accepted_table(characteristic, people).gaps == []
    assert reports.wait_table(characteristic, people).row("other").values == [None, None]
