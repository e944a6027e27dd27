"""The annual report: each figure recomputed here from the rows of one year (April to March),
small counts hidden, the PDF, a bad year answered with a 400, and only the plan's readers."""

import statistics
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.families.models import Family
from familyhub.feedback.models import (
    QUESTIONS,
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    FeedbackInvitation,
    Respondent,
    Scale,
)
from familyhub.planning import actions, annual
from familyhub.planning.models import (
    Action,
    CharterFeedback,
    Decision,
    Group,
    ProgressUpdate,
)
from familyhub.referrals.models import Consent, SupportRequest
from familyhub.referrals.states import Outcome, Status
from tests.factories import ServiceFactory
from tests.personas import person
from tests.planning.helpers import action, board, priority

pytestmark = pytest.mark.django_db

YEAR = annual.PartnershipYear(2025)  # 1 April 2025 to 31 March 2026
SMALL_YEAR = annual.PartnershipYear(2024)


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def _at(day: date, hour=10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


# --- the plan and the parents' records ------------------------------------------------------


def _complete(target, on):
    actions.record_progress(
        target.pk, by=None, text="Done", progress=100, status="complete", on=on, today=on
    )


@pytest.fixture
def records():
    first = priority(1, "Engagement")
    second = priority(2, "Universal")
    made = {
        "done_in_year": action(
            reference="PSS-1-1", of=first, start=date(2025, 5, 1), today=date(2025, 5, 1)
        ),
        "done_before": action(
            reference="PSS-1-2", of=first, start=date(2024, 5, 1), today=date(2024, 5, 1)
        ),
        "starts_after": action(
            reference="PSS-1-3",
            of=first,
            start=date(2026, 6, 1),
            deadline=date(2026, 12, 1),
            today=date(2026, 6, 1),
        ),
        "due_next_year": action(
            reference="PSS-2-1",
            of=second,
            start=date(2025, 1, 10),
            deadline=date(2026, 9, 30),
            today=date(2025, 1, 10),
        ),
        "due_later": action(
            reference="PSS-2-2",
            of=second,
            start=date(2025, 6, 1),
            deadline=date(2027, 6, 1),
            today=date(2025, 6, 1),
        ),
    }
    _complete(made["done_in_year"], date(2025, 10, 1))
    _complete(made["done_before"], date(2025, 2, 1))
    actions.record_progress(
        made["due_next_year"].pk,
        by=None,
        text="Forums in three towns",
        progress=40,
        status="in_progress",
        on=date(2025, 8, 1),
        today=date(2025, 8, 1),
    )
    # The board's meetings, in the year and not; a sub-group's.
    in_year = actions.add_meeting(board(), held_on=date(2025, 7, 10))
    actions.add_decision(in_year, kind="decision", text="Adopt the Parent's Charter")
    actions.add_decision(in_year, kind="action", text="Report forums by town", priority=first)
    actions.add_decision(in_year, kind="needed", text="Agree the budget")
    after = actions.add_meeting(board(), held_on=date(2026, 5, 1))
    actions.add_decision(after, kind="decision", text="Next year's decision")
    steering = Group.objects.create(name="Steering group", kind=Group.Kind.SUBGROUP)
    sub = actions.add_meeting(steering, held_on=date(2025, 9, 1))
    actions.add_decision(sub, kind="decision", text="A sub-group's decision")
    actions.record_review(board(), held_on=date(2025, 7, 10), meeting=in_year)
    # Co-production.
    consultation = dict(kind="consultation", question="What would help?", audience="Parents")
    made["spring"] = actions.add_consultation(
        title="Spring survey",
        starts=date(2025, 3, 1),
        ends=date(2025, 4, 15),
        took_part=40,
        **consultation,
    )
    made["tiny"] = actions.add_consultation(
        title="Dads' evening", starts=date(2025, 9, 1), ends=date(2025, 9, 1), took_part=3,
        **consultation,
    )  # fmt: skip
    made["autumn"] = actions.add_consultation(
        title="Autumn listening", starts=date(2025, 11, 1), ends=date(2025, 11, 30), took_part=12,
        **consultation,
    )  # fmt: skip
    actions.add_consultation(
        title="Old survey", starts=date(2024, 5, 1), ends=date(2024, 6, 1), took_part=90,
        **consultation,
    )  # fmt: skip
    actions.add_you_said_we_did(
        you_said="Evening sessions", we_did="Tuesday evenings in Strood", on=date(2025, 12, 1)
    )
    actions.add_you_said_we_did(you_said="Old ask", we_did="Old answer", on=date(2025, 3, 1))
    forum = dict(venue="Family hub", topics="Summer holidays")
    actions.add_forum_meeting(locality="Chatham", held_on=date(2025, 5, 5), attended=8, **forum)
    actions.add_forum_meeting(locality="Chatham", held_on=date(2025, 11, 5), attended=7, **forum)
    actions.add_forum_meeting(locality="Strood", held_on=date(2026, 1, 5), attended=3, **forum)
    actions.add_forum_meeting(locality="Rainham", held_on=date(2026, 4, 5), attended=20, **forum)
    for day in (date(2025, 6, 1), date(2025, 8, 1), date(2026, 2, 1), date(2026, 6, 1)):
        note = actions.charter_not_met(what_happened="Nobody called back")
        CharterFeedback.objects.filter(pk=note.pk).update(created_at=_at(day))
    return made


def test_the_plan_in_numbers_is_recomputed_from_the_rows(records):
    report = annual.annual_report(YEAR, today=date(2026, 12, 6))
    # Independently: the actions started by the year's end and not completed before its start.
    completed_on = {}
    for update in ProgressUpdate.objects.filter(status="complete"):
        completed_on[update.action_id] = max(
            update.on, completed_on.get(update.action_id, update.on)
        )
    in_plan = [
        a
        for a in Action.objects.all()
        if a.start <= date(2026, 3, 31)
        and not (a.pk in completed_on and completed_on[a.pk] < date(2025, 4, 1))
    ]
    assert sorted(a.reference for a in in_plan) == ["PSS-1-1", "PSS-2-1", "PSS-2-2"]
    figures = {row.priority.number: row for _s, rows in report.plan for row in rows}
    for number, row in figures.items():
        mine = [a for a in in_plan if a.priority.number == number]
        assert sorted(a.reference for a in row.actions) == sorted(a.reference for a in mine)
        for value, _label, count in row.by_rag:
            assert count == sum(1 for a in mine if a.rag == value)
        for value, _label, count in row.by_status:
            assert count == sum(1 for a in mine if a.status == value)
    assert [a.reference for a in figures[1].completed] == ["PSS-1-1"]
    assert figures[2].completed == []
    assert report.totals["actions"] == 3 and report.totals["completed"] == 1
    assert dict((v, c) for v, _l, c in figures[2].by_status) == {
        "not_started": 1,
        "in_progress": 1,
        "complete": 0,
    }
    # The board's decisions (not "needed", not a sub-group's, not another year's), its review.
    expected = Decision.objects.filter(
        meeting__group__kind="board",
        meeting__held_on__range=(date(2025, 4, 1), date(2026, 3, 31)),
    ).exclude(kind="needed")
    assert [d.text for d in report.decisions] == [d.text for d in expected.order_by("id")]
    assert [d.text for d in report.decisions] == [
        "Adopt the Parent's Charter",
        "Report forums by town",
    ]
    assert [r.held_on for r in report.reviews] == [date(2025, 7, 10)]
    # What is next: not complete, due from 1 April 2026 to 31 March 2027.
    assert [a.reference for a in report.next_actions] == ["PSS-2-1", "PSS-1-3"]
    assert report.complete


def test_what_parents_told_us_is_recomputed_and_small_counts_hidden(records):
    parents = annual.annual_report(YEAR, today=date(2026, 12, 6)).parents
    took_part = {c.title: n for c, n in parents.consultations}
    # Spring overlaps the year's start; the old survey does not; 3 is hidden, and 12 beside it.
    assert list(took_part) == ["Spring survey", "Dads' evening", "Autumn listening"]
    assert took_part == {"Spring survey": 40, "Dads' evening": None, "Autumn listening": None}
    assert parents.took_part == 40 + 3 + 12
    assert [e.you_said for e in parents.you_said] == ["Evening sessions"]
    forums = {town: (meetings, people) for town, meetings, people in parents.forums}
    assert forums["Chatham"][0] == 2 and forums["Strood"][0] == 1 and forums["Rainham"][0] == 0
    assert forums["Strood"][1] is None  # 3 parents
    assert forums["Chatham"][1] is None  # else 18 − 15 would give the 3 away
    assert forums["Gillingham"] == (0, 0)
    assert parents.forum_meetings == 3 and parents.forum_parents == 8 + 7 + 3
    assert parents.charter_not_met is None  # 3 in the year: hidden
    page_year = annual.annual_report(annual.PartnershipYear(2026), today=date(2026, 12, 6))
    assert page_year.parents.charter_not_met is None  # 1
    for _ in range(3):
        note = actions.charter_not_met(what_happened="No interpreter")
        CharterFeedback.objects.filter(pk=note.pk).update(created_at=_at(date(2025, 9, 10)))
    assert annual.parents_views(YEAR).charter_not_met == 6


# --- family feedback: demo-like rows ----------------------------------------------------------


def _request(service, day):
    family = Family.objects.create(postcode="ME4 4TR", contact_email="f@example.org")
    consent = Consent.objects.create(
        family=family,
        given_by_name="Demo parent",
        given_by=Consent.GivenBy.FAMILY,
        given_at=_at(day),
        wording_version="test",
        privacy_notice_version="test",
    )
    return SupportRequest.objects.create(
        idempotency_key=uuid.uuid4(),
        family=family,
        service=service,
        consent=consent,
        status=Status.CLOSED,
        submitted_at=_at(day),
        status_changed_at=_at(day),
        receive_by=day,
        decide_by=day,
        ended_at=_at(day),
        outcome=Outcome.NEEDS_MET,
    )


def _asked(service, day, *, answers=None, start=None, end=None, child=False):
    """A closed request asked about on `day`; answered (on the same day) when `answers` is given
    ({question: answer}); with the confidence question at the start and the end."""
    support_request = _request(service, day - timedelta(days=60))
    if start is not None:
        ConfidenceAtStart.objects.create(
            family=support_request.family,
            request=support_request,
            confidence=start,
            asked_at=_at(day - timedelta(days=60)),
        )
    invitation = FeedbackInvitation.objects.create(
        about=About.REQUEST,
        family=support_request.family,
        request=support_request,
        service=service,
        token_hash=uuid.uuid4().hex,
        created_at=_at(day),
        sent_at=_at(day),
        channel="email",
        expires_at=_at(day + timedelta(days=28)),
        answered_at=_at(day, 15) if answers is not None else None,
    )
    if answers is not None:
        FeedbackAnswer.objects.create(
            invitation=invitation, answered_at=_at(day, 15), confidence=end, **answers
        )
        if child:
            FeedbackAnswer.objects.create(
                invitation=invitation,
                respondent=Respondent.CHILD,
                answered_at=_at(day, 16),
                helped=Scale.YES,
                met_needs=Scale.YES,
                respected=Scale.NO,
                would_recommend=Scale.YES,
                confidence=7,
            )
    return invitation


@pytest.fixture
def feedback_year():
    """2025–26: 15 asked, 10 answered (and a child beside one), 6 with confidence at both ends;
    2024–25 (the small year): 3 asked, 2 answered with confidence at both ends."""
    service = ServiceFactory()
    day = date(2025, 6, 2)
    helped = [Scale.YES] * 4 + [Scale.PARTLY] * 3 + [Scale.NO] * 2 + [Scale.PREFER_NOT]
    respected = [Scale.YES] * 2 + [Scale.NO] * 7 + [""]
    recommend = [Scale.YES] * 7 + [Scale.PREFER_NOT] + ["", ""]
    confidence = [(3, 5), (4, 7), (5, 6), (6, 6), (2, 6), (4, 6)]
    for i in range(10):
        start, end = confidence[i] if i < len(confidence) else (None, 6)
        _asked(
            service,
            day + timedelta(days=20 * i),
            answers={
                "helped": helped[i],
                "met_needs": Scale.YES,
                "respected": respected[i],
                "would_recommend": recommend[i],
            },
            start=start,
            end=end,
            child=i == 0,
        )
    for i in range(5):
        _asked(service, day + timedelta(days=15 * i))
    # Outside the year: the March before, and the April after.
    _asked(service, date(2025, 3, 30), answers={"helped": Scale.NO}, start=9, end=1)
    _asked(service, date(2026, 4, 1), answers={"helped": Scale.NO}, start=9, end=1)
    _asked(service, date(2024, 9, 1))
    return service


def test_family_feedback_figures_are_recomputed_from_the_rows(feedback_year):
    figures = annual.feedback_figures(YEAR)
    start, end = _at(date(2025, 4, 1), 0), _at(date(2026, 4, 1), 0)
    asked = FeedbackInvitation.objects.filter(created_at__gte=start, created_at__lt=end)
    answered = [i for i in asked if i.answered_at is not None]
    assert (figures.invited, figures.answered) == (asked.count(), len(answered)) == (15, 10)
    assert figures.rate == round(100 * 10 / 15) == 67
    given = list(FeedbackAnswer.objects.filter(answered_at__gte=start, answered_at__lt=end))
    assert figures.answers == len(given) == 11
    shares = {share.key: share for share in figures.shares}
    assert list(shares) == list(QUESTIONS)
    for question in QUESTIONS:
        said = [getattr(a, question) for a in given]
        counted = sum(1 for s in said if s in ("yes", "partly", "no"))
        yes = sum(1 for s in said if s == "yes")
        if question == "respected":  # 2 said yes (the child said no): hidden
            assert yes == 2 and shares[question].percent is None
            continue
        assert shares[question].counted == counted
        assert shares[question].percent == round(100 * yes / counted)
    assert shares["helped"].percent == 50  # 5 of 10: the child's yes; "prefer not" left out
    assert shares["met_needs"].percent == 100
    # Confidence: each parent's answer against the same request's start.
    pairs = []
    for answer in given:
        if answer.respondent != "parent" or answer.confidence is None:
            continue
        at_start = ConfidenceAtStart.objects.filter(request=answer.invitation.request).first()
        if at_start:
            pairs.append(answer.confidence - at_start.confidence)
    assert figures.pairs == len(pairs) == 6
    assert figures.median_change == statistics.median(pairs) == 2


def test_small_feedback_figures_are_hidden(feedback_year):
    service = feedback_year
    _asked(service, date(2024, 10, 1), answers={"helped": Scale.YES}, start=2, end=8)
    _asked(service, date(2024, 11, 1), answers={"helped": Scale.YES}, start=3, end=9)
    figures = annual.feedback_figures(SMALL_YEAR)
    assert FeedbackInvitation.objects.filter(
        created_at__gte=_at(date(2024, 4, 1), 0), created_at__lt=_at(date(2025, 4, 1), 0)
    ).count() == 4  # fmt: skip
    assert figures.invited is None and figures.answered is None and figures.rate is None
    assert figures.answers is None
    assert all(share.percent is None for share in figures.shares)
    assert figures.pairs is None and figures.median_change is None


# --- the pages ----------------------------------------------------------------------------------


def test_the_page_and_pdf_show_the_year_and_hide_small_counts(client, records, feedback_year):
    client.force_login(person("board_member"))
    url = reverse("planning:annual_report")
    page = client.get(url, {"year": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Annual report 2025–26" in html
    assert "Adopt the Parent&#x27;s Charter" in html and "Agree the budget" not in html
    assert "Tuesday evenings in Strood" in html and "Old answer" not in html
    assert "Dads&#x27; evening" in html and "fewer than 5" in html
    assert "67%" in html and "2 points, from 6 answers" in html
    assert "PSS-2-1" in html
    assert "no-store" in page["Cache-Control"]
    polish = client.get("/pl" + url, {"year": "2025"}).content.decode()
    assert "Sprawozdanie roczne 2025–26" in polish and "67%" in polish
    assert "Co powiedzieli nam rodzice" in polish and "%(" not in polish
    pdf = client.get(reverse("planning:annual_pdf"), {"year": "2025"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "annual-report-2025-26.pdf" in pdf["Content-Disposition"]
    # With no year: the current one; the plan page links to the report.
    current = annual.year_of(timezone.localdate())
    assert f"{current}–{(current + 1) % 100:02d}" in client.get(url).content.decode()
    assert url in client.get(reverse("planning:plan")).content.decode()


@pytest.mark.parametrize("given", ["abc", "2020", "1999", "3000", "2025-26", "٢٠٢٥", " ", "20256"])
def test_a_bad_year_is_a_400_with_a_clear_error(client, given):
    client.force_login(person("strategy_lead"))
    for name in ("planning:annual_report", "planning:annual_pdf"):
        response = client.get(reverse(name), {"year": given})
        if not given.strip():  # blank: the current year
            assert response.status_code == 200
            continue
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html and "There is a problem" in html
        assert ("4 digits" in html) or ("only for the years starting in 2021" in html)


def test_the_year_asked_for_and_the_default():
    assert annual.parse_year("", today=date(2027, 3, 31)).first == 2026
    assert annual.parse_year(None, today=date(2026, 4, 1)).first == 2026
    assert annual.parse_year("2021", today=date(2026, 4, 1)).label == "2021–22"
    with pytest.raises(annual.BadYear):
        annual.parse_year("2027", today=date(2027, 3, 31))
    year = annual.PartnershipYear(2099)
    assert (year.start, year.end, year.label) == (date(2099, 4, 1), date(2100, 3, 31), "2099–00")


@pytest.mark.parametrize(
    ("role", "reaches"),
    [
        ("strategy_lead", True),
        ("board_member", True),
        ("data_manager", True),
        ("administrator", True),
        ("analyst", False),
        ("practitioner", False),
        ("content_editor", False),
        ("parent", False),
    ],
)
def test_only_the_plans_readers_reach_the_report(client, role, reaches):
    client.force_login(person(role))
    for name in ("planning:annual_report", "planning:annual_pdf"):
        status = client.get(reverse(name)).status_code
        assert (status == 200) is reaches
        if not reaches:
            assert status in (403, 404)


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("planning:annual_report"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
