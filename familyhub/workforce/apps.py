from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "familyhub.workforce"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Workforce training and peer support"
    # Every relation of this app's to an organisation (merging duplicates moves it).
    directory_references = ("PeerSupporter.organisation",)
