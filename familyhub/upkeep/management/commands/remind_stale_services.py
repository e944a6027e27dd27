"""Ask providers to check services whose details have not been checked for 6 months.

Safe to run as often as you like (daily is plenty): each check date is reminded once.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from familyhub.upkeep.freshness import remind_stale_services


class Command(BaseCommand):
    help = "Queue reminders to providers whose services were last checked 6 months ago or more."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD), for tests")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("--today must be a date like 2026-11-30.") from error
        counts = remind_stale_services(day)
        self.stdout.write(
            f"Reminded about {counts['services']} services ({counts['messages']} messages); "
            f"{counts['already_reminded']} already reminded."
        )
