import pytest

from tests.notifications import fake_notify


@pytest.fixture
def notify(settings):
    """A fake GOV.UK Notify on 127.0.0.1, with the notify backend pointed at it."""
    server = fake_notify.FakeNotify().start()
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_BASE_URL = server.url
    settings.NOTIFY_API_KEY = fake_notify.API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = fake_notify.EMAIL_TEMPLATE_ID
    settings.NOTIFY_SMS_TEMPLATE_ID = fake_notify.SMS_TEMPLATE_ID
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    yield server
    server.stop()


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.NOTIFICATIONS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path / "outbox"
    return settings.NOTIFICATIONS_FILE_DIR
