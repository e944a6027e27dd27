from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PostcodesConfig(AppConfig):
    name = "familyhub.postcodes"
    verbose_name = "Postcodes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here, not at the top: this module is imported before the app's models are ready.
        from familyhub.postcodes.districts import load_shipped_districts

        post_migrate.connect(_load_districts, sender=self, dispatch_uid="load_shipped_districts")
        self._loader = load_shipped_districts


def _load_districts(sender, using="default", **kwargs):
    sender._loader(using=using)
