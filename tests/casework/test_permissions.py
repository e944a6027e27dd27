"""Every casework URL × every persona: the lead, a team member, their manager see the case;
nobody else does ("missing" and "not yours" alike, 404); a manager's break-glass look asks for a
reason, is audited and lapses. Every view of a case is audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.casework import actions
from familyhub.casework.models import BreakGlass
from tests.accounts.test_permission_matrix import _refused, _url_names
from tests.casework.helpers import casework_team, open_case, triage_request
from tests.personas import person

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "lead",
    "member",
    "practitioner_other",
    "manager",
    "manager_other",
    "provider",
    "analyst",
    "triage",
    "parent",
    "parent_other",
)
CASE_ROLES = frozenset(
    {"lead", "member", "practitioner_other", "manager", "manager_other", "provider"}
)
SEE = frozenset({"lead", "member", "manager"})
ACT = frozenset({"lead", "manager"})
MANAGERS = frozenset({"manager", "manager_other"})

RULES = {
    "casework:family_plan": (frozenset({"parent", "parent_other"}), (), None),
    "casework:family_comment": (frozenset({"parent"}), ("case",), {"text": "Thank you"}),
    "casework:open_from_request": (frozenset({"lead", "triage"}), ("request",), None),
    "casework:open_for_family": (frozenset({"lead"}), ("family",), None),
    "casework:caseload": (CASE_ROLES, (), None),
    "casework:allocation": (MANAGERS, (), None),
    "casework:supporting_families": (MANAGERS, (), None),
    "casework:case": (SEE, ("case",), None),
    "casework:assessment": (SEE, ("case",), None),
    "casework:plan": (SEE, ("case",), None),
    "casework:review": (ACT, ("case",), None),
    "casework:meeting": (ACT, ("case",), None),
    "casework:sustained_check": (ACT, ("case",), None),
    "casework:allocate": (frozenset({"manager"}), ("case",), None),
    "casework:add_member": (ACT, ("case",), None),
    "casework:remove_member": (ACT, ("case", "member"), {}),
    "casework:break_glass": (MANAGERS, ("case",), None),
    "casework:move": (ACT, ("case", "move"), None),
}


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def world():
    team, other_team = casework_team(), casework_team("Another early help team")
    from familyhub.directory.models import Organisation

    agency = Organisation.objects.order_by("-name").first()
    people = {
        "anonymous": None,
        "lead": person("practitioner", team=team),
        "member": person("practitioner", team=casework_team("School pastoral team")),
        "practitioner_other": person("practitioner", team=team),
        "manager": person("team_manager", team=team),
        "manager_other": person("team_manager", team=other_team),
        "provider": person("provider", organisation=agency),
        "analyst": person("analyst"),
        "triage": person("triage"),
        "parent": person("parent"),
        "parent_other": person("parent"),
    }
    support_request = triage_request(who="practitioner")
    support_request.made_by = people["lead"]
    support_request.save(update_fields=["made_by"])
    support_request.family.account_holders.add(people["parent"])
    case = open_case(team=team, lead=people["lead"], support_request=support_request)
    actions.add_member(case.pk, by=people["lead"], user=people["member"], agency="School")
    member = actions.add_member(
        case.pk, by=people["lead"], family_member=case.family.members.first()
    )
    records = {
        "request": support_request.reference,
        "family": case.family_id,
        "case": case.reference,
        "member": member.pk,
        "move": "close",
    }
    return people, records, case


def test_every_casework_url_has_a_rule_here():
    from django.urls import get_resolver

    names = {n for n in _url_names(get_resolver().url_patterns) if n.startswith("casework:")}
    assert names == set(RULES)


@pytest.mark.parametrize("name", sorted(RULES))
def test_who_reaches_each_casework_url(client, world, name):
    people, records, case = world
    who, args, post = RULES[name]
    url = reverse(name, args=[records[arg] for arg in args])
    wrong = {}
    for persona in PERSONAS:
        client.logout()
        if people[persona] is not None:
            client.force_login(people[persona])
        response = client.get(url) if post is None else client.post(url, post)
        assert response.status_code < 500, (persona, response.status_code)
        reached = not _refused(response, persona)
        if reached != (persona in who):
            wrong[persona] = response.status_code
    assert not wrong, f"{name}: {wrong}"


def test_missing_and_not_yours_are_the_same_404(client, world):
    people, records, case = world
    client.force_login(people["practitioner_other"])
    theirs = client.get(reverse("casework:case", args=[case.reference]))
    missing = client.get(reverse("casework:case", args=["EH-2222-2222"]))
    malformed = client.get(reverse("casework:case", args=["nonsense"]))
    assert theirs.status_code == missing.status_code == malformed.status_code == 404


def test_every_view_of_a_case_is_audited(client, world):
    people, records, case = world
    for persona in ("lead", "member", "manager"):
        client.force_login(people[persona])
        assert client.get(reverse("casework:case", args=[case.reference])).status_code == 200
        assert AuditEvent.objects.filter(
            user=people[persona], action="view", object_id=str(case.pk), family_id=case.family_id
        ).exists(), persona
    client.force_login(people["practitioner_other"])
    client.get(reverse("casework:case", args=[case.reference]))
    assert not AuditEvent.objects.filter(user=people["practitioner_other"]).exists()


def test_a_removed_member_no_longer_sees_the_case(client, world):
    people, records, case = world
    membership = case.members.get(user=people["member"])
    case.refresh_from_db()
    actions.remove_member(case.pk, membership.pk, by=people["lead"], expected_version=case.version)
    client.force_login(people["member"])
    assert client.get(reverse("casework:case", args=[case.reference])).status_code == 404


def test_break_glass_asks_a_reason_is_audited_and_lapses(client, world):
    people, records, case = world
    manager = people["manager_other"]
    client.force_login(manager)
    page = reverse("casework:case", args=[case.reference])
    glass = reverse("casework:break_glass", args=[case.reference])
    assert client.get(page).status_code == 404
    refused = client.post(glass, {"reason": ""})
    assert refused.status_code == 200 and b"Give your reason" in refused.content
    assert not BreakGlass.objects.exists()
    reason = "The lead is off sick and school has rung with a worry today."
    assert client.post(glass, {"reason": reason}).url == page
    assert client.get(page).status_code == 200
    assert AuditEvent.objects.filter(
        user=manager, object_id=str(case.pk), detail__startswith="break-glass opened"
    ).exists()
    assert AuditEvent.objects.filter(
        user=manager, object_id=str(case.pk), detail="break-glass"
    ).exists()
    BreakGlass.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert client.get(page).status_code == 404
    # Break-glass lets a manager look, never act.
    BreakGlass.objects.update(until=timezone.now() + timedelta(minutes=5))
    move = reverse("casework:move", args=[case.reference, "close"])
    assert client.get(move).status_code == 403
