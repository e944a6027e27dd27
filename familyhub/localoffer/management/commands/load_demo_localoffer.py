from django.core.management.base import BaseCommand

from familyhub.localoffer.demo import load_demo_localoffer


class Command(BaseCommand):
    help = "Add demonstration answers to the Local Offer questions (after load_demo_data)."

    def handle(self, **options):
        made = load_demo_localoffer()
        self.stdout.write(
            self.style.SUCCESS(
                f"Local Offer answers for {made} services; see /local-offer/ and "
                "/api/local-offer/oruk/v3/services."
            )
            if made
            else "Demo Local Offer answers already loaded."
        )
