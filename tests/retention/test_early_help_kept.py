"""A family in early help (casework) is kept: its record is not anonymised by the retention
policy while it has a case (case records are not yet a kind of their own), and an erasure is
refused while early help has not ended."""

from datetime import datetime

import pytest
from django.utils import timezone

from familyhub.casework.models import Case
from familyhub.retention.erasure import ErasureRefused, erase_family
from tests.casework.test_reviews import active_case
from tests.referrals.helpers import person
from tests.retention.helpers import run_at, set_last_activity, withdraw, years

pytestmark = pytest.mark.django_db

T = timezone.make_aware(datetime(2015, 3, 10, 14, 30))


def test_a_family_with_a_case_is_not_anonymised_however_old_its_requests():
    _lead, case = active_case()[:2]
    family = case.family
    for request in family.requests.all():  # the family's request long ended: only the case
        set_last_activity(withdraw(request), T, family_too=False)  # keeps the record
    type(family).objects.filter(pk=family.pk).update(updated_at=T)
    run = run_at(T + years(8))
    assert run.results["families"]["count"] == 0
    family.refresh_from_db()
    assert family.contact_email == "sam@example.org"
    Case.objects.filter(pk=case.pk).delete()  # without the case, the same family is due
    assert run_at(T + years(8)).results["families"]["count"] == 1


def test_erasure_is_refused_while_early_help_has_not_ended():
    _lead, case = active_case()[:2]
    administrator = person("administrator")
    with pytest.raises(ErasureRefused) as refused:
        erase_family(case.family, administrator, "The family asked us to.")
    assert any(case.reference in reason for reason in refused.value.reasons)


def test_an_administrators_home_links_to_the_retention_page(client):
    from django.urls import reverse

    due = reverse("retention:due")
    client.force_login(person("administrator"))
    assert due in client.get(reverse("accounts:home")).content.decode()
    client.force_login(person("data_manager"))
    assert due not in client.get(reverse("accounts:home")).content.decode()
