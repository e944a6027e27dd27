"""Independent arithmetic for the outcomes tests: each measure worked out again in plain Python
over the raw rows (the app counts with SQL GROUP BY), and the areas read from the CSV file
without the app's code."""

import csv
import statistics
from collections import Counter, defaultdict
from datetime import timedelta

from django.utils import timezone

from familyhub.casework.models import Case, GoalScore
from familyhub.feedback.models import ConfidenceAtStart, FeedbackAnswer
from familyhub.finder.models import SearchRecord
from familyhub.outcomes.areas import AREAS_FILE
from familyhub.referrals.models import Draft, SupportRequest

ELSEWHERE = "Outside Medway or not known"


def _sector_table():
    with open(AREAS_FILE, encoding="utf-8") as handle:
        return {row["sector"]: (row["town"], row["ward"]) for row in csv.DictReader(handle)}


SECTORS = _sector_table()
DISTRICT_TOWN = {}
for _district in {s.split()[0] for s in SECTORS}:
    _towns = Counter(t for s, (t, _w) in SECTORS.items() if s.split()[0] == _district)
    DISTRICT_TOWN[_district] = _towns.most_common(1)[0][0]


def places(postcode):
    """(town, ward) of a full postcode, worked out here from the file."""
    outward, inward = postcode.split(" ")
    found = SECTORS.get(f"{outward} {inward[0]}")
    if found:
        return found
    if outward in DISTRICT_TOWN:
        return DISTRICT_TOWN[outward], "Ward not known"
    return ELSEWHERE, ELSEWHERE


