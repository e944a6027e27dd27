from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "familyhub.equality"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Equality of access and outcomes"
