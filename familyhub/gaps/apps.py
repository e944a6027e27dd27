from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "familyhub.gaps"
    verbose_name = "Map of services: gaps and overlaps"
