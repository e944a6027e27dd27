"""Subject access, for administrators only: find the records held about a person, see
everything held on one, and download it as a pack (HTML and JSON).

Thin: the search is `finding`, the contents `gathering.gather`, the files `packs`. Every other
role is refused (403) before anything is looked up; a record that does not exist is 404. Every
search, view and download is audited; every answer is `Cache-Control: no-store`. The search is
a POST, so names, dates of birth and contact details never sit in a URL or a server's log.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.audit import services as audit
from familyhub.families.duplicates import likely_duplicates
from familyhub.families.models import Family
from familyhub.subject_access import finding, gathering, packs
from familyhub.subject_access.forms import FindPersonForm

TEMPLATES = "subject_access/"


def administrators_only(view):
    """Administrators only (accounts.roles, the one role check), never cached."""
    return roles_required(Role.ADMINISTRATOR)(never_cache(view))


@administrators_only
@require_http_methods(["GET", "POST"])
def find_person(request):
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = finding.find_and_record(form.terms(), by=request.user)
        prefetch_related_objects([found.family for found in results], "members", "requests")
    context = {"form": form, "results": results}
    return render(request, TEMPLATES + "find.html", context, status=400 if form.errors else 200)


def _account_links(family) -> list[dict]:
    """Where an administrator corrects a linked account's name or email (the Django admin)."""
    links = []
    for user in family.account_holders.order_by("date_joined"):
        try:
            url = reverse("admin:auth_user_change", args=[user.pk])
        except NoReverseMatch:
            continue
        links.append({"username": user.get_username(), "url": url})
    return links


def _correcting(family, data) -> dict:
    """The pages where what is held can be corrected (no editing here)."""
    return {
        "family_page": settings.SITE_URL + reverse("referrals:my_family"),
        "has_account": bool(data["accounts"]),
        "account_links": _account_links(family),
        "request_pages": [
            {
                "reference": found["reference"],
                "url": reverse("referrals:staff_request", args=[found["reference"]]),
            }
            for found in data["requests"]
        ],
        "merge_page": reverse("referrals:merge_families", args=[family.pk])
        if likely_duplicates(family)
        else "",
    }


@administrators_only
@require_GET
def everything_held(request, family_id):
    family = get_object_or_404(Family, pk=family_id)
    data = gathering.gather(family)
    audit.record(request.user, "view", family, detail="subject access: everything held shown")
    context = packs.context(data) | {
        "family": family,
        "kept_record": finding.record_in_use(family) if family.merged_into_id else None,
        "correcting": _correcting(family, data),
        "other_languages": [
            {"code": code, "name": translation.get_language_info(code)["name"]}
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        ],
        # Erasure where the law allows (familyhub/retention/erasure.py): its page says why not
        # when it may not be done (an open request, a safeguarding record).
        "erase_url": reverse("retention:erase_family", args=[family.pk]),
    }
    return render(request, TEMPLATES + "everything_held.html", context)


def _pack_language(request) -> str | None:
    """The pack's language: English unless asked for another the site has (None: not one)."""
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    return language if language in dict(settings.LANGUAGES) else None


def _download(request, family_id, kind: str):
    language = _pack_language(request)
    if language is None:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return HttpResponseBadRequest(
            f"The pack can be made in these languages only: {codes}.", content_type="text/plain"
        )
    family = get_object_or_404(Family, pk=family_id)
    with translation.override(language):
        data = gathering.gather(family)
        if kind == "json":
            body, content_type = packs.as_json(data), "application/json; charset=utf-8"
        else:
            body, content_type = packs.as_html(data, request), "text/html; charset=utf-8"
    other_language = "" if language == settings.LANGUAGE_CODE else language
    what = ", ".join(filter(None, [kind.upper(), other_language]))
    audit.record(request.user, "export", family, detail=f"subject access pack downloaded ({what})")
    response = HttpResponse(body, content_type=content_type)
    name = packs.file_name(data, kind, other_language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@administrators_only
@require_GET
def pack_html(request, family_id):
    return _download(request, family_id, "html")


@administrators_only
@require_GET
def pack_json(request, family_id):
    return _download(request, family_id, "json")
