"""The privacy notice for requests for support, by version (see referrals/privacy.py)."""

from django.conf import settings
from django.shortcuts import render

from familyhub.referrals.privacy import PRIVACY_NOTICE_VERSION, notice_template


def notice(request, version=PRIVACY_NOTICE_VERSION):
    return render(
        request,
        notice_template(version),
        {
            "version": version,
            "is_current": version == PRIVACY_NOTICE_VERSION,
            "current_version": PRIVACY_NOTICE_VERSION,
            "data_protection": settings.DATA_PROTECTION_CONTACT,
        },
    )
