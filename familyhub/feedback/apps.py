from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Family feedback"
