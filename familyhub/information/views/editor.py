"""The content editors' pages (content editors only; everyone else 403): pages by age with
each language's state, reviews overdue, writing a draft, publishing, every version."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.information import actions, queries
from familyhub.information.content import render as render_words
from familyhub.information.forms import NewPageForm, ReviewDateForm, VersionForm
from familyhub.information.models import InformationPage, PageVersion, VersionStatus

editors_only = roles_required(Role.CONTENT_EDITOR)


def _languages_of(page: InformationPage) -> list[dict]:
    """Each site language and any other language the page has, with its draft and published."""
    codes = [code for code, _name in queries.site_languages()]
    codes += sorted({v.language for v in page.versions.all()} - set(codes))
    rows = []
    for code in codes:
        versions = [v for v in page.versions.all() if v.language == code]
        rows.append(
            {
                "code": code,
                "name": queries.language_name(code),
                "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
                "published": next(
                    (v for v in versions if v.status == VersionStatus.PUBLISHED), None
                ),
                "versions": versions,
            }
        )
    return rows


@editors_only
def editor_list(request):
    pages = InformationPage.objects.prefetch_related("versions")
    return render(
        request,
        "information/editor/list.html",
        {
            "overdue": list(queries.overdue_reviews()),
            "pages": [(page, _languages_of(page)) for page in pages],
            "form": NewPageForm(),
            "today": timezone.localdate(),
        },
    )


@editors_only
def editor_new(request):
    form = NewPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = actions.create_page(**form.cleaned_data, by=request.user)
        except actions.ContentError as error:
            form.add_error("topic", str(error))
        else:
            return redirect("information:editor_edit", page_id=page.pk, language="en")
    status = 400 if request.method == "POST" else 200
    return render(request, "information/editor/new.html", {"form": form}, status=status)


def _page(page_id) -> InformationPage:
    return get_object_or_404(InformationPage.objects.prefetch_related("versions"), pk=page_id)


@editors_only
def editor_page(request, page_id):
    page = _page(page_id)
    return render(
        request,
        "information/editor/page.html",
        {
            "page": page,
            "languages": _languages_of(page),
            "review_form": ReviewDateForm(),
            "overdue": page.review_by is not None and page.review_by < timezone.localdate(),
        },
    )


@editors_only
def editor_edit(request, page_id, language):
    page = _page(page_id)
    if not queries.is_content_language(language):
        raise Http404
    versions = [v for v in page.versions.all() if v.language == language]
    start = next((v for v in versions if v.status == VersionStatus.DRAFT), None) or next(
        (v for v in versions if v.status == VersionStatus.PUBLISHED), None
    )
    english = None
    if language != queries.FALLBACK:
        english = queries.published_version(page, queries.FALLBACK)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                actions.save_draft(
                    page.pk, language=language, words=form.cleaned_data, by=request.user
                )
            except actions.ContentError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Draft saved. Publish it when it is ready."))
                return redirect("information:editor_page", page_id=page.pk)
    else:
        initial = {name: getattr(start, name) for name in actions.WORDS} if start else {}
        form = VersionForm(initial=initial)
    return render(
        request,
        "information/editor/edit.html",
        {
            "page": page,
            "form": form,
            "language": language,
            "language_name": queries.language_name(language),
            "english": english.version if english else None,
        },
        status=400 if form.errors else 200,
    )


@editors_only
def editor_publish(request, page_id, language):
    page = _page(page_id)
    if request.method != "POST":
        return redirect("information:editor_page", page_id=page.pk)
    form = ReviewDateForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            actions.publish(
                page.pk,
                language=language,
                by=request.user,
                review_by=form.cleaned_data["review_by"],
            )
        except actions.ContentError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Published. The version before it is kept."))
            return redirect("information:editor_page", page_id=page.pk)
    else:
        error = _first_error(form)
    return _page_with_error(request, page, error)


@editors_only
def editor_reviewed(request, page_id):
    page = _page(page_id)
    if request.method != "POST":
        return redirect("information:editor_page", page_id=page.pk)
    form = ReviewDateForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            actions.mark_reviewed(
                page.pk, by=request.user, review_by=form.cleaned_data["review_by"]
            )
        except actions.ContentError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Marked as reviewed."))
            return redirect("information:editor_page", page_id=page.pk)
    else:
        error = _first_error(form)
    return _page_with_error(request, page, error)


def _first_error(form) -> str:
    for messages_of_field in form.errors.values():
        return messages_of_field[0]
    return ""


def _page_with_error(request, page, error):
    return render(
        request,
        "information/editor/page.html",
        {
            "page": page,
            "languages": _languages_of(page),
            "review_form": ReviewDateForm(request.POST),
            "error": error,
            "overdue": page.review_by is not None and page.review_by < timezone.localdate(),
        },
        status=400,
    )


@editors_only
def editor_version(request, page_id, language, number):
    version = get_object_or_404(
        PageVersion.objects.select_related("page", "made_by", "published_by"),
        page_id=page_id,
        language=language,
        number=number,
    )
    return render(
        request,
        "information/editor/version.html",
        {
            "version": version,
            "page": version.page,
            "typical": render_words(version.typical),
            "when_to_ask": render_words(version.when_to_ask),
            "more": render_words(version.more),
        },
    )
