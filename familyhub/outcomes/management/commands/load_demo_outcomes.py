from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.outcomes import demo


class Command(BaseCommand):
    help = "Add a year of demonstration outcomes (demo only; after the other demo loaders)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demonstration figures are made up: only with DEBUG on.")
        if demo.loaded():
            self.stdout.write("Demo outcomes already loaded.")
            return
        made = demo.load_demo_outcomes()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded a year of outcomes: {made['requests']} requests, {made['cases']} early "
                f"help cases, {made['answers']} feedback answers; {made['figures']} figures "
                "worked out. Sign in as board@example.org to see the dashboard at /staff/outcomes/."
            )
        )
