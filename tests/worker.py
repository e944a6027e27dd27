"""The real worker, run in the test's process: django-tasks-db's `db_worker` command in batch
mode (every task that is ready, then it stops). Use it in transactional tests only: the worker
commits its own transactions, as it does in production."""

import signal

from django.core.management import call_command


def run_worker(queue="*"):
    """Run every ready task of these queues ("*": all) to the end, as the worker would."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
            "--queue-name", queue, "--worker-id", "test-worker", verbosity=0,
        )  # fmt: skip
    finally:  # the worker takes Ctrl+C for itself: give it back to pytest
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
