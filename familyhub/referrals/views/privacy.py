"""The privacy notice for requests for support, by version (see referrals/privacy.py)."""

from django.conf import settings
from django.shortcuts import render

from familyhub.referrals import privacy


def notice(request, version=None):
    version = version or privacy.PRIVACY_NOTICE_VERSION
    return render(
        request,
        privacy.notice_template(version),
        {
            "version": version,
            "is_current": version == privacy.PRIVACY_NOTICE_VERSION,
            "data_protection": settings.DATA_PROTECTION_CONTACT,
        },
    )
