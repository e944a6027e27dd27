"""Apply the retention policy: delete or anonymise what is due. Run daily."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.retention.policy import PolicyError, load_policy
from familyhub.retention.services import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise the personal data the retention policy says is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            policy = load_policy()
        except PolicyError as error:
            raise CommandError(str(error)) from None
        run = apply_retention(dry_run=dry_run, policy=policy)
        verb = {"delete": "to delete", "anonymise": "to anonymise"} if dry_run else {
            "delete": "deleted", "anonymise": "anonymised"}  # fmt: skip
        for kind, result in run.results.items():
            self.stdout.write(f"{policy[kind].name}: {result['count']} {verb[result['then']]}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {run.total} records (run {run.pk})."))
