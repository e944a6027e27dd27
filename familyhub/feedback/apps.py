from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Family feedback"
    # A merge of duplicate services moves the invitations' service (interchange/duplicates.py).
    directory_references = ("FeedbackInvitation.service",)
