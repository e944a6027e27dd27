"""A provider's services: the list, a service's page, editing (a proposal), a new service,
archiving (with the families still waiting decided first) and "still correct"."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.directory.models import Service
from familyhub.referrals.states import MoveRefused
from familyhub.referrals.waiting import RULE as WAIT_RULE
from familyhub.referrals.waiting import expected_wait
from familyhub.upkeep import access, changes, closing, freshness
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.forms import (
    PlacesForm,
    ScheduleFormSet,
    ServiceForm,
    error_links,
    schedule_initial,
)
from familyhub.upkeep.models import ProposedChange, SuggestedChange
from familyhub.upkeep.views.shared import T, freshness_tag, page_of, summary_rows


@login_required
def service_list(request):
    role = access.require_editor(request.user)
    today = timezone.localdate()
    services = access.services_for(request.user).annotate(
        has_pending=Exists(
            ProposedChange.objects.filter(
                service=OuterRef("pk"), status=ProposedChange.Status.PENDING
            )
        ),
        open_suggestions=Count(
            "suggestions", filter=~Q(suggestions__status=SuggestedChange.Status.RESOLVED)
        ),
    )
    showing = request.GET.get("show", "")
    if showing == "out_of_date":
        services = services.filter(
            last_checked_on__lte=freshness.months_before(today, 12), status__in=freshness.LISTED
        )
    elif showing == "check_due":
        services = services.filter(
            freshness.stale_filter(today, freshness.REMIND_AFTER_MONTHS),
            status__in=freshness.LISTED,
        )
    elif showing == "archived":
        services = services.filter(status=changes.ARCHIVED)
    else:
        showing = ""
    page = page_of(request, services.order_by("organisation__name", "name", "id"))
    rows = [{"service": service, "freshness": freshness_tag(service, today)} for service in page]
    return render(
        request,
        T + "service_list.html",
        {
            "rows": rows,
            "page": page,
            "showing": showing,
            "is_decider": access.is_decider(request.user),
            "can_add": role == Role.PROVIDER,
            "section": "services",
        },
    )


@login_required
def service_page(request, service_id):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    today = timezone.localdate()
    return render(
        request,
        T + "service.html",
        {
            "service": service,
            "rows": summary_rows(changes.snapshot(service)),
            "pending": changes.pending_for(service),
            "freshness": freshness_tag(service, today),
            "archived": service.status == changes.ARCHIVED,
            "open_suggestions": service.suggestions.exclude(
                status=SuggestedChange.Status.RESOLVED
            ).count(),
            "is_decider": access.is_decider(request.user),
            "section": "services",
            "wait": expected_wait(service),
            "wait_rule": WAIT_RULE,
        },
    )


def _edit(request, *, service, organisation):
    """The edit form for an existing service (service given) or a new one."""
    pending = changes.pending_for(service) if service else None
    start, based_on, started_from = changes.editing_start(service)
    instance = Service(organisation=organisation)
    changes.set_service_fields(instance, start["service"])
    posted = request.POST if request.method == "POST" else None
    form = ServiceForm(posted, instance=instance, initial=start["service"])
    schedules = ScheduleFormSet(
        posted, prefix="schedules", initial=schedule_initial(start["schedules"])
    )
    places = PlacesForm(posted, places=start["places"], new_places=start.get("new_places", []))
    problem = ""
    if posted is not None:
        valid = [form.is_valid(), schedules.is_valid(), places.is_valid()]
        if service and posted.get("started_from") != started_from:
            problem = (
                "This service, or the change waiting for it, was changed by someone else while "
                "you had this page open. Your answers are below: check them and send again."
            )
        elif all(valid):
            kept, new = places.proposed()
            data = {
                "service": form.proposed(),
                "schedules": schedules.proposed(),
                "places": kept,
                "new_places": new,
            }
            try:
                change = changes.propose(
                    service=service,
                    organisation=organisation,
                    data=data,
                    by=request.user,
                    based_on=based_on,
                )
            except ValidationError as error:
                problem = " ".join(error.messages)
            except ChangeRefused as refusal:
                problem = str(refusal)
            else:
                messages.success(
                    request,
                    f"Your change {change.reference} is waiting for a data manager to approve "
                    "it. Families see the published details until then.",
                )
                return redirect("upkeep:change", change_id=change.pk)
    links = error_links(form, schedules, places)
    if problem:
        links.insert(0, ("main-content", problem))
    return render(
        request,
        T + "edit.html",
        {
            "service": service,
            "organisation": organisation,
            "form": form,
            "schedules": schedules,
            "places": places,
            "pending": pending,
            "started_from": started_from,
            "error_links": links,
            "section": "services",
        },
        status=400 if links else 200,
    )


@login_required
def edit(request, service_id):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    return _edit(request, service=service, organisation=service.organisation)


@login_required
def new_service(request):
    role = access.require_editor(request.user)
    organisation = request.user.profile.organisation
    if role != Role.PROVIDER or organisation is None:
        messages.error(request, "Only provider staff add services, for their organisation.")
        return redirect("upkeep:services")
    return _edit(request, service=None, organisation=organisation)


def _archive_page(request, service, *, errors=None, chosen=None, status=200):
    """Archiving, and first the exit plan: each open request decided (closing.py)."""
    waiting = list(closing.open_requests(service))
    context = {
        "service": service,
        "deciding": access.is_decider(request.user),
        "section": "services",
        "open_requests": waiting,
    }
    if waiting:
        # Only references, needs and dates are shown; still, who saw which requests is kept.
        audit.record_listed(request.user, waiting, detail="open requests of a closing service")
        alternatives = closing.alternatives_for(service)
        errors, chosen = errors or {}, chosen or {}
        options = [
            (f"pass:{other.pk}", _("Pass it to %(name)s") % {"name": other.name})
            for other in alternatives
        ]
        options.append(
            (
                "close",
                _("Close it, and suggest the services above to the family")
                if alternatives
                else _("Close it: the service is closing"),
            )
        )
        context |= {
            "can_decide": role_of(request.user) == Role.PROVIDER,
            "alternatives": alternatives,
            "rows": [
                {
                    "request": item,
                    "error": errors.get(item.pk, ""),
                    "options": [
                        {"value": value, "label": label, "checked": chosen.get(item.pk) == value}
                        for value, label in options
                    ],
                }
                for item in waiting
            ],
            "error_links": [(f"decision-{pk}", message) for pk, message in errors.items()],
        }
    return render(request, T + "archive.html", context, status=status)


@login_required
@require_POST
def decide_open_request(request, service_id):
    """The provider decides what happens to one open request of a service that is closing."""
    role = access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    if role != Role.PROVIDER:
        raise PermissionDenied  # the service's own staff decide about the families' requests
    try:
        request_id = uuid.UUID(request.POST.get("request", ""))
    except ValueError:
        raise Http404("No open request with that id.") from None
    support_request = closing.open_requests(service).filter(pk=request_id).first()
    if support_request is None:
        raise Http404("No open request with that id for this service.")
    decision = request.POST.get("decision", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    alternatives = {f"pass:{other.pk}": other for other in closing.alternatives_for(service)}
    try:
        if decision == "close":
            closing.close(
                request_id, suggest=list(alternatives.values()), by=request.user,
                expected_version=version,
            )  # fmt: skip
            done = _("%(ref)s is closed. The family and their referrer are told.")
        elif decision in alternatives:
            closing.pass_on(
                request_id, to=alternatives[decision], by=request.user, expected_version=version
            )
            done = _("%(ref)s is passed on. The family and their referrer are told.")
        else:
            raise MoveRefused(
                _("Choose what happens to %(ref)s.") % {"ref": support_request.reference}
            )
    except MoveRefused as refusal:
        return _archive_page(
            request,
            service,
            errors={support_request.pk: str(refusal)},
            chosen={support_request.pk: decision},
            status=400,
        )
    messages.success(request, done % {"ref": support_request.reference})
    return redirect("upkeep:archive", service_id=service.pk)


@login_required
def archive(request, service_id):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    deciding = access.is_decider(request.user)
    if request.method == "POST":
        try:
            change = changes.archive(service, by=request.user, apply_now=deciding)
        except ChangeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("upkeep:archive", service_id=service.pk)
        if deciding:
            messages.success(request, f"{service.name} is archived. Families no longer see it.")
            return redirect("upkeep:service", service_id=service.pk)
        messages.success(
            request, f"Archiving {service.name} is waiting for a data manager ({change.reference})."
        )
        return redirect("upkeep:change", change_id=change.pk)
    return _archive_page(request, service)


@login_required
@require_POST
def still_correct(request, service_id):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    changes.confirm_still_correct(service, by=request.user)
    messages.success(request, f"Thank you. {service.name} is marked as checked today.")
    return redirect("upkeep:service", service_id=service.pk)
