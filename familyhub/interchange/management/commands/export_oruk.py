"""Export the directory: `manage.py export_oruk [--format json|csv] [--output FILE]`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from familyhub.interchange import export, parallel


class Command(BaseCommand):
    help = "Export every service as ORUK 3.0 JSON (one page of full records) or as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument(
            "--workers",
            type=int,
            default=parallel.cores(),
            help="processes making the JSON records (default: one a processor; 1: this one)",
        )

    def handle(self, format="json", output=None, workers=1, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if format == "json":
            chunks = export.oruk_json(workers=workers)
        else:
            chunks = export.csv_text(export.csv_rows())
        if not output:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Written to {output}.")
