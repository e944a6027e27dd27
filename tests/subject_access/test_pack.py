"""Everything held on a family record, made the real way (requests, moves with notes, a
safeguarding step, messages, a one-time code, equality answers, an account, an unsent draft,
an earlier record merged in, views by staff): the gathered data, the HTML pack and the JSON
pack hold every section with the real data, no one-time code and nothing of another family."""

import json
from datetime import date

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.families.services import add_account_holder, update_equality
from familyhub.notifications.messages import KINDS
from familyhub.notifications.models import Message
from familyhub.referrals import safeguarding, tracking
from familyhub.referrals.actions import merge_family_records, move_request
from familyhub.referrals.models import Draft
from familyhub.referrals.privacy import PRIVACY_NOTICE_VERSION
from familyhub.subject_access import gathering, packs, recipients
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Checked with the health visitor before deciding."
FOR_FAMILY = "We only work with families who live in Gillingham."
DISCLOSURE = "My ex said he would kill him… I am scared for his safety tonight."
DRAFT_WORDS = "Started but never sent: toilet training."


@pytest.fixture
def held(families, client):
    first = families.first
    family = first.family
    provider = person(Role.PROVIDER, organisation=families.service.organisation)
    provider.first_name, provider.last_name = "Pat", "Provider"
    provider.save()
    parent = person("parent", email="sam.account@example.org")
    add_account_holder(family, parent, by=parent, how="reference and one-time code")
    update_equality(family.main_contact, {"ethnicity": "white", "religion": "christian"},
                    by=parent)  # fmt: skip
    move_request(first.id, "receive", by=provider)
    move_request(first.id, "decline", by=provider, reason="other", note=STAFF_NOTE,
                 reason_for_family=FOR_FAMILY)  # fmt: skip
    flagged = make_request(families.service, worries=DISCLOSURE)
    assert flagged.family_id == family.pk
    safeguarding.record_step(flagged.id, "dsl", note="Our lead is acting on it.", by=provider)
    tracking.send_code(first.reference)
    code = Message.objects.get(kind="tracking_code").personalisation["code"]
    Draft.objects.create(user=parent, service=families.service, answers={
        "who": "family", "worries": DRAFT_WORDS, "family_id": str(family.pk),
        "children": [{"first_name": "Alex", "last_name": "Parent"}],
    })  # fmt: skip
    earlier = make_request(
        families.service,
        contact={"contact_email": "sam.old@example.org", "preferred_contact": "email",
                 "safe_to_email": True},
    ).family  # fmt: skip
    assert earlier.pk != family.pk
    merge_family_records(family, earlier, by=None)
    client.force_login(provider)
    assert client.get(reverse("referrals:staff_request", args=[first.reference])).status_code == 200
    family.refresh_from_db()
    return {"family": family, "first": first, "flagged": flagged, "code": code,
            "earlier": earlier, "other": families.second}  # fmt: skip


def test_every_kind_of_message_is_placed(held):
    groups = [recipients.TO_FAMILY, recipients.TO_REFERRER, recipients.TO_SERVICE,
              recipients.NOT_ABOUT_A_FAMILY]  # fmt: skip
    assert set().union(*groups) == set(KINDS)
    assert sum(len(group) for group in groups) == len(KINDS)


def test_gather_holds_every_section_with_the_real_data(held):
    data = gathering.gather(held["family"])
    assert set(data) == {"about", "family_record", "earlier_records", "requests", "messages",
                         "drafts", "feedback", "early_help", "programmes", "peer_support",
                         "accounts", "audit"}  # fmt: skip
    record = data["family_record"]
    assert record["postcode"] == "ME4 4TR"
    people = {(p["first_name"], p["relationship"], p["date_of_birth"]) for p in record["people"]}
    assert ("Alex", "Child", date(2021, 5, 4)) in people and ("Sam", "Mother", None) in people
    mother = next(p for p in record["people"] if p["first_name"] == "Sam")
    assert mother["equality_answers"] == {
        "What is their ethnic group?": "White",
        "What is their religion?": "Christian",
    }
    assert record["contact"]["email"] == "sam@example.org"
    assert record["contact"]["phone"] == "07700 900123"
    assert record["contact"]["safe_ways"] == ["Text message", "Email"]
    assert record["contact"]["safe_times"] == "After 10am"

    assert [r["contact"]["email"] for r in data["earlier_records"]] == ["sam.old@example.org"]
    assert data["earlier_records"][0]["merged_into"] == str(held["family"].pk)

    references = [r["reference"] for r in data["requests"]]
    assert held["first"].reference in references and held["flagged"].reference in references
    first = next(r for r in data["requests"] if r["reference"] == held["first"].reference)
    assert first["answers"]["worries"] == "Bedtimes are a battle every night."
    assert first["status"] == "Not accepted"
    assert first["reason_for_family"] == FOR_FAMILY
    assert first["consent"]["given_by_name"] == "Sam Parent"
    assert first["consent"]["privacy_notice_version"] == PRIVACY_NOTICE_VERSION
    assert first["consent"]["privacy_notice_link"].endswith(
        f"/privacy/requests/{PRIVACY_NOTICE_VERSION}/"
    )
    assert [c["to_status"] for c in first["history"]] == ["Sent", "Received", "Not accepted"]
    assert first["history"][-1]["note"] == STAFF_NOTE
    assert first["history"][-1]["by"] == "Pat Provider"
    flagged = next(r for r in data["requests"] if r["reference"] == held["flagged"].reference)
    assert flagged["safeguarding"]["step"].startswith("Spoke to our designated safeguarding lead")
    assert "Safeguarding step recorded" in [c["reason"] for c in flagged["history"]]

    kinds = {(m["about"], m["what"], m["to"]) for m in data["messages"]}
    assert (held["first"].reference, f"Your code to see request {held['first'].reference}",
            "the family") in kinds  # fmt: skip
    assert (held["first"].reference,
            f"Your request for support has been sent ({held['first'].reference})",
            "the family") in kinds  # fmt: skip
    assert any(m["to"] == "the service (or the early help team)" for m in data["messages"])
    to_family = [m for m in data["messages"] if m["to"] == "the family"]
    assert to_family and all(m["address"] == "s•••@example.org" for m in to_family)

    assert [d["answers"]["worries"] for d in data["drafts"]] == [DRAFT_WORDS]
    assert "family_id" not in data["drafts"][0]["answers"]
    assert [a["email"] for a in data["accounts"]] == ["sam.account@example.org"]

    trail = data["audit"]
    assert any(e["who"] == "Pat Provider" and e["role"] == "Provider staff"
               and e["action"] == "Viewed" for e in trail)  # fmt: skip
    assert any(e["action"] == "Merged" for e in trail)
    assert "merged into family record this record" in [e["detail"] for e in trail], (
        "the earlier record's own trail is included"
    )
    assert "equality answers (Sam Parent)" in [e["detail"] for e in trail]


