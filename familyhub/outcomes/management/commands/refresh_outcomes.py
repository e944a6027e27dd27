from django.core.management.base import BaseCommand

from familyhub.outcomes.refresh import refresh


class Command(BaseCommand):
    help = "Work out the outcomes dashboard's figures again (the nightly job does this too)."

    def handle(self, *args, **options):
        rows = refresh()
        self.stdout.write(f"Outcomes worked out again: {rows} figures.")
