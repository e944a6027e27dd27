from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "familyhub.casework"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Early help casework"
    # No relation of this app's points at a service, organisation or place (yet).
    directory_references = ()