def test_an_audit_detail_names_no_other_familys_record(held):
    from familyhub.audit import services as audit

    audit.record(None, "change", held["family"], detail=f"compared with {held['other'].family_id}")
    details = [e["detail"] for e in gathering.gather(held["family"])["audit"]]
    assert "compared with another record" in details
    assert not any(str(held["other"].family_id) in detail for detail in details)


def _every_secret_and_other_family(held) -> list[str]:
    other = held["other"]
    return [
        held["code"],
        other.reference,
        "sam.other@example.org",
        "07700 900999",
        "The other family's worry",
        "ME7 1XY",
        str(other.family_id),
    ]


def test_the_html_pack_is_readable_whole_and_holds_no_code_and_no_other_family(held):
    html = packs.as_html(gathering.gather(held["family"]))
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and 'rel="stylesheet"' not in html and "src=" not in html
    for heading, about in ((str(h), str(a)) for _k, h, a in packs.SECTIONS):
        assert heading.replace("'", "&#x27;") in html
        assert about.replace("'", "&#x27;") in html
    for fact in ("Bedtimes are a battle every night.", STAFF_NOTE, FOR_FAMILY,
                 "Our lead is acting on it.", PRIVACY_NOTICE_VERSION, DRAFT_WORDS,
                 "sam.account@example.org", "sam.old@example.org", "Pat Provider",
                 f"Your code to see request {held['first'].reference}", "White",
                 "complain to the Information Commissioner"):  # fmt: skip
        assert fact.replace("'", "&#x27;") in html, fact
    for secret in _every_secret_and_other_family(held):
        assert secret not in html, secret
    assert "service@example.org" not in html, "a staff mailbox is not the family's to see"


def test_the_json_pack_is_json_with_the_same_content_and_no_code(held):
    data = gathering.gather(held["family"])
    text = packs.as_json(data)
    document = json.loads(text)
    assert set(document) == {"sections", "about", "family_record", "earlier_records",
                             "requests", "messages", "drafts", "feedback", "early_help",
                             "programmes", "peer_support", "accounts", "audit"}  # fmt: skip
    assert set(document["sections"]) == {key for key, _h, _a in packs.SECTIONS}
    assert len(document["requests"]) == len(data["requests"]) == 3
    first = next(r for r in document["requests"] if r["reference"] == held["first"].reference)
    assert first["history"][-1]["note"] == STAFF_NOTE
    sent = next(r for r in data["requests"] if r["reference"] == first["reference"])
    assert first["submitted_at"].startswith(sent["submitted_at"].strftime("%Y-%m-%dT%H:%M:%S"))
    people = document["family_record"]["people"]
    assert {"first_name": "Alex", "date_of_birth": "2021-05-04"}.items() <= next(
        p for p in people if p["first_name"] == "Alex"
    ).items()
    for secret in _every_secret_and_other_family(held):
        assert secret not in text, secret


def test_the_file_is_named_by_the_first_reference_and_the_date_never_the_name(held):
    data = gathering.gather(held["family"])
    name = packs.file_name(data, "html")
    assert name.startswith(f"subject-access-{data['requests'][0]['reference']}-")
    assert name.endswith(".html") and "Parent" not in name and "Sam" not in name


def test_a_record_with_no_request_is_named_by_its_id(db):
    from familyhub.families.models import Family

    family = Family.objects.create(postcode="ME4 4TR")
    data = gathering.gather(family)
    assert packs.file_name(data, "json").startswith(f"subject-access-record-{str(family.pk)[:8]}-")
    assert data["requests"] == data["messages"] == data["drafts"] == data["audit"] == []


def test_draft_answers_read_as_rows():
    rows = packs.answer_rows({"contact": {"contact_email": "a@example.org", "safe_to_email": True},
                              "children": [{"first_name": "Alex"}], "tried": ""})  # fmt: skip
    assert rows == [
        ("Contact › Contact email", "a@example.org"),
        ("Contact › Safe to email", "Yes"),
        ("Children › 1 › First name", "Alex"),
    ]
