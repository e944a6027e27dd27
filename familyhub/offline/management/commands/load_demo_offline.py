from django.core.management.base import BaseCommand

from familyhub.offline.demo import load_demo_on_behalf


class Command(BaseCommand):
    help = "Add a demonstration request made on a family's behalf (after load_demo_requests)."

    def handle(self, **options):
        made = load_demo_on_behalf()
        self.stdout.write(
            self.style.SUCCESS(
                f"Request {made.reference} made by phone on a family's behalf by "
                "triage@example.org (see /staff/triage/ and /staff/on-behalf/)."
            )
            if made
            else "Demo request on a family's behalf already loaded (or no demo people yet)."
        )
