"""The RAG rule (familyhub/planning/rag.py), branch by branch."""

from datetime import date, timedelta

from familyhub.planning.rag import DUE_SOON_DAYS, STALE_AFTER_DAYS, Rag, expected_progress, rate

TODAY = date(2026, 6, 1)


def _rate(**given):
    values = {
        "complete": False,
        "start": TODAY - timedelta(days=100),
        "deadline": TODAY + timedelta(days=200),
        "progress": 30,
        "latest_update": TODAY - timedelta(days=5),
        "today": TODAY,
    }
    return rate(**(values | given))


def test_complete_is_blue_even_past_its_deadline():
    rating = _rate(complete=True, deadline=TODAY - timedelta(days=10), progress=100)
    assert rating.rag == Rag.BLUE


def test_past_its_deadline_and_not_complete_is_red():
    assert _rate(deadline=TODAY - timedelta(days=1)).rag == Rag.RED
    # On the deadline day itself it is not yet overdue.
    assert _rate(deadline=TODAY, progress=100).rag == Rag.GREEN


def test_no_update_for_longer_than_the_limit_is_amber():
    stale = _rate(latest_update=TODAY - timedelta(days=STALE_AFTER_DAYS + 1))
    assert stale.rag == Rag.AMBER and "No progress update" in stale.why
    assert _rate(latest_update=TODAY - timedelta(days=STALE_AFTER_DAYS)).rag == Rag.GREEN


def test_no_update_at_all_counts_from_the_start():
    assert _rate(latest_update=None, start=TODAY - timedelta(days=STALE_AFTER_DAYS + 1)).rag == (
        Rag.AMBER
    )
    assert _rate(latest_update=None, start=TODAY - timedelta(days=10)).rag == Rag.GREEN
    # Not started yet: its start is in the future, nothing is late.
    assert _rate(latest_update=None, start=TODAY + timedelta(days=10)).rag == Rag.GREEN


def test_due_soon_and_behind_is_amber_and_due_soon_on_track_is_green():
    start, deadline = TODAY - timedelta(days=80), TODAY + timedelta(days=20)  # 80% of time gone
    behind = _rate(start=start, deadline=deadline, progress=50)
    assert behind.rag == Rag.AMBER and "80% expected" in behind.why
    assert _rate(start=start, deadline=deadline, progress=80).rag == Rag.GREEN
    # Further than DUE_SOON_DAYS away, being behind is not yet amber.
    far = TODAY + timedelta(days=DUE_SOON_DAYS + 1)
    assert _rate(start=TODAY - timedelta(days=300), deadline=far, progress=0).rag == Rag.GREEN


def test_otherwise_green_and_no_deadline_is_never_red():
    assert _rate().rag == Rag.GREEN
    assert _rate(deadline=None, progress=0).rag == Rag.GREEN


def test_expected_progress_is_the_share_of_time_gone():
    start, deadline = date(2026, 1, 1), date(2026, 1, 11)
    assert expected_progress(start, deadline, date(2026, 1, 6)) == 50
    assert expected_progress(start, deadline, date(2025, 12, 1)) == 0
    assert expected_progress(start, deadline, date(2026, 2, 1)) == 100
    assert expected_progress(None, deadline, date(2026, 1, 6)) == 0
