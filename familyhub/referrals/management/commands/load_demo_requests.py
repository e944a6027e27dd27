from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.referrals import demo


class Command(BaseCommand):
    help = "Add demonstration people (one per role) and requests for support (demo only)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo people have a published password: only with DEBUG on.")
        if demo.people_loaded():
            self.stdout.write("Demo people and requests already loaded.")
            return
        counts = demo.load_demo_people_and_requests()
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {counts['people']} demo people and {counts['requests']} requests. "
            f"Sign in at /accounts/sign-in/ as provider@example.org, practitioner@example.org, "
            f"triage@example.org, parent@example.org or admin@example.org with the password "
            f"{demo.DEMO_PASSWORD}"
        ))  # fmt: skip
