from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "familyhub.localoffer"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "SEND Local Offer"
    # Every relation of this app's to a service (merging duplicate services moves it).
    directory_references = ("LocalOfferAnswers.service",)
