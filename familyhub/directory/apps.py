from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    name = "familyhub.directory"
    verbose_name = "Service directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_load_reference_data, sender=self, dispatch_uid="directory_reference")


def _load_reference_data(sender, using="default", **kwargs):
    from familyhub.directory.reference_data import load_reference_taxonomies

    load_reference_taxonomies(using=using)
