from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.programmes import demo
from familyhub.referrals import demo as referrals_demo


class Command(BaseCommand):
    help = "Add demonstration programme groups with places, attendance and scores (demo only)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for demonstration sites only (DEBUG on).")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first: the groups are its provider's.")
        if demo.loaded():
            self.stdout.write("Demo programmes already loaded.")
            return
        made = demo.load_demo_programmes()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {made['programmes']} programmes, {made['groups']} groups and "
                f"{made['places']} places. Sign in as provider@example.org and open "
                "Parenting programmes."
            )
        )
