"""Ask services to update families whose support has not started by its expected start.

Run daily. Safe to run as often as you like: each expected start is reminded once.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from familyhub.referrals.reminders import remind_late_starts


class Command(BaseCommand):
    help = "Queue reminders to services about requests whose expected start has passed."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD), for tests")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("--today must be a date like 2026-11-30.") from error
        counts = remind_late_starts(day)
        self.stdout.write(
            f"Reminded services about {counts['reminded']} late starts; "
            f"{counts['already_reminded']} already reminded."
        )
