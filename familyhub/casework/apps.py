from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "familyhub.casework"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Early help casework"
    # Every relation of this app's to a service (merging duplicate services moves it): the
    # services a step down names (the many-to-many table's link to the service).
    directory_references = ("Case_step_down_services.service",)
