from django.apps import AppConfig


class FinderConfig(AppConfig):
    name = "familyhub.finder"
    verbose_name = "Families' front door"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = ("SuggestedChange.service",)

    def ready(self):
        from familyhub.finder import (
            checks,  # noqa: F401  (registers the branding check)
            needs_offered,  # noqa: F401  (forgets empty needs on saves)
        )
