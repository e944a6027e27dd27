from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "familyhub.offline"
    verbose_name = "Help for families offline"
