from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "familyhub.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from familyhub.accounts import sessions  # noqa: F401 (the sign-in clock's receiver)
