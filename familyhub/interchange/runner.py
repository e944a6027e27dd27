"""Starting an import run from a page. The run goes on in a background thread (after the request
that queued it commits) so the page can show its progress; the run's own counts are the
progress. With INTERCHANGE_IMPORTS_IN_BACKGROUND off (tests), it runs before the page answers.

A run cut short by a restart stays "Running"; its page says when it started, and the data
manager imports again (records are matched by id, so nothing is doubled).
"""

import threading

from django.conf import settings
from django.db import connection, transaction

from familyhub.interchange.csv_import import run_csv_import
from familyhub.interchange.models import ImportKind, ImportRun
from familyhub.interchange.oruk_import import run_oruk_import


def in_background() -> bool:
    return getattr(settings, "INTERCHANGE_IMPORTS_IN_BACKGROUND", True)


def run_now(run_id):
    run = ImportRun.objects.get(pk=run_id)
    if run.kind == ImportKind.CSV:
        return run_csv_import(run, run.upload)
    return run_oruk_import(run)


def _run_in_thread(run_id):
    try:
        run_now(run_id)
    finally:
        connection.close()


def start(run: ImportRun):
    if not in_background():
        run_now(run.pk)
        return
    transaction.on_commit(
        lambda: threading.Thread(
            target=_run_in_thread, args=(run.pk,), name=f"import-{run.pk}", daemon=True
        ).start()
    )
