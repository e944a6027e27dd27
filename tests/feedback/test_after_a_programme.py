"""A family who completes a parenting programme is asked how it went, once per programme, by its
safe way (the programmes app calls feedback's declared hook once the completion is saved)."""

import pytest

from familyhub.feedback.models import About, FeedbackInvitation
from familyhub.notifications.models import Message
from familyhub.programmes import places
from familyhub.programmes.models import PlaceStatus
from tests.programmes.helpers import accepted, make_group, make_programme

pytestmark = pytest.mark.django_db


def _complete(programme, support_request, capture):
    group = make_group(programme, sessions=1)
    place = places.place_request(group.pk, support_request.pk, by=None)
    places.record_attendance(group.sessions.get(), [place.pk], by=None)
    with capture(execute=True):
        places.record_completion(place.pk, PlaceStatus.COMPLETED, by=None)
    return place


def test_completing_a_programme_asks_the_family_once(django_capture_on_commit_callbacks):
    programme = make_programme()
    support_request = accepted(programme.service)
    _complete(programme, support_request, django_capture_on_commit_callbacks)
    invitation = FeedbackInvitation.objects.get(about=About.PROGRAMME)
    assert invitation.family_id == support_request.family_id
    assert invitation.service == programme.service
    assert invitation.programme_name == programme.service.name
    assert invitation.sent_at is not None
    assert Message.objects.filter(kind="feedback_asked").count() == 1

    # The same family completing a later group of the same programme is not asked again.
    again = accepted(programme.service)
    again.family = support_request.family
    again.save(update_fields=["family"])
    _complete(programme, again, django_capture_on_commit_callbacks)
    assert FeedbackInvitation.objects.filter(about=About.PROGRAMME).count() == 1


def test_leaving_a_programme_asks_nothing(django_capture_on_commit_callbacks):
    programme = make_programme()
    group = make_group(programme, sessions=1)
    place = places.place_request(group.pk, accepted(programme.service).pk, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        places.record_completion(place.pk, PlaceStatus.LEFT, by=None)
    assert not FeedbackInvitation.objects.exists()
