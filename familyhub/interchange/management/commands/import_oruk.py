"""Import an Open Referral UK 3.0 feed: `manage.py import_oruk <url, file or folder>`."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from familyhub.interchange import parallel
from familyhub.interchange.models import Outcome, RunStatus
from familyhub.interchange.oruk_import import records_per_second, run_oruk_import, start_run


class Command(BaseCommand):
    help = (
        "Import services from an ORUK 3.0 feed: an API's address (pages are followed), a JSON "
        "file, or a folder laid out like the ORUK validator's mock feeds."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="http(s) address, JSON file or folder")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="exit with an error when any record failed (for scheduled imports)",
        )
        parser.add_argument(
            "--show",
            choices=["problems", "all", "none"],
            default="problems",
            help="which records to list after the run (default: failed and skipped ones)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=parallel.cores(),
            help="processes reading records ahead (default: one a processor; 1: none)",
        )

    def handle(
        self, source, no_progress=False, show="problems", strict=False, workers=1, **options
    ):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        run = start_run(source)
        bar = tqdm(unit="record", disable=no_progress, file=self.stderr._out, dynamic_ncols=True)

        def progress(current):
            if bar.total is None and current.total:
                bar.total = current.total
            bar.update(current.processed - bar.n)
            bar.set_postfix(
                created=current.created,
                updated=current.updated,
                skipped=current.skipped,
                failed=current.failed,
                refresh=False,
            )

        run = run_oruk_import(run, progress=progress, workers=workers)
        bar.close()
        if run.status == RunStatus.FAILED:
            raise CommandError(run.error)
        self.report(run, show)
        if strict and run.failed:
            raise CommandError(f"{run.failed} of {run.processed} records failed (see above).")

    def report(self, run, show):
        wanted = {
            "all": list(Outcome.values),
            "problems": [Outcome.FAILED, Outcome.SKIPPED],
            "none": [],
        }[show]
        for result in run.results.filter(outcome__in=wanted):
            label = result.name or "(no name)"
            self.stdout.write(
                f"{result.position}. {result.get_outcome_display()}: {label} "
                f"[{result.record_id or 'no id'}]"
            )
            for reason in result.reasons:
                self.stdout.write(f"     - {reason}")
            if show == "all":
                for note in result.notes:
                    self.stdout.write(f"     note: {note}")
        speed = records_per_second(run)
        self.stdout.write(
            f"{run.processed} records from {run.source}: {run.created} created, {run.updated} "
            f"updated, {run.skipped} skipped, {run.failed} failed"
            + (f" ({speed:.1f} records a second)." if speed else ".")
        )
        self.stdout.write(f"Report: import run {run.id}")
