from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "familyhub.programmes"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Parenting programmes run as groups"
    # Every relation of this app's to a service or place (merging duplicates moves it).
    # (A programme is one per service: merging two services that both run as programmes merges
    # the two programmes, moving the duplicate's groups onto the kept one.)
    directory_references = ("Programme.service", "Group.venue", "Group.programme")
    # The one wait (referrals/waiting.py) asks this for services run as groups: the weeks until
    # the next group with a free place (decision 0037). Read by name: referrals never imports us.
    service_waits = "familyhub.programmes.places.group_waits"

    def ready(self):
        # A group's sessions show on its venue's "What's on here" (places/whats_on.py).
        from familyhub.places.whats_on import register_source
        from familyhub.programmes.whats_on import group_sessions

        register_source(group_sessions)
