from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familyhub.gaps import demo


class Command(BaseCommand):
    help = "Run the demonstration searches and log those that found little (demo only)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demonstration searches are for the demo: only with DEBUG on.")
        if demo.is_loaded():
            self.stdout.write("Demo searches already logged.")
            return
        counts = demo.load_demo_searches()
        self.stdout.write(
            self.style.SUCCESS(
                f"Ran {counts['searches']} demo searches: {counts['logged']} found little and "
                f"were logged, {counts['found_nothing']} of them found nothing."
            )
        )
