"""The scheduler: queues the scheduled jobs (familyhub/jobs/schedule.py) at their times for
the worker (`manage.py db_worker`) to run. Run exactly one, beside the workers."""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from familyhub.jobs.schedule import SCHEDULE, job_named
from familyhub.jobs.scheduler import build_scheduler, catch_up, queue_job


class Command(BaseCommand):
    help = "Queue the scheduled jobs at their times, for the worker; run exactly one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="print the schedule and the next times; exit"
        )
        parser.add_argument(
            "--now", metavar="JOB", help="queue this job once now (its short name); exit"
        )

    def handle(self, *, list, now, verbosity, **options):
        if verbosity < 2:  # APScheduler's own news of each job added and run
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
        if list:
            moment = timezone.now()
            for job in SCHEDULE:
                next_time = timezone.localtime(job.next_time(moment))
                self.stdout.write(
                    f"{job.key:30} {job.cron:14} next {next_time:%Y-%m-%d %H:%M}  {job.name}"
                )
            return
        if now:
            try:
                job = job_named(now)
            except KeyError as error:
                raise CommandError(error.args[0]) from None
            result = queue_job(job)
            self.stdout.write(f"Queued {job.key} ({result.id}).")
            return
        for job in catch_up():
            self.stdout.write(f"Queued {job.key}: its latest time passed while stopped.")
        scheduler = build_scheduler()

        def stop(*_):
            if scheduler.running:
                scheduler.shutdown(wait=False)
            else:  # still starting
                raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        try:
            self.stdout.write(f"Scheduler running: {len(SCHEDULE)} jobs (Ctrl+C to stop).")
            scheduler.start()  # blocks until shut down
        except (KeyboardInterrupt, SystemExit):
            pass
        self.stdout.write("Scheduler stopped.")
