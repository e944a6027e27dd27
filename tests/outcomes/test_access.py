"""Analysts and board members see aggregates only: by the permission matrix (which tries every
URL as every persona), no page that takes a family's record, request, case or draft lets them
in, and the family lists (inboxes, queues, caseloads, subject access) refuse them too."""

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from tests.accounts.test_permission_matrix import RULES
from tests.personas import person

FAMILY_RECORDS = {"reference", "family_id", "member_id", "other_family_id", "draft_id",
                  "case_reference", "case_member_id", "triage_reference", "parents_reference",
                  "erasure_id"}  # fmt: skip
FAMILY_LISTS = ["referrals:inbox", "referrals:triage", "subject_access:find", "retention:due",
                "casework:caseload"]  # fmt: skip


def test_no_page_of_a_familys_record_lets_analysts_or_board_members_in():
    family_pages = [name for name, rule in RULES.items() if FAMILY_RECORDS & set(rule.args)]
    assert len(family_pages) > 20
    for name in family_pages:
        assert not {"analyst", "board_member"} & RULES[name].who, name
    for name in FAMILY_LISTS:
        assert not {"analyst", "board_member"} & RULES[name].who, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.BOARD_MEMBER])
@pytest.mark.parametrize("name", FAMILY_LISTS)
def test_lists_of_families_refuse_them(client, role, name):
    client.force_login(person(role))
    assert client.get(reverse(name)).status_code in (403, 404)
