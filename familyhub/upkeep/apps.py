from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    name = "familyhub.upkeep"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Keeping the directory true"
