"""Cases made the real way (actions.open_case from a request), and the people around them."""

from familyhub.casework import actions
from familyhub.casework.states import OpenedFrom
from tests.personas import person, team_in
from tests.referrals.helpers import make_request


def casework_team(name="Early help team"):
    from familyhub.directory.models import Organisation

    return team_in(Organisation.objects.order_by("name").first(), name)


def triage_request(**answers):
    """A "not sure which service" request: the early help triage queue's."""
    return make_request(None, **answers)


def open_case(*, team=None, lead=None, by=None, support_request=None):
    """A case opened from a triage request, with the family's consent."""
    team = team or casework_team()
    support_request = support_request or triage_request()
    by = by or person("triage")
    return actions.open_case(
        family=support_request.family,
        by=by,
        opened_from=OpenedFrom.TRIAGE,
        team=team,
        given_by_name="Sam Parent",
        share_with="Health visiting; Greenway Primary School",
        lead=lead,
        source_request=support_request,
    )
