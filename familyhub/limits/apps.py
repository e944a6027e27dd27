from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "familyhub.limits"
    verbose_name = "Rate limits"