def in_quarter(moment, quarter):
    if moment is None:
        return False
    local = timezone.localtime(moment) if hasattr(moment, "tzinfo") else moment
    return (local.year, (local.month - 1) // 3 + 1) == (quarter.year, quarter.number)


def _group(items, by_ward=True, by_town=True):
    """items: (postcode, numerator_flag_or_value, key_for_distinct). Returns cut -> list."""
    grouped = defaultdict(list)
    for postcode, item in items:
        grouped[("medway", "Medway")].append(item)
        if postcode is None:
            continue
        town, ward = places(postcode)
        if by_town:
            grouped[("town", town)].append(item)
        if by_ward:
            grouped[("ward", ward)].append(item)
    return grouped


def _shares(items, **options):
    """items: (postcode, counted: bool) → {cut: (numerator, denominator, percent)}."""
    out = {("medway", "Medway"): (0, 0, None)}
    for cut, flags in _group(items, **options).items():
        yes, n = sum(1 for f in flags if f), len(flags)
        out[cut] = (yes, n, 100 * yes / n if n else None)
    return out


def expected(name, quarter):
    return EXPECTED[name](quarter)


def _median_days(quarter):
    items = []
    for r in SupportRequest.objects.select_related("family"):
        if in_quarter(r.started_at, quarter):
            days = (timezone.localdate(r.started_at) - timezone.localdate(r.submitted_at)).days
            items.append((r.family.postcode, days))
    out = {("medway", "Medway"): (None, 0, None)}
    for cut, values in _group(items).items():
        out[cut] = (None, len(values), float(statistics.median(values)) if values else None)
    return out


def _declined(quarter):
    rows = SupportRequest.objects.select_related("family")
    return _shares(
        [(r.family.postcode, r.status == "declined") for r in rows
         if in_quarter(r.decided_at, quarter)]
    )  # fmt: skip


def _families_sending(quarter):
    sent = defaultdict(list)
    for r in SupportRequest.objects.select_related("family"):
        if in_quarter(r.submitted_at, quarter):
            sent[r.family_id].append(r)
    return sent


def _re_requests(quarter):
    everything = defaultdict(list)
    for r in SupportRequest.objects.all():
        everything[r.family_id].append(r)
    items = []
    for family_id, sent in _families_sending(quarter).items():
        again = any(
            e.status == "closed" and e.ended_at is not None
            and r.submitted_at - timedelta(days=365) <= e.ended_at < r.submitted_at
            for r in sent for e in everything[family_id]
        )  # fmt: skip
        items.append((sent[0].family.postcode, again))
    return _shares(items)


def _fathers(quarter):
    items = []
    for sent in _families_sending(quarter).values():
        family = sent[0].family
        items.append(
            (family.postcode, any(m.relationship == "father" for m in family.members.all()))
        )
    return _shares(items)


def _drafts(quarter):
    cutoff = timezone.now() - timedelta(days=14)
    n = sum(
        1 for d in Draft.objects.all()
        if in_quarter(d.created_at, quarter) and d.submitted_request_id is None
        and d.updated_at < cutoff
    )  # fmt: skip
    return {("medway", "Medway"): (n, n, n)}


def _searches(quarter):
    counts = Counter({("medway", "Medway"): 0})
    for s in SearchRecord.objects.all():
        if in_quarter(s.searched_on, quarter) and s.result_count == 0:
            counts[("medway", "Medway")] += 1
            town = DISTRICT_TOWN.get(s.postcode_district, ELSEWHERE)
            counts[("town", town)] += 1
    return {cut: (n, n, n) for cut, n in counts.items()}


def _cases(quarter, test):
    return _shares(
        [(c.family.postcode, test(c)) for c in Case.objects.select_related("family")
         if in_quarter(c.closed_at, quarter)]
    )  # fmt: skip


def _goals(quarter):
    scores = defaultdict(list)
    for s in GoalScore.objects.select_related("goal__plan__case__family"):
        scores[s.goal_id].append(s)
    items = []
    for goal_scores in scores.values():
        starts = sorted((s for s in goal_scores if s.review_id is None), key=lambda s: (s.at, s.id))
        reviewed = sorted(
            (s for s in goal_scores if s.review_id is not None and in_quarter(s.at, quarter)),
            key=lambda s: (s.at, s.id),
        )
        if starts and reviewed:
            postcode = reviewed[-1].goal.plan.case.family.postcode
            items.append((postcode, reviewed[-1].score > starts[0].score))
    return _shares(items)


def _feedback(question, respondent):
    def compute(quarter):
        items = []
        for a in FeedbackAnswer.objects.select_related("invitation__family"):
            value = getattr(a, question)
            if (
                in_quarter(a.answered_at, quarter)
                and a.respondent == respondent
                and value in ("yes", "partly", "no")
            ):
                items.append((a.invitation.family.postcode, value == "yes"))
        return _shares(items)

    return compute


def _confidence(quarter):
    starts_request = {
        (s.request_id, s.respondent): s.confidence
        for s in ConfidenceAtStart.objects.filter(request__isnull=False)
    }
    starts_case = {
        (s.case_id, s.respondent): s.confidence
        for s in ConfidenceAtStart.objects.filter(case__isnull=False)
    }
    items = []
    for a in FeedbackAnswer.objects.select_related("invitation__family"):
        inv = a.invitation
        if not (in_quarter(a.answered_at, quarter) and a.respondent == "parent"):
            continue
        if a.confidence is None or inv.about not in ("request", "case"):
            continue
        start = starts_request.get((inv.request_id, "parent"))
        if start is None:
            start = starts_case.get((inv.case_id, "parent"))
        if start is not None:
            items.append((inv.family.postcode, a.confidence > start))
    return _shares(items)


EXPECTED = {
    "median_days_to_start": _median_days,
    "share_declined": _declined,
    "re_requests_12_months": _re_requests,
    "fathers_reached": _fathers,
    "drafts_abandoned": _drafts,
    "searches_found_nothing": _searches,
    "cases_stepped_down": lambda q: _cases(
        q, lambda c: c.outcome == "stepped_down" or c.status == "stepped_down"
    ),
    "cases_stepped_up": lambda q: _cases(q, lambda c: c.outcome == "stepped_up"),
    "goals_improved": _goals,
    "feedback_helped": _feedback("helped", "parent"),
    "feedback_met_needs": _feedback("met_needs", "parent"),
    "feedback_respected": _feedback("respected", "parent"),
    "feedback_would_recommend": _feedback("would_recommend", "parent"),
    "children_say_helped": _feedback("helped", "child"),
    "confidence_improved": _confidence,
}
