from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "familyhub.planning"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Running the strategy: the delivery plan, governance, co-production, charter"
    # Every relation of this app's to a directory record (merging duplicates moves it).
    directory_references = (
        "Action.organisation",
        "CharterSignUp.organisation",
        "CharterFeedback.service",
    )
