from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.feedback import demo
from familyhub.referrals import demo as referrals_demo


class Command(BaseCommand):
    help = "Add a year of demonstration family feedback (demo only; after load_demo_casework)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for the demo only: only with DEBUG on.")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first.")
        if demo.loaded():
            self.stdout.write("Demo feedback already loaded.")
            return
        made = demo.load_demo_feedback()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded a year of feedback: {made['invitations']} invitations and "
                f"{made['answers']} answers (about {made['requests']} past requests and "
                f"{made['cases']} early help cases, and programmes). Response rates: sign in as "
                "analyst@example.org or board@example.org and open /staff/feedback/."
            )
        )
        for link in made["links"]:
            self.stdout.write(f"A family's feedback link (closed demo request): {link}")
