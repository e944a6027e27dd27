import logging
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand
from django.db import connections

from familyhub.notifications.services import deliver_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the messages that are due (a scheduled job does this each minute); --loop repeats."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep sending until stopped")
        parser.add_argument(
            "--every", type=float, default=30, help="seconds between rounds with --loop (30)"
        )
        parser.add_argument("--limit", type=int, default=100, help="most messages per round")
        parser.add_argument(
            "--rounds", type=int, default=0, help="with --loop, stop after this many (0: never)"
        )

    def handle(self, *, loop, every, limit, rounds, **options):
        if not loop:
            self._send(limit)
            return
        done = 0
        try:
            while not rounds or done < rounds:
                _drop_broken_connections()
                try:
                    self._send(limit)
                except ImproperlyConfigured:
                    raise  # settings do not change while running: stop and say why
                except Exception:  # a worker keeps going: the database may be back next time
                    logger.exception("Sending notifications failed; trying again in %ss", every)
                done += 1
                if not rounds or done < rounds:
                    time.sleep(every)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def _send(self, limit):
        counts = deliver_due(limit=limit)
        self.stdout.write(
            f"sent {counts['sent']}, retrying {counts['retrying']}, failed {counts['failed']}"
        )


def _drop_broken_connections():
    """Like close_old_connections, but never in the middle of a transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
