from django.core.management.base import BaseCommand

from familyhub.places.making import make_places


class Command(BaseCommand):
    help = "Make a place page for every directory location with a service that has none."

    def handle(self, **options):
        made = make_places()
        self.stdout.write(self.style.SUCCESS(f"Made {len(made)} places."))
