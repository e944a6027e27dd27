from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from familyhub.postcodes.importing import READERS, import_postcodes


class Command(BaseCommand):
    help = (
        "Import full postcodes from the ONS Postcode Directory (ONSPD) or OS Code-Point Open "
        "(CSV, folder of CSVs, or zip). Streams the rows with a progress bar."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format", choices=sorted(READERS), default="onspd", dest="file_format"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, path, file_format, no_progress, **options):
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")

        def progress_factory(total, desc):
            return tqdm(total=total, desc=desc, unit="B", unit_scale=True, file=self.stderr)

        report = import_postcodes(path, file_format, None if no_progress else progress_factory)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.imported} postcodes; skipped {report.skipped}; "
                f"refreshed {report.districts} district centroids."
            )
        )
        for reason, count in sorted(report.reasons.items()):
            self.stdout.write(f"  skipped {count}: {reason}")
