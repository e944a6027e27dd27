from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "familyhub.interchange"
    verbose_name = "Import, export and duplicates"
    default_auto_field = "django.db.models.BigAutoField"
