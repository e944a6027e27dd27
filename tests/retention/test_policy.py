"""The policy file: the shipped one is complete and valid; a bad one is refused when read and
by the system check, with a message that names the entry and what is wrong."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from familyhub.retention.checks import check_retention_policy
from familyhub.retention.kinds import KINDS
from familyhub.retention.policy import PolicyError, load_policy, policy_file, read_policy

SHIPPED = json.loads(policy_file().read_text())


def with_change(change):
    data = copy.deepcopy(SHIPPED)
    change(data)
    return data


def rule(data, kind):
    return next(entry for entry in data["kinds"] if entry["kind"] == kind)


def test_the_shipped_policy_has_one_rule_for_every_kind_the_code_knows():
    policy = load_policy()
    assert set(policy.rules) == set(KINDS)
    assert policy["drafts"].keep_for == "7 days" and policy["drafts"].then == "delete"
    assert policy["families"].keep_for == "7 years" and policy["families"].then == "anonymise"
    assert policy["requests"].option("safeguarding_kept_until_age") == 25
    assert policy["messages"].keep_for == "90 days"
    assert policy["audit_events"].keep_for == "7 years"
    for each in policy:
        assert each.name and each.after and each.why


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["kinds"].append({**rule(d, "drafts"), "kind": "casework"}),
         "unknown kind 'casework'"),
        (lambda d: rule(d, "messages").pop("keep_for"), "'keep_for' must be a period"),
        (lambda d: rule(d, "messages").update(keep_for="ninety days"),
         "'keep_for' must be a period"),
        (lambda d: rule(d, "messages").update(keep_for="0 days"), "at least 1 day"),
        (lambda d: d["kinds"].remove(rule(d, "audit_events")), "no rule for audit_events"),
        (lambda d: d["kinds"].append(rule(d, "drafts")), "two rules for 'drafts'"),
        (lambda d: rule(d, "drafts").update(then="anonymise"),
         "this kind can only be deleted, not anonymised"),
        (lambda d: rule(d, "families").update(then="forget"), "'then' must be one of"),
        (lambda d: rule(d, "requests").pop("safeguarding_kept_until_age"),
         "'safeguarding_kept_until_age' must be a whole number"),
        (lambda d: rule(d, "drafts").update(why=" "), "'why' must say it in words"),
        (lambda d: rule(d, "drafts").update(keep_forever=True), "unknown field keep_forever"),
        (lambda d: d.pop("kinds"), "a list of rules under 'kinds'"),
    ],
)  # fmt: skip
def test_a_bad_policy_is_refused_saying_what_is_wrong(change, message):
    with pytest.raises(PolicyError, match=message):
        read_policy(with_change(change))


def test_the_system_check_refuses_a_bad_file_and_accepts_the_shipped_one(settings, tmp_path):
    assert check_retention_policy() == []
    bad = tmp_path / "policy.json"
    bad.write_text(json.dumps(with_change(lambda d: rule(d, "drafts").pop("keep_for"))))
    settings.RETENTION_POLICY_FILE = str(bad)
    errors = check_retention_policy()
    assert [error.id for error in errors] == ["retention.E001"]
    assert "rule 1 ('drafts')" in errors[0].msg and "keep_for" in errors[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check")
    with pytest.raises(CommandError, match="keep_for"):
        call_command("apply_retention", "--dry-run")


def test_a_file_that_is_not_json_is_refused(tmp_path):
    broken = tmp_path / "policy.json"
    broken.write_text("{not json")
    with pytest.raises(PolicyError, match="is not JSON"):
        load_policy(broken)
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy(tmp_path / "missing.json")


def test_a_changed_period_in_the_file_changes_what_is_due(tmp_path, db):
    from datetime import timedelta

    from django.utils import timezone

    from familyhub.referrals.models import Draft
    from familyhub.retention.services import due_summary

    Draft.objects.filter(pk=Draft.objects.create().pk).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    shorter = tmp_path / "policy.json"
    shorter.write_text(json.dumps(with_change(lambda d: rule(d, "drafts").update(
        keep_for="2 days"))))  # fmt: skip
    drafts = {row.rule.kind: row for row in due_summary()}["drafts"]
    assert (drafts.now, drafts.soon) == (0, 1)
    drafts = {row.rule.kind: row for row in due_summary(policy=load_policy(shorter))}["drafts"]
    assert (drafts.now, drafts.soon) == (1, 0)


def test_the_current_privacy_notice_tells_families_the_policys_periods(client, db):
    """Change a period in the policy file and this fails: make a new version of the notice."""
    page = client.get("/privacy/requests/").content.decode()
    how_long = page[page.index('id="how-long"') : page.index('id="your-rights"')]
    policy = load_policy()
    said = {
        "families": f"Requests and your family's record: {policy['families'].keep_for} after",
        "requests": f"{policy['requests'].keep_for} after the last thing that happened",
        "drafts": f"did not send: {policy['drafts'].keep_for} after you last changed it",
        "messages": f"text messages we sent you: {policy['messages'].keep_for}.",
        "parent_accounts": f"if you made one: {policy['parent_accounts'].keep_for} after",
        "audit_events": f"changed your information: {policy['audit_events'].keep_for}",
    }
    for kind, words in said.items():
        assert words in how_long.replace("&#x27;", "'"), kind
    age = policy["requests"].option("safeguarding_kept_until_age")
    assert f"until the youngest child named in it is {age}." in how_long
