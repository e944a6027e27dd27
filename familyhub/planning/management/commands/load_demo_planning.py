from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.planning import demo
from familyhub.referrals import demo as referrals_demo


class Command(BaseCommand):
    help = (
        "Add the demonstration delivery plan, governance, co-production and Parent's Charter "
        "(demo only; after load_demo_requests)."
    )

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo people have a published password: only with DEBUG on.")
        if not referrals_demo.people_loaded():
            raise CommandError("Run load_demo_requests first: its people lead some actions.")
        if demo.loaded():
            self.stdout.write("Demo planning already loaded.")
            return
        made = demo.load_demo_planning()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the delivery plan ({made['actions']} actions). Sign in as "
                f"strategy@example.org (strategy lead), board@example.org (board member) or "
                f"familyhubs.lead@example.org (an action lead) with the password "
                f"{referrals_demo.DEMO_PASSWORD}: /staff/plan/. Public: /our-plan/, "
                f"/you-said-we-did/, /parents-charter/."
            )
        )
