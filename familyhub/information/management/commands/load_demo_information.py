from django.core.management.base import BaseCommand

from familyhub.information import demo
from familyhub.places import demo as places_demo


class Command(BaseCommand):
    help = (
        "Add demonstration information pages for parents (English and Polish) and the places "
        "(family hubs, libraries, venues) of the demo directory (after load_demo_data)."
    )

    def handle(self, **options):
        places = places_demo.load_demo_places()
        self.stdout.write(f"Places: {places} made.")
        if demo.loaded():
            self.stdout.write("Demo information pages already loaded.")
            return
        made = demo.load_demo_information()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {made} information pages at /information/. Content editors "
                "(editor@example.org) edit them at /staff/information/."
            )
        )
