from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "familyhub.outcomes"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Outcomes"
