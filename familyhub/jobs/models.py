"""Background work as administrators see it: the task rows of django-tasks-db's database
backend (queued, running, finished, failed), under a plain name. No table of its own."""

from django_tasks_db.models import DBTaskResult


class BackgroundWork(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = "background work"
        verbose_name_plural = "background work"
