"""The staff's lists of requests: the inbox (provider staff), "my requests" (practitioners) and
the early help triage queue; overdue first, a page at a time, each row audited as listed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role, role_of
from familyhub.audit import services as audit
from familyhub.directory.models import Service
from familyhub.families.duplicates import likely_duplicates_of
from familyhub.families.safe_contact import no_safe_way
from familyhub.referrals import overdue
from familyhub.referrals.access import requests_for
from familyhub.referrals.repeats import repeats_in_triage
from familyhub.referrals.staff_forms import (
    ANY_OPEN,
    NO_SERVICE,
    InboxFilterForm,
)
from familyhub.referrals.states import OPEN
from familyhub.referrals.views.staff_shared import (
    ROLES_WITH_REQUESTS,
    TEMPLATES,
    child_age_in_words,
    children_prefetch,
    overdue_first,
    page_links,
    page_of,
    status_tag,
)

# --- 1. the inbox / my requests -------------------------------------------------------------


@login_required
def inbox(request):
    user = request.user
    require_role(user, ROLES_WITH_REQUESTS)
    role = role_of(user)
    today = timezone.localdate()
    requests = requests_for(user)

    if role == Role.PROVIDER:
        services = Service.objects.filter(organisation_id=user.profile.organisation_id)
    else:
        services = Service.objects.filter(
            pk__in=requests.filter(service__isnull=False).values("service_id")
        )
    services = list(services.order_by("name", "id").only("id", "name"))
    form = InboxFilterForm(
        request.GET or None, services=services, include_no_service=role != Role.PROVIDER
    )
    chosen = form.filters()
    if chosen.get("service") == NO_SERVICE:
        requests = requests.filter(service__isnull=True)
    elif chosen.get("service"):
        requests = requests.filter(service_id=chosen["service"])
    if chosen.get("status") == ANY_OPEN:
        requests = requests.filter(status__in=list(OPEN))
    elif chosen.get("status"):
        requests = requests.filter(status=chosen["status"])
    if chosen.get("overdue"):
        requests = requests.filter(overdue.overdue_q(today))
    requests = overdue_first(requests, today).prefetch_related(children_prefetch())

    page = page_of(request, requests)
    audit.record_listed(request.user, page.object_list, detail="listed in the inbox")
    rows = [
        {
            "request": support_request,
            "status": status_tag(support_request),
            "flags": overdue.flags(support_request, today),
            "no_safe_way": no_safe_way(support_request.family),
            "children": [
                {"name": child.first_name, "age": child_age_in_words(child, today)}
                for child in support_request.children.all()
            ],
        }
        for support_request in page
    ]
    titles = {
        Role.PROVIDER: _("Requests for support"),
        Role.PRACTITIONER: _("My requests for support"),
        Role.TRIAGE: _("All requests for support"),
    }
    return render(
        request,
        TEMPLATES + "inbox.html",
        {
            "title": titles[role],
            "role": role,
            "form": form,
            "rows": rows,
            "page": page,
            "page_links": page_links(page),
            "filtered": chosen != {"status": ANY_OPEN},
            "is_triage": role == Role.TRIAGE,
        },
        status=400 if form.errors else 200,
    )


# --- 4. the early help triage queue --------------------------------------------------------


@login_required
def triage_queue(request):
    require_role(request.user, {Role.TRIAGE})
    today = timezone.localdate()
    requests = requests_for(request.user).filter(service__isnull=True, status__in=list(OPEN))
    requests = overdue_first(requests, today).prefetch_related(
        children_prefetch(), "family__members"
    )
    page = page_of(request, requests)
    audit.record_listed(request.user, page.object_list, detail="listed in the triage queue")
    duplicates = likely_duplicates_of({r.family for r in page})
    repeats_by_request = repeats_in_triage(page, duplicates)
    rows = []
    for support_request in page:
        family = support_request.family
        repeats = repeats_by_request[support_request.pk]
        rows.append(
            {
                "request": support_request,
                "status": status_tag(support_request),
                "flags": overdue.flags(support_request, today),
                "main_contact": family.main_contact,
                "no_safe_way": no_safe_way(family),
                "children": [
                    {"name": child.first_name, "age": child_age_in_words(child, today)}
                    for child in support_request.children.all()
                ],
                "duplicates": duplicates.get(family.pk, []),
                "repeats": [{"request": other, "status": status_tag(other)} for other in repeats],
            }
        )
    return render(
        request,
        TEMPLATES + "triage.html",
        {"rows": rows, "page": page, "page_links": page_links(page)},
    )
