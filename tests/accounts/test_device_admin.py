"""The administrators' pages for authenticator apps (django-otp's admin): a device that does not
exist is a 404, never a server error."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["config", "qrcode"])
@pytest.mark.parametrize("device_id", [987654, 2**63 + 5])
def test_a_missing_devices_set_up_page_is_not_found(admin_client, page, device_id):
    url = reverse(f"admin:otp_totp_totpdevice_{page}", args=[device_id])
    assert admin_client.get(url).status_code == 404


def test_a_real_devices_set_up_page_still_shows(admin_client):
    device = TOTPDevice.objects.create(user=person("provider"), name="phone", confirmed=False)
    response = admin_client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    assert response.status_code == 200
    assert device.config_url.split("?")[0].split("/")[-1] in response.content.decode()
