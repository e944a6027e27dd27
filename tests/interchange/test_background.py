"""Imports started from a page are background work: the page queues the run and answers; the
worker runs it (so a run goes on whatever happens to the web process) and the page follows
its counts. One attempt at a time holds a run; an interrupted one is started again, once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from familyhub.accounts.models import Role
from familyhub.directory import models as m
from familyhub.interchange import export, runner
from familyhub.interchange.models import ImportKind, ImportResult, ImportRun, Outcome, RunStatus
from tests.referrals.helpers import person
from tests.worker import run_worker

TEMPLATE = export.template_rows()  # the CSV template: its columns and one example row
EXAMPLE = TEMPLATE[1][TEMPLATE[0].index("name")]
CSV = "".join(export.csv_text(TEMPLATE))


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_the_worker_not_the_web_process(client, database_tasks):
    client.force_login(person(Role.DATA_MANAGER))

    response = client.post(
        reverse("interchange:import_csv"), {"file": SimpleUploadedFile("s.csv", CSV.encode())}
    )

    # The page only queued the run.
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.attempts, run.processed) == (RunStatus.QUEUED, 0, 0)
    assert not m.Service.objects.filter(name=EXAMPLE).exists()
    [task] = DBTaskResult.objects.all()
    assert (task.task_path, task.queue_name, task.args_kwargs["args"]) == (
        "familyhub.interchange.runner.run_import", "imports", [str(run.pk)]
    )  # fmt: skip
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in waiting and 'http-equiv="refresh"' in waiting

    # The worker for imports runs it.
    run_worker(queue="imports")

    run.refresh_from_db()
    task.refresh_from_db()
    assert (run.status, run.created, run.attempts, run.upload) == (RunStatus.FINISHED, 1, 1, "")
    assert m.Service.objects.filter(name=EXAMPLE).exists()
    assert (task.status, task.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["test-worker"])
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-created">1<' in page and 'http-equiv="refresh"' not in page


# --- one attempt at a time ------------------------------------------------------------------


def queued_run(**fields) -> ImportRun:
    return ImportRun.objects.create(kind=ImportKind.CSV, source="s.csv", upload=CSV, **fields)


@pytest.mark.django_db
def test_a_queued_run_is_claimed_by_one_attempt_only():
    run = queued_run()
    first = runner.claim(run.pk)
    assert (first.status, first.attempts) == (RunStatus.RUNNING, 1)
    assert runner.claim(run.pk) is None
    # Its task queued a second time does nothing: the run is not run twice in parallel.
    assert runner.run_import.call(str(run.pk)) == {"run": str(run.pk), "ran": False}
    assert not ImportResult.objects.filter(run=run).exists()


@pytest.mark.django_db
def test_an_attempt_whose_run_was_taken_over_stops_at_its_next_heartbeat():
    run = runner.claim(queued_run().pk)
    runner.beat(run.pk, 1)  # still ours
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)  # taken for interrupted
    runner.claim(run.pk)  # attempt 2 holds it now
    with pytest.raises(runner.RunTakenOver):
        runner.beat(run.pk, 1)
    runner.beat(run.pk, 2)


def interrupted_run(*, attempts, minutes_ago):
    """A run whose worker stopped mid-way: running, with some results, no heartbeat since."""
    run = queued_run(
        status=RunStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago),
        total=1,
        processed=1,
        created=1,
    )
    ImportResult.objects.create(run=run, position=2, name=EXAMPLE, outcome=Outcome.CREATED)
    return run


@pytest.mark.django_db
def test_an_interrupted_run_is_started_over_once_without_doubling_its_report(settings):
    settings.INTERCHANGE_RUN_STALE_MINUTES = 30
    run = interrupted_run(attempts=1, minutes_ago=31)

    assert runner.requeue_interrupted() == {"requeued": 1, "failed": 0}

    run.refresh_from_db()  # (the tests' tasks run at once: attempt 2 has run it)
    assert (run.status, run.attempts, run.processed, run.created) == (RunStatus.FINISHED, 2, 1, 1)
    assert run.results.count() == 1
    assert runner.requeue_interrupted() == {"requeued": 0, "failed": 0}


@pytest.mark.django_db
def test_a_run_interrupted_at_its_last_attempt_fails_saying_why(settings):
    settings.INTERCHANGE_RUN_ATTEMPTS = 2
    run = interrupted_run(attempts=2, minutes_ago=31)

    assert runner.requeue_interrupted() == {"requeued": 0, "failed": 1}

    run.refresh_from_db()
    assert (run.status, run.upload) == (RunStatus.FAILED, "")
    assert run.error.startswith("The import was interrupted 2 times")
    assert "Import it again" in run.error


@pytest.mark.django_db
def test_runs_alive_or_from_the_command_line_are_left_alone():
    alive = interrupted_run(attempts=1, minutes_ago=5)
    command_line = ImportRun.objects.create(
        kind=ImportKind.ORUK, source="feed.json", status=RunStatus.RUNNING
    )  # the import_oruk command: no attempts, no heartbeat
    assert runner.requeue_interrupted() == {"requeued": 0, "failed": 0}
    for run in (alive, command_line):
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING
