from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.referrals import demo as referrals_demo
from familyhub.workforce import demo


class Command(BaseCommand):
    help = "Add demonstration courses, training records and peer supporters (demo only)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for demonstration sites only (DEBUG on).")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first: the peer matches are its families'.")
        if demo.loaded():
            self.stdout.write("Demo workforce already loaded.")
            return
        made = demo.load_demo_workforce()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {made['courses']} courses, {made['records']} training records and "
                f"{made['peers']} peer supporters. Sign in as provider@example.org (peer "
                "supporters) or board@example.org (the workforce against need)."
            )
        )
