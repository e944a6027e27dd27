from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "familyhub.information"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Information for parents and pathways"
