from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    name = "familyhub.upkeep"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Keeping the directory true"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = (
        "ProposedChange.service",
        "ProposedChange.organisation",
        "ServiceVersion.service",
        "FreshnessReminder.service",
        "SuggestedChange.service",
    )
