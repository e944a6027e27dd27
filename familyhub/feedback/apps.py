from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Family feedback"
    # The service an ask was about moves onto the record kept when duplicates are merged
    # (interchange/duplicates.py).
    directory_references = ("FeedbackInvitation.service",)

    def ready(self):
        from familyhub.feedback import asking, starting

        asking.connect()
        starting.connect()
