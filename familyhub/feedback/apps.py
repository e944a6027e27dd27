from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Family feedback"
    # The service an ask was about moves onto the record kept when duplicates are merged
    # (interchange/duplicates.py).
    directory_references = ("FeedbackInvitation.service",)
    # A family who completes a parenting programme is asked how it went (programmes/places.py
    # calls it once the completion is saved; programmes never imports this app).
    programme_place_completed = "familyhub.feedback.asking.ask_after_programme"

    def ready(self):
        from familyhub.feedback import asking, starting

        asking.connect()
        starting.connect()
