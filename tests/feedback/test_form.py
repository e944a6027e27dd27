"""The family's form: link → form → thank you → answered; the child's own wording; every
question optional; bad input re-shown with an error; a link that does not work is one 404 page;
the comment goes through the safety layer and is encrypted at rest."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from familyhub.feedback.models import FeedbackAnswer, FeedbackInvitation
from familyhub.notifications.models import Message
from familyhub.referrals.models import StatusChange, SupportRequest
from familyhub.retention import services as retention
from familyhub.subject_access import gathering
from tests.feedback.helpers import closed_case, closed_request, sent_link

pytestmark = pytest.mark.django_db


def main_text(page) -> str:
    """What the page says (its main content, without the language links to its own path)."""
    return re.search(r"<main.*</main>", page.content.decode(), re.S).group(0)


ANSWERS = {
    "respondent": "parent",
    "helped": "yes",
    "met_needs": "partly",
    "respected": "yes",
    "would_recommend": "yes",
    "confidence": "8",
    "comment": "The group helped with bedtimes.",
}


@pytest.fixture
def link(django_capture_on_commit_callbacks):
    closed_request(django_capture_on_commit_callbacks)
    return sent_link()


def test_link_form_thank_you_answered(client, link):
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "How did it go?" in html and "Every question is optional" in html
    assert "no-store" in page["Cache-Control"]
    sent = client.post(link, ANSWERS)
    assert sent.status_code == 302 and sent["Location"].endswith("/thank-you/")
    thanks = client.get(sent["Location"])
    assert b"Thank you" in thanks.content and b"Answer as a child or young person" in thanks.content
    answer = FeedbackAnswer.objects.get()
    assert (answer.helped, answer.met_needs, answer.confidence) == ("yes", "partly", 8)
    assert answer.respondent == "parent" and answer.comment_concerns == []
    assert answer.invitation.answered_at == answer.answered_at
    # The parent has answered: the same link now asks the child, in the child's words.
    again = client.get(link).content.decode()
    assert "Tell us what you think" in again and "A parent or carer has already answered" in again


def test_every_question_is_optional_and_prefer_not_to_say_is_kept(client, link):
    assert client.post(link, {"respondent": "parent"}).status_code == 302
    answer = FeedbackAnswer.objects.get()
    assert answer.helped == "" and answer.confidence is None and not answer.comment
    child = client.post(link, {"respondent": "child", "helped": "prefer_not",
                               "confidence": "prefer_not"})  # fmt: skip
    assert child.status_code == 302
    answer = FeedbackAnswer.objects.get(respondent="child")
    assert answer.helped == "prefer_not" and answer.confidence is None
    # Both have answered: the link is used up.
    used = client.get(link)
    assert used.status_code == 404 and b"This link does not work" in used.content


def test_the_child_version_is_chosen_with_a_link_and_saved_as_the_childs(client, link):
    parent_page = client.get(link).content.decode()
    assert "Answer with simpler questions" in parent_page
    page = client.get(link + "?voice=child").content.decode()
    assert "Did the help make things better for you?" in page
    assert 'name="respondent" value="child"' in page
    client.post(link, {"respondent": "child", "helped": "yes", "confidence": "6"})
    answer = FeedbackAnswer.objects.get()
    assert answer.respondent == "child" and answer.confidence == 6


def test_bad_answers_are_shown_again_with_an_error(client, link):
    typed = "x" * 2001
    page = client.post(link, {**ANSWERS, "confidence": "11", "comment": typed})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Choose a number from 0 to 10, or none" in html
    assert "Your comment must be 2000 characters or fewer" in html or "2,000" in html
    assert typed in html and "govuk-error-summary" in html
    assert not FeedbackAnswer.objects.exists()


def test_a_link_that_does_not_work_is_one_404_page(client, link):
    unknown = client.get("/feedback/" + "a" * 40 + "/")
    short = client.get("/feedback/abc/")
    FeedbackInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(link)
    posted = client.post(link, ANSWERS)
    for page in (unknown, short, expired, posted):
        assert page.status_code == 404
        assert b"This link does not work" in page.content
    assert main_text(unknown) == main_text(expired)  # nothing tells one from the other
    assert not FeedbackAnswer.objects.exists()


def test_polish_form(client, link):
    page = client.get("/pl" + link)
    assert page.status_code == 200
    assert 'lang="pl"' in page.content.decode()
    assert "Jak poszło?" in page.content.decode()


def test_a_comment_describing_danger_gets_exit_this_page_and_the_service_is_told(client, link):
    words = "My partner hits me when he is drunk and I am scared for the children."
    page = client.post(link, {**ANSWERS, "comment": words})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Exit this page" in html and "999" in html
    answer = FeedbackAnswer.objects.get()
    assert answer.comment == words and answer.comment_concerns
    support_request = SupportRequest.objects.get()
    assert set(answer.comment_concerns) <= set(support_request.safeguarding_concerns)
    assert support_request.safeguarding_step == ""
    flagged = StatusChange.objects.filter(
        request=support_request, reason_code="safeguarding_flagged"
    )
    assert words in flagged.get().note
    assert Message.objects.filter(kind="safeguarding_concern",
                                  reference=support_request.reference).exists()  # fmt: skip


def test_danger_in_feedback_on_early_help_is_written_in_the_case_history(
    client, django_capture_on_commit_callbacks
):
    case = closed_case(django_capture_on_commit_callbacks)
    link = sent_link(reference=case.reference)
    words = "He hits me and I am frightened to go home."
    client.post(link, {"respondent": "parent", "comment": words})
    change = case.history.get(move="safety_flagged")
    assert words in change.note and "Required step" in change.note


def test_the_comment_is_encrypted_at_rest(client, link):
    client.post(link, ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM feedback_feedbackanswer")
        [(stored,)] = cursor.fetchall()
    assert stored and "bedtimes" not in stored
    assert FeedbackAnswer.objects.get().comment == ANSWERS["comment"]


def test_the_familys_feedback_is_in_its_subject_access_pack(client, link):
    client.post(link, ANSWERS)
    invitation = FeedbackInvitation.objects.get()
    held = gathering.gather(invitation.family)["feedback"]
    [asked] = held["asked"]
    assert asked["reference"] == invitation.request.reference and asked["sent_by"] == "email"
    [answer] = asked["answers"]
    assert answer["who"] == "A parent or carer"
    assert ("Did it meet your needs?", "Partly") in answer["answers"]
    assert ("How confident do you feel as a parent or carer right now?", "8") in answer["answers"]


def test_retention_removes_old_comments_and_keeps_the_answers(client, link):
    client.post(link, ANSWERS)
    answer = FeedbackAnswer.objects.get()
    soon = retention.apply_retention(now=answer.answered_at + timedelta(days=365))
    assert soon.results["feedback_comments"]["count"] == 0
    assert FeedbackAnswer.objects.get().comment == ANSWERS["comment"]
    later = retention.apply_retention(now=answer.answered_at + timedelta(days=2 * 366))
    assert later.results["feedback_comments"]["count"] == 1
    kept = FeedbackAnswer.objects.get()
    assert kept.comment is None and (kept.helped, kept.confidence) == ("yes", 8)
