"""A family's own record, told once and kept up to date by the family ("Your family").

Only a parent or carer who holds the record sees it: staff get 403 here (they see a family
through its requests), and a person who is not on the signed-in parent's record is a 404, the
same as one that does not exist. Every page shown and every change is audited; the rules are
in families/services.py. The pages' URLs are in families/urls.py, mounted under referrals' URL
names (`referrals:my_family` and so on), which is why they are reversed by those names here."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.audit import services as audit
from familyhub.families import services
from familyhub.families.forms import (
    EQUALITY_QUESTIONS,
    AccessibilityForm,
    ContactForm,
    EqualityForm,
    LanguagesForm,
    PersonForm,
)
from familyhub.families.models import Family, FamilyMember
from familyhub.families.queries import held_by, own_record
from familyhub.families.safe_contact import other_way_for_family
from familyhub.safety.help import kind_names, what_to_do_now
from familyhub.safety.recognise import recognise

# Signed-in parents and carers only: the one role check (accounts.roles).
parent_only = roles_required(Role.PARENT)


def _family_or_404(user) -> Family:
    family = own_record(user)
    if family is None:
        raise Http404("You do not have a family record yet.")
    return family


def _member_or_404(user, member_id) -> FamilyMember:
    """A person on one of this parent's own family records; anyone else's is a 404."""
    mine = held_by(user).filter(merged_into__isnull=True)
    member = (
        FamilyMember.objects.select_related("family").filter(pk=member_id, family__in=mine).first()
    )
    if member is None:
        raise Http404("No one with that id on your family record.")
    return member


def _page(request, family, form, *, title, detail, intro="", template="change.html", **extra):
    """A change page: shown (and its showing audited), with status 400 when the answers
    need correcting — everything typed is kept."""
    audit.record(request.user, "view", family, detail=detail)
    context = {"family": family, "form": form, "title": title, "intro": intro,
               "quick_exit": True, **extra}  # fmt: skip
    return render(request, f"families/{template}", context,
                  status=400 if form is not None and form.errors else 200)  # fmt: skip


def _posted(request):
    """The answers sent, or None for a GET (an empty POST is still a POST: all optional)."""
    return request.POST if request.method == "POST" else None


def _saved(request, *written):
    """Saved. If what they wrote describes danger, what to do now comes before anything."""
    messages.success(request, _("Your changes have been saved."))
    disclosure = recognise(*written)
    if disclosure:
        return render(
            request,
            "families/what_to_do_now.html",
            {
                "next_url": reverse("referrals:my_family"),
                "next_label": _("Back to your family's details"),
                "safety_help": what_to_do_now(disclosure),
                "safety_kinds": kind_names(disclosure),
                "quick_exit": True,
            },
        )
    return redirect("referrals:my_family")


@parent_only
def my_family(request):
    """The whole record as a summary list, each section with a way to change it."""
    family = own_record(request.user)
    if family is None:
        return render(request, "families/my_family.html", {"family": None})
    audit.record(request.user, "view", family, detail="your family")
    members = list(
        family.members.select_related("equality").annotate(request_count=Count("requests"))
    )
    safe = [
        label
        for on, label in (
            (family.safe_to_phone, _("phone you")),
            (family.safe_to_text, _("send you a text message")),
            (family.safe_to_email, _("send you an email")),
            (family.voicemail_ok, _("leave a voicemail")),
        )
        if on
    ]
    return render(
        request,
        "families/my_family.html",
        {
            "family": family,
            "adults": [m for m in members if not m.is_child],
            "children": [m for m in members if m.is_child],
            "answered": {m.pk for m in members if _has_equality(m)},
            "safe": safe,
            "other_way": other_way_for_family(family),
            "quick_exit": True,
        },
    )


def _has_equality(member) -> bool:
    try:
        answers = member.equality
    except FamilyMember.equality.RelatedObjectDoesNotExist:
        return False
    return any(getattr(answers, name) for name, *_rest in EQUALITY_QUESTIONS)


@parent_only
def change_contact(request):
    family = _family_or_404(request.user)
    form = ContactForm(_posted(request), initial=ContactForm.initial_for(family))
    if request.method == "POST" and form.is_valid():
        services.update_contact(family, ContactForm.answers_from(form.cleaned_data),
                                by=request.user)  # fmt: skip
        data = form.cleaned_data
        return _saved(request, data.get("contact_notes", ""), data.get("safe_times", ""))
    return _page(request, family, form, title=_("How to contact you safely"),
                 detail="contact details page",
                 intro=_("We only contact you in the ways you say are safe."))  # fmt: skip


@parent_only
def change_languages(request):
    family = _family_or_404(request.user)
    initial = {
        "home_languages": family.home_languages,
        "interpreter_needed": "yes" if family.interpreter_needed else "no",
        "interpreter_language": family.interpreter_language,
    }
    form = LanguagesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_languages(
            family,
            home_languages=data["home_languages"],
            interpreter_needed=data["interpreter_needed"] == "yes",
            interpreter_language=data["interpreter_language"],
            by=request.user,
        )
        return _saved(request)
    return _page(request, family, form, title=_("Languages and interpreter"),
                 detail="languages page")  # fmt: skip


@parent_only
def change_accessibility(request):
    family = _family_or_404(request.user)
    form = AccessibilityForm(
        _posted(request), initial={"accessibility_needs": family.accessibility_needs or ""}
    )
    if request.method == "POST" and form.is_valid():
        services.update_accessibility(
            family, accessibility_needs=form.cleaned_data["accessibility_needs"], by=request.user
        )
        return _saved(request, form.cleaned_data["accessibility_needs"])
    return _page(request, family, form, title=_("Accessibility needs"),
                 detail="accessibility page")  # fmt: skip


@parent_only
def add_person(request, kind):
    if kind not in ("child", "adult"):
        raise Http404
    family = _family_or_404(request.user)
    child = kind == "child"
    form = PersonForm(_posted(request), child=child,
                      initial={"relationship": "child"} if child else {})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        services.add_member(family, **form.cleaned_data, by=request.user)
        return _saved(request)
    title = _("Add a child") if child else _("Add a parent, carer or another adult")
    return _page(request, family, form, title=title, detail=f"add a person page ({kind})")


@parent_only
def change_person(request, member_id):
    member = _member_or_404(request.user, member_id)
    form = PersonForm(
        _posted(request),
        child=member.is_child,
        initial={
            "first_name": member.first_name,
            "last_name": member.last_name,
            "relationship": member.relationship,
            "date_of_birth": member.date_of_birth,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_member(member, **form.cleaned_data, by=request.user)
        return _saved(request)
    return _page(request, member.family, form,
                 title=_("Change %(name)s's details") % {"name": member.full_name},
                 detail=f"person page ({member.pk})", member=member,
                 remove_url=reverse("referrals:remove_person", args=[member.pk]))  # fmt: skip


@parent_only
def remove_person(request, member_id):
    member = _member_or_404(request.user, member_id)
    family = member.family
    refusal = services.why_not_removable(member)
    if request.method == "POST" and refusal is None:
        try:
            services.remove_member(member, by=request.user)
        except services.RemovalRefused as refused:  # named on a request a moment ago
            refusal = str(refused)
        else:
            messages.success(request, _("%(name)s has been removed from your family record.")
                             % {"name": member.full_name})  # fmt: skip
            return redirect("referrals:my_family")
    audit.record(request.user, "view", family, detail=f"remove a person page ({member.pk})")
    return render(
        request,
        "families/remove_person.html",
        {
            "family": family,
            "member": member,
            "refusal": refusal,
            "posted": request.method == "POST",
            "quick_exit": True,
        },  # fmt: skip
        status=400 if request.method == "POST" and refusal else 200,
    )


@parent_only
def change_equality(request, member_id):
    member = _member_or_404(request.user, member_id)
    answers = getattr(member, "equality", None) if _has_equality(member) else None
    if request.method == "POST" and "clear" in request.POST:
        services.update_equality(member, {}, by=request.user)
        return _saved(request)
    initial = {name: getattr(answers, name) for name, *_rest in EQUALITY_QUESTIONS if answers}
    form = EqualityForm(_posted(request), child=member.is_child, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_equality(member, form.cleaned_data, by=request.user)
        return _saved(request)
    return _page(request, member.family, form,
                 title=_("Equality monitoring for %(name)s") % {"name": member.full_name},
                 detail=f"equality page ({member.pk})", template="equality.html",
                 member=member, answered=answers is not None)  # fmt: skip
