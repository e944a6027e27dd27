from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "familyhub.referrals"
    default_auto_field = "django.db.models.BigAutoField"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = (
        "SupportRequest.service",
        "SupportRequest.suggested_service",
        "Draft.service",
    )
    # Relations whose rows this app moves itself (with their history), not by a plain update.
    directory_movers = {
        "SupportRequest.service": "familyhub.referrals.actions.service_merged",
        "SupportRequest.suggested_service": "familyhub.referrals.actions.service_merged",
    }
