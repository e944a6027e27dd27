from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DirectoryConfig(AppConfig):
    name = "familyhub.directory"
    verbose_name = "Service directory"
    default_auto_field = "django.db.models.BigAutoField"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = (
        "Organisation.parent_organisation",
        "Service.organisation",
        "ServiceTerm.service",
        "ServiceAtLocation.service",
        "ServiceAtLocation.location",
        "Contact.service",
        "Contact.organisation",
        "Schedule.service",
        "Schedule.service_at_location",
        "CostOption.service",
        "Language.service",
        "ServiceArea.service",
        "Funding.service",
        "Address.location",
        "Accessibility.location",
    )

    def ready(self):
        post_migrate.connect(_load_reference_data, sender=self, dispatch_uid="directory_reference")


def _load_reference_data(sender, using="default", **kwargs):
    # Here, not at the top: this module is imported before the app's models are ready.
    from familyhub.directory.reference_data import load_reference_taxonomies

    load_reference_taxonomies(using=using)
