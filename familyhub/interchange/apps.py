from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "familyhub.interchange"
    verbose_name = "Import, export and duplicates"
    default_auto_field = "django.db.models.BigAutoField"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = ("ImportReview.service", "PartnerFeed.organisation")
