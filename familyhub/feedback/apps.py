from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Family feedback"

    def ready(self):
        from familyhub.feedback import asking, starting

        asking.connect()
        starting.connect()
