from django.core.management.base import BaseCommand

from familyhub.directory import demo


class Command(BaseCommand):
    help = "Load the Medway demonstration directory (fictional contact details)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Remove and reload the demo data")

    def handle(self, reset, **options):
        if demo.is_loaded():
            if not reset:
                self.stdout.write("Demo data already loaded (use --reset to reload).")
                return
            demo.remove_demo_data()
        counts = demo.load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                "Loaded demo data: {organisations} organisations, {locations} locations, "
                "{services} services.".format(**counts)
            )
        )
