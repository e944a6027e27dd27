from django.core.management.base import BaseCommand

from familyhub.interchange import demo


class Command(BaseCommand):
    help = "Add demonstration partners' feeds (one pulled, one held, one failing)."

    def handle(self, **options):
        if demo.loaded():
            self.stdout.write("Demo partners' feeds already loaded.")
            return
        made = demo.load_demo_partner_feeds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {made} partners' feeds: see /staff/data/feeds/ as {demo.DATA_MANAGER}."
            )
        )
