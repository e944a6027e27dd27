"""The administrators' page of background work: queued, running and failed work, each failure
with its error, and the schedule; nobody else sees it."""

import pytest
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from familyhub.accounts.models import Role
from familyhub.notifications.services import queue_message
from tests.referrals.helpers import person
from tests.worker import run_worker

PAGE = reverse("admin:jobs_backgroundwork_changelist")
SEND = "familyhub.notifications.services.send_message"
ERROR = "ImproperlyConfigured: NOTIFY_API_KEY is missing"


def administrator():
    user = person(Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    return user


def work(status, task_path=SEND, traceback="", args=("0",)):
    return DBTaskResult.objects.create(
        status=status, task_path=task_path, traceback=traceback, backend_name="default",
        args_kwargs={"args": list(args), "kwargs": {}},
    )  # fmt: skip


@pytest.mark.django_db
def test_administrators_see_queued_running_and_failed_work_with_its_error(client):
    work(TaskResultStatus.READY)
    work(TaskResultStatus.RUNNING, task_path="familyhub.interchange.runner.run_import")
    traceback = f'Traceback (most recent call last):\n  File "backends.py"\n{ERROR} (set it).\n'
    failed = work(TaskResultStatus.FAILED, traceback=traceback)
    client.force_login(administrator())

    page = client.get(PAGE).content.decode()

    assert 'id="count-ready">1<' in page
    assert 'id="count-running">1<' in page
    assert 'id="count-failed">1<' in page
    assert "Send a message" in page and "Run an import" in page
    assert ERROR in page
    assert "Ask providers to check services not checked for 6 months" in page  # the schedule
    assert "0 7 * * *" in page
    one = client.get(reverse("admin:jobs_backgroundwork_change", args=[failed.pk]))
    assert "Traceback (most recent call last)" in one.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert PAGE in index


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DATA_MANAGER, Role.ANALYST])
def test_nobody_else_sees_it_even_with_the_admin_open_to_them(client, role):
    user = person(role)
    user.is_staff = True  # data managers use the admin for the directory
    user.save()
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert PAGE not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_the_librarys_own_page_for_the_same_rows_is_gone(client):
    client.force_login(administrator())
    library_page = "/admin/django_tasks_database/dbtaskresult/"
    assert client.get(library_page).status_code == 404


@pytest.mark.django_db
def test_failed_work_can_be_queued_again(client, database_tasks):
    failed = work(TaskResultStatus.FAILED, traceback=ERROR, args=("42",))
    work(TaskResultStatus.SUCCESSFUL)
    client.force_login(administrator())
    response = client.post(
        PAGE,
        {"action": "queue_again", "_selected_action": list(
            DBTaskResult.objects.values_list("pk", flat=True))},
    )  # fmt: skip
    assert response.status_code == 302
    [again] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert (again.task_path, again.args_kwargs["args"]) == (SEND, ["42"])
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED  # kept


@pytest.mark.django_db(transaction=True)
def test_work_the_worker_failed_shows_its_error(client, settings, database_tasks):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = ""  # misconfigured: every send fails before trying
    queue_message(channel="email", to="parent@example.org", kind="request_sent",
                  reference="FH-ABCD-2345", link="https://familyhub.example.org/t/")  # fmt: skip
    run_worker()
    [failed] = DBTaskResult.objects.all()
    assert failed.status == TaskResultStatus.FAILED
    client.force_login(administrator())
    page = client.get(PAGE + "?status__exact=FAILED").content.decode()
    assert "Send a message" in page and ERROR in page
