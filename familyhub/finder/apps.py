from django.apps import AppConfig


class FinderConfig(AppConfig):
    name = "familyhub.finder"
    verbose_name = "Families' front door"

    def ready(self):
        # Here, not at the top: this module is imported before the app's models are ready.
        from familyhub.finder import (
            checks,  # noqa: F401  (registers the branding check)
            needs_offered,  # noqa: F401  (forgets empty needs on saves)
        )
