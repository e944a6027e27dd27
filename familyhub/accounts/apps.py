from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "familyhub.accounts"
    default_auto_field = "django.db.models.BigAutoField"
    # Every relation of this app's to a service, organisation or place, which merging duplicates
    # moves onto the record kept (interchange/duplicates.py refuses a merge that would leave one
    # unaccounted for).
    directory_references = ("Team.organisation", "Profile.organisation")

    def ready(self):
        from familyhub.accounts import sessions  # noqa: F401 (the sign-in clock's receiver)
