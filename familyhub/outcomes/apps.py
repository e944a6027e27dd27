from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    name = "familyhub.outcomes"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Outcomes"

    def ready(self):
        post_migrate.connect(_load_framework, sender=self, dispatch_uid="outcomes_framework")


def _load_framework(sender, using="default", **kwargs):
    from familyhub.outcomes.framework import load_framework

    load_framework(using=using)
