"""The administrators' page of background work (/admin/jobs/backgroundwork/): what is
queued, running, finished and failed, each failure with its error, and the schedule. Only
administrators see it; nobody can change or delete a row (the schedule clears old ones)."""

from django.contrib import admin, messages
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.jobs.models import BackgroundWork
from familyhub.jobs.schedule import SCHEDULE

# The library registers its own page for the same rows; this one replaces it.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

WHAT = {job.task.module_path: job.name for job in SCHEDULE} | {
    "familyhub.notifications.services.send_message": "Send a message",
    "familyhub.interchange.runner.run_import": "Run an import",
}


def is_administrator(user) -> bool:
    return bool(user.is_active and (user.is_superuser or role_of(user) == Role.ADMINISTRATOR))


@admin.register(BackgroundWork)
class BackgroundWorkAdmin(DBTaskResultAdmin):
    list_display = ["what", "status", "enqueued_at", "started_at", "finished_at", "queue_name",
                    "error"]  # fmt: skip
    list_filter = ["status", "queue_name"]
    actions = ["queue_again"]

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_queue_again_permission(self, request):
        return is_administrator(request.user)

    @admin.display(description="Work", ordering="task_path")
    def what(self, obj):
        return WHAT.get(obj.task_path, obj.task_path.rsplit(".", 1)[-1])

    @admin.display(description="Error")
    def error(self, obj):
        """The exception's own line (the last of its traceback); the whole of it on the row."""
        lines = [line for line in obj.traceback.splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""

    @admin.action(description="Queue again (failed work)", permissions=["queue_again"])
    def queue_again(self, request, queryset):
        again = 0
        for work in queryset.filter(status=TaskResultStatus.FAILED):
            try:
                task = work.task
            except (ImportError, SuspiciousOperation):  # its code is gone: nothing to run
                continue
            task.enqueue(*work.args_kwargs["args"], **work.args_kwargs["kwargs"])
            again += 1
        self.message_user(request, f"{again} piece(s) of failed work queued again.", messages.INFO)

    def changelist_view(self, request, extra_context=None):
        now = timezone.now()
        counts = {status: 0 for status in TaskResultStatus.values}
        for status in BackgroundWork.objects.values_list("status", flat=True):
            counts[status] += 1
        schedule = [
            {"name": job.name, "key": job.key, "cron": job.cron, "next": job.next_time(now)}
            for job in SCHEDULE
        ]
        extra = {"counts": counts, "schedule": schedule, **(extra_context or {})}
        return super().changelist_view(request, extra)
