from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "familyhub.retention"
    verbose_name = "Retention and erasure of personal data"

    def ready(self):
        from familyhub.retention import checks  # noqa: F401 (registers the policy check)
