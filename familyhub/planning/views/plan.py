"""The delivery plan's staff pages: the plan, an action, recording progress, the rating's
override, adding and changing actions, one priority's report (page, PDF) and the CSV."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.roles import roles_required
from familyhub.gaps.views import spreadsheet_safe
from familyhub.planning import access, queries, reports
from familyhub.planning import actions as plan_actions
from familyhub.planning.forms import ActionForm, OverrideForm, ProgressForm
from familyhub.planning.models import Priority
from familyhub.planning.rag import DUE_SOON_DAYS, STALE_AFTER_DAYS, Rag
from familyhub.planning.reminders import REMIND_DAYS_BEFORE
from familyhub.planning.views.shared import form_page


def _rule_context():
    return {
        "stale_days": STALE_AFTER_DAYS,
        "due_soon_days": DUE_SOON_DAYS,
        "remind_days": REMIND_DAYS_BEFORE,
    }


@roles_required(*access.READERS)
def plan(request):
    strategies = queries.plan_by_strategy()
    return render(
        request,
        "planning/staff/plan.html",
        {
            "strategies": strategies,
            "counts": queries.rag_counts(strategies),
            "review": queries.last_review(),
            "edits": access.edits_plan(request.user),
            **_rule_context(),
        },
    )


@roles_required(*access.ACTION_LEADS)
def my_actions(request):
    today = timezone.localdate()
    mine = list(queries.actions_with_people().filter(lead=request.user))
    for action in mine:
        action.is_overdue = queries.is_overdue(action, today)
    return render(request, "planning/staff/my_actions.html", {"actions": mine})


@login_required
def action_page(request, action_id):
    action = access.action_to_read(request.user, action_id)
    names = queries.need_names()
    return render(
        request,
        "planning/staff/action.html",
        {
            "action": action,
            "overdue": queries.is_overdue(action),
            "updates": action.updates.select_related("by"),
            "rag_changes": action.rag_changes.select_related("by"),
            "gaps": [(gap, names.get(gap.need_code, gap.need_code)) for gap in action.gaps.all()],
            "decisions": action.decisions.select_related("meeting__group"),
            "updates_it": access.edits_plan(request.user) or action.lead_id == request.user.pk,
            "edits": access.edits_plan(request.user),
            **_rule_context(),
        },
    )


@login_required
def progress(request, action_id):
    action = access.action_to_update(request.user, action_id)
    form = ProgressForm(
        request.POST or None,
        initial={"progress": action.progress, "status": action.status, "version": action.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_actions.record_progress(
                action.pk,
                by=request.user,
                text=data["text"],
                evidence=data["evidence"],
                progress=data["progress"],
                status=data["status"],
                on=data["on"],
                expected_version=data["version"],
            )
        except plan_actions.PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            action.refresh_from_db()
            messages.success(
                request,
                _("Progress recorded. The rating is now %(rag)s.") % {"rag": Rag(action.rag).label},
            )
            return redirect("planning:action", action_id=action.pk)
    return form_page(
        request,
        form,
        heading=_("Record progress"),
        caption=f"{action.reference} {action.title}",
        button=_("Record progress"),
        back=reverse("planning:action", args=[action.pk]),
        explanation=[
            _(
                "The rating follows from what you record, by the plan's rule (shown on the "
                "action's page). Evidence can be a link to a paper, or where it is kept."
            ),
        ],
    )


@roles_required(*access.EDITORS)
def override(request, action_id):
    action = access.action_to_update(request.user, action_id)
    form = OverrideForm(
        request.POST or None,
        initial={"rating": action.rag_override, "version": action.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_actions.override_rating(
                action.pk,
                by=request.user,
                rating=data["rating"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except plan_actions.PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Rating changed. The reason is kept in its history."))
            return redirect("planning:action", action_id=action.pk)
    return form_page(
        request,
        form,
        heading=_("Override the rating"),
        caption=f"{action.reference} {action.title}",
        button=_("Save the rating"),
        back=reverse("planning:action", args=[action.pk]),
        explanation=[
            _("By the rule the rating is %(rag)s: %(why)s.")
            % {"rag": action.get_rag_computed_display(), "why": action.rag_computed_why},
            _("An override needs a reason. It is shown beside the rating and kept in the history."),
        ],
    )


@roles_required(*access.EDITORS)
def new_action(request, priority_id):
    priority = get_object_or_404(Priority, pk=priority_id)
    names = queries.need_names()
    form = ActionForm(
        request.POST or None, need_codes=names, initial={"start": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        gaps = data.pop("gaps")
        reference = data.pop("reference")
        try:
            action = plan_actions.create_action(
                priority, by=request.user, reference=reference, gaps=gaps, **data
            )
        except plan_actions.PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Action added to the plan."))
            return redirect("planning:action", action_id=action.pk)
    return form_page(
        request,
        form,
        heading=_("Add an action"),
        caption=str(priority),
        button=_("Add the action"),
        back=reverse("planning:plan"),
    )


@roles_required(*access.EDITORS)
def edit_action(request, action_id):
    action = access.action_to_update(request.user, action_id)
    names = queries.need_names()
    initial = {
        **{name: getattr(action, name) for name in plan_actions.ACTION_FIELDS},
        "reference": action.reference,
        "measure_keys": "\n".join(action.measure_keys),
        "gaps": "\n".join(f"{gap.need_code}, {gap.town}" for gap in action.gaps.all()),
        "version": action.version,
    }
    form = ActionForm(request.POST or None, need_codes=names, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("reference")
        gaps, version = data.pop("gaps"), data.pop("version")
        try:
            plan_actions.edit_action(
                action.pk, by=request.user, expected_version=version, gaps=gaps, **data
            )
        except plan_actions.PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Action changed."))
            return redirect("planning:action", action_id=action.pk)
    return form_page(
        request,
        form,
        heading=_("Change the action"),
        caption=action.reference,
        button=_("Save the action"),
        back=reverse("planning:action", args=[action.pk]),
    )


@roles_required(*access.READERS)
def priority_report(request, priority_id):
    priority = get_object_or_404(Priority.objects.select_related("strategy"), pk=priority_id)
    return render(
        request,
        "planning/staff/priority.html",
        {"report": queries.priority_report(priority), **_rule_context()},
    )


@roles_required(*access.READERS)
def priority_pdf(request, priority_id):
    priority = get_object_or_404(Priority.objects.select_related("strategy"), pk=priority_id)
    report = queries.priority_report(priority)
    response = HttpResponse(reports.priority_pdf(report), content_type="application/pdf")
    name = f"priority-{priority.strategy_id}-{priority.number}-{report.today:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    def write(self, value):
        return value


@roles_required(*access.READERS)
def actions_csv(request):
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow([spreadsheet_safe(str(value)) for value in row])
        for row in [queries.CSV_COLUMNS, *queries.csv_rows()]
    )
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="delivery-plan-actions.csv"'
    return response
