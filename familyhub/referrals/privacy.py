"""The privacy notice for requests for support: which version families are shown now, and the
text of every version ever shown (one template each, never edited once in use), so that the
notice a family agreed to can always be read again.

To change the notice: copy the latest template to a new version, edit the copy, add it to
VERSIONS and point PRIVACY_NOTICE_VERSION at it. The consent step records the version it
linked to (Consent.privacy_notice_version).
"""

from django.http import Http404

PRIVACY_NOTICE_VERSION = "requests-v2"
VERSIONS = {
    "requests-v1": "privacy/requests-v1.html",
    # How long we keep it: the retention policy's periods (familyhub/retention/data/policy.json).
    "requests-v2": "privacy/requests-v2.html",
}


def notice_template(version: str) -> str:
    """The template of a version of the notice; 404 for a version that never existed."""
    try:
        return VERSIONS[version]
    except KeyError:
        raise Http404("No privacy notice of that version.") from None
