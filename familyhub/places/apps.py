from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "familyhub.places"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Places and what's on"
    # A place is a directory location's page: merging two locations moves the place with them.
    directory_references = ("Place.location",)
