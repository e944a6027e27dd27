from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "familyhub.audit"
    default_auto_field = "django.db.models.BigAutoField"
