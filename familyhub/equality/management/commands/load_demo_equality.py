from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.equality import demo
from familyhub.referrals import demo as referrals_demo


class Command(BaseCommand):
    help = (
        "Add demonstration equality answers and a year of earlier requests with feedback, so the "
        "equality report shows figures (demo only; after the other demo loaders)."
    )

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG on.")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first.")
        if demo.loaded():
            self.stdout.write("Demo equality figures already loaded.")
            return
        made = demo.load_demo_equality()
        self.stdout.write(
            self.style.SUCCESS(
                f"Answered the equality questions for {made['answered']} people in the demo "
                f"families, and added {made['requests']} earlier requests from "
                f"{made['families']} made-up families. Sign in as analyst@example.org or "
                f"board@example.org to see /staff/equality/."
            )
        )
