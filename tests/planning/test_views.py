"""The staff pages: who may do what (own and other actions), forms that keep what was typed,
one priority's report with the rating now and at the last review, its PDF and the CSV."""

import re
import zlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from familyhub.planning import actions
from familyhub.planning.models import Consultation, Decision, RagChange
from familyhub.planning.rag import Rag
from tests.personas import person
from tests.planning.helpers import action, board

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def plan():
    today = date.today()
    lead = person("provider", first_name="Sarah", last_name="Ahmed")
    other_lead = person("provider")
    own = action(
        lead=lead,
        reference="PSS-1-1",
        title="Set up a parent forum in each locality",
        lead_role="Family Hubs Manager",
        today=today,
    )
    other = action(
        lead=other_lead, reference="PSS-1-2", title="Create a Parents' Charter", today=today
    )
    return {"lead": lead, "other_lead": other_lead, "own": own, "other": other}


def _progress(client, target, **given):
    data = {
        "text": "Rochester forum started",
        "evidence": "https://example.org/notes",
        "progress": "40",
        "status": "in_progress",
        "on": "",
        "version": target.version,
    }
    return client.post(reverse("planning:progress", args=[target.pk]), data | given)


def test_an_action_lead_updates_their_own_action_and_not_anyone_elses(client, plan):
    client.force_login(plan["lead"])
    assert client.get(reverse("planning:action", args=[plan["own"].pk])).status_code == 200
    assert client.get(reverse("planning:action", args=[plan["other"].pk])).status_code == 404
    assert client.get(reverse("planning:action", args=[999999])).status_code == 404
    assert _progress(client, plan["other"]).status_code == 404
    assert not plan["other"].updates.exists()
    response = _progress(client, plan["own"])
    assert response.status_code == 302
    assert plan["own"].updates.get().text == "Rochester forum started"
    # Not a reader: the plan, the reports and the override are not theirs.
    for name, args in [
        ("planning:plan", []),
        ("planning:priority", [plan["own"].priority_id]),
        ("planning:override", [plan["own"].pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403
    mine = client.get(reverse("planning:my_actions"))
    assert "PSS-1-1" in mine.text and "PSS-1-2" not in mine.text


def test_a_board_member_reads_everything_but_changes_nothing(client, plan):
    client.force_login(person("board_member"))
    assert client.get(reverse("planning:action", args=[plan["other"].pk])).status_code == 200
    assert client.get(reverse("planning:plan")).status_code == 200
    assert _progress(client, plan["own"]).status_code == 404
    response = client.post(
        reverse("planning:override", args=[plan["own"].pk]),
        {"rating": "red", "reason": "x", "version": 1},
    )
    assert response.status_code == 403
    assert not plan["own"].updates.exists()


def test_a_progress_form_with_mistakes_is_shown_again_with_what_was_typed(client, plan):
    client.force_login(plan["lead"])
    response = _progress(client, plan["own"], progress="lots", text="Half the forums running")
    assert response.status_code == 400
    assert "Enter how much is done as a whole number" in response.text
    assert "Half the forums running" in response.text
    assert 'href="#progress"' in response.text
    response = _progress(client, plan["own"], on=(date.today() + timedelta(days=3)).isoformat())
    assert response.status_code == 400 and "cannot be in the future" in response.text


def test_the_strategy_lead_overrides_only_with_a_reason(client, plan):
    client.force_login(person("strategy_lead"))
    url = reverse("planning:override", args=[plan["own"].pk])
    response = client.post(url, {"rating": "red", "reason": "", "version": plan["own"].version})
    assert response.status_code == 400
    assert "Give the reason for overriding the rating" in response.text
    plan["own"].refresh_from_db()
    assert plan["own"].rag == Rag.GREEN
    response = client.post(
        url, {"rating": "red", "reason": "Venue lost", "version": plan["own"].version}
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:action", args=[plan["own"].pk]))
    assert "Venue lost" in page.text and "Overridden by the strategy lead" in page.text


def test_the_strategy_lead_adds_and_changes_an_action_with_measures_and_gaps(client, plan):
    client.force_login(person("strategy_lead"))
    url = reverse("planning:new_action", args=[plan["own"].priority_id])
    data = {
        "reference": "pss-1-9",
        "title": "Parent forum on the Hoo Peninsula",
        "lead": plan["lead"].pk,
        "lead_role": "Family Hubs Manager",
        "organisation": "",
        "start": "1 4 2026",
        "deadline": "1 4 2027",
        "review_date": "",
        "measure_keys": "parents-feel-listened-to\n",
        "gaps": "sleep, Hoo Peninsula",
    }
    response = client.post(url, data | {"gaps": "sleep, Maidstone"})
    assert response.status_code == 400 and "is not a Medway town" in response.text
    response = client.post(url, data | {"measure_keys": "Not A Key"})
    assert response.status_code == 400 and "small letters" in response.text
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "PSS-1-9" in page.text and "parents-feel-listened-to" in page.text
    assert "Hoo Peninsula" in page.text


def _last_review_then_progress(plan):
    actions.record_review(board(), held_on=date.today() - timedelta(days=1))
    meeting = actions.add_meeting(board(), held_on=date.today() - timedelta(days=1))
    actions.add_decision(
        meeting, kind=Decision.Kind.NEEDED, text="Fund a Rainham venue", action=plan["own"]
    )
    actions.override_rating(plan["own"].pk, by=None, rating="amber", reason="Venue at risk")


def test_the_priority_report_shows_the_rating_now_and_at_the_last_review(client, plan):
    _last_review_then_progress(plan)
    client.force_login(person("board_member"))
    page = client.get(reverse("planning:priority", args=[plan["own"].priority_id]))
    assert page.status_code == 200
    card = page.text.split('id="action-PSS-1-1"')[1].split('id="action-PSS-1-2"')[0]
    assert re.search(r"Rating now.*Amber", card, re.S)
    assert re.search(r"At last review.*Green.*changed", card, re.S)
    assert "Venue at risk" in card
    assert "Fund a Rainham venue" in page.text  # decisions needed
    assert "@media print" in page.text  # printable


def _pdf_text(data: bytes) -> str:
    """The text in a PDF's content streams (fpdf2 compresses them with zlib)."""
    text = ""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            text += stream.decode("latin-1")
    return text


def test_the_priority_report_as_a_pdf(client, plan):
    _last_review_then_progress(plan)
    client.force_login(person("strategy_lead"))
    response = client.get(reverse("planning:priority_pdf", args=[plan["own"].priority_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Priority 1: Engagement" in text
    assert "Set up a parent forum in each locality" in text
    assert "Fund a Rainham venue" in text


def test_the_actions_csv_is_safe_to_open_in_a_spreadsheet(client, plan):
    actions.edit_action(plan["own"].pk, by=None, title='=HYPERLINK("http://bad")')
    client.force_login(person("data_manager"))
    response = client.get(reverse("planning:actions_csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Strategy,Priority,Reference,Action,Lead")
    assert len(lines) == 3
    assert "'=HYPERLINK" in lines[1]
    assert "Sarah Ahmed" in lines[1] and "Green" in lines[1]


def test_a_meeting_with_a_review_keeps_ratings_and_decisions(client, plan):
    client.force_login(person("strategy_lead"))
    response = client.post(
        reverse("planning:new_meeting"),
        {
            "group": board().pk,
            "held_on": "1 6 2026",
            "papers": "https://example.org/p.pdf",
            "notes": "",
            "review": "on",
        },
    )
    assert response.status_code == 302
    decision_url = response.url + "record/"
    assert client.post(decision_url, {"kind": "", "text": ""}).status_code == 400
    response = client.post(
        decision_url, {"kind": "decision", "text": "Charter approved", "action": plan["own"].pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:meeting", args=[response.url.split("/")[-2]]))
    assert "Charter approved" in page.text and "The plan was reviewed" in page.text
    governance = client.get(reverse("planning:governance"))
    assert "1 June 2026" in governance.text


def test_the_plan_page_flags_overdue_actions(client):
    today = date.today()
    late = action(
        reference="PSS-3-1",
        today=today,
        start=today - timedelta(days=50),
        deadline=today - timedelta(days=2),
    )
    assert late.rag == Rag.RED
    client.force_login(person("administrator"))
    page = client.get(reverse("planning:plan"))
    row = page.text.split("PSS-3-1")[1].split("</tr>")[0]
    assert "Overdue" in row and "Red" in row
    assert RagChange.objects.filter(action=late).exists()


def test_the_strategy_lead_records_a_forum_meeting_and_a_new_charter_version(client):
    from familyhub.planning.demo import CHARTER
    from familyhub.planning.models import CharterVersion, ForumMeeting

    client.force_login(person("strategy_lead"))
    url = reverse("planning:new_forum_meeting")
    data = {
        "locality": "Hoo Peninsula",
        "held_on": "3 11 2026",
        "venue": "Community Trust",
        "attended": "6",
        "topics": "Getting to services",
        "heard": "Buses are rare",
    }
    assert client.post(url, data | {"locality": "Maidstone"}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert ForumMeeting.objects.get().locality == "Hoo Peninsula"
    actions.publish_charter_version(
        approved_on=date(2026, 4, 1), approved_by="The board", **CHARTER
    )
    url = reverse("planning:new_charter_version")
    form = client.get(url)
    assert "We will not judge you." in form.text  # starts from the current version
    response = client.post(
        url,
        {
            "introduction": "Version two.",
            "you_can_expect": "Fairness\n\nRespect\n",
            "we_ask": "Be on time",
            "introduction_pl": "",
            "you_can_expect_pl": "",
            "we_ask_pl": "",
            "approved_on": "1 9 2026",
            "approved_by": "Early Help Partnership Board",
        },
    )
    assert response.status_code == 302
    first, second = CharterVersion.objects.order_by("number")
    assert second.number == 2 and second.you_can_expect == ["Fairness", "Respect"]
    assert first.you_can_expect == CHARTER["you_can_expect"]  # kept as it was


def test_a_consultation_is_recorded_or_refused_with_what_was_typed_kept(client):
    client.force_login(person("strategy_lead"))
    url = reverse("planning:new_consultation")
    typed = {"kind": Consultation.Kind.choices[0][0], "title": "Summer survey",
             "question": "What helps?", "audience": "Parents in Chatham",
             "starts": "10/07/2026", "ends": "01/07/2026", "took_part": "12"}  # fmt: skip
    refused = client.post(url, typed)
    assert refused.status_code == 400
    assert "The end must be on or after the start" in refused.content.decode()
    assert 'value="Summer survey"' in refused.content.decode()
    assert not Consultation.objects.exists()

    done = client.post(url, typed | {"ends": "31/07/2026"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("planning:coproduction")
    assert "Consultation recorded." in done.content.decode()
    assert Consultation.objects.get().title == "Summer survey"
