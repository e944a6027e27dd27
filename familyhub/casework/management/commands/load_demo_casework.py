from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.casework import demo
from familyhub.referrals import demo as referrals_demo


class Command(BaseCommand):
    help = (
        "Add demonstration early help cases at every stage (demo only; after load_demo_requests)."
    )

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo people have a published password: only with DEBUG on.")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first: the cases are its families'.")
        if demo.loaded():
            self.stdout.write("Demo casework already loaded.")
            return
        made = demo.load_demo_casework()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {made} early help cases. Sign in as manager@example.org (team manager) or "
                f"earlyhelp@example.org (lead practitioner) with the password "
                f"{referrals_demo.DEMO_PASSWORD}; parent@example.org sees her family plan."
            )
        )
