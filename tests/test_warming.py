"""A new web worker loads what its first request would (familyhub/warming.py), and a failure
there never stops it starting."""

import gc
import runpy
from pathlib import Path

import pytest

from familyhub import warming
from familyhub.directory.search import spelling

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def test_warming_up_reads_the_spelling_vocabulary_and_fails_nothing():
    spelling.forget_vocabulary()
    assert warming.warm_up() == []
    assert "vocabulary" in spelling._cache
    # What was loaded is left out of the collector's later full passes.
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_a_step_that_fails_is_left_to_the_first_request(monkeypatch, caplog):
    def unreachable():
        raise ConnectionError("database not reachable yet")

    monkeypatch.setattr(spelling, "vocabulary", unreachable)
    assert warming.warm_up() == ["spelling vocabulary"]
    assert "spelling vocabulary failed" in caplog.text
    gc.unfreeze()


def test_gunicorn_warms_each_new_worker(monkeypatch):
    called = []
    monkeypatch.setattr(warming, "warm_up", lambda: called.append(True))
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    settings["post_worker_init"](worker=None)
    assert called == [True]
