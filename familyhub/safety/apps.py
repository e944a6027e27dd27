from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "familyhub.safety"
    verbose_name = "Safety: recognising danger in what families write"
