"""Where the equality questions are offered, to whom, and about whom: after a request is sent
(the family, or the practitioner who referred, recording what the family chose to tell), and on
an early help case (its lead, with the family's agreement). Nothing here shows an answer already
held: a family sees and changes its answers on "Your family"."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.casework import access as case_access
from familyhub.referrals import queries as request_queries
from familyhub.referrals.access import REFERENCE_PATTERN
from familyhub.referrals.models import Draft
from familyhub.referrals.views.request_form import DRAFTS_SESSION_KEY


def _heading(member) -> str:
    if member.is_child:
        return _("About %(name)s (child)") % {"name": member.full_name}
    return _("About %(name)s (parent or carer)") % {"name": member.full_name}


def people_on(support_request) -> list:
    """(member, heading) for the request's parent or carer and each child it is about."""
    main = support_request.family.main_contact
    people = [main] if main else []
    people += [child for child in support_request.children.all() if child not in people]
    return [(member, _heading(member)) for member in people]


def people_in(case) -> list:
    """(member, heading) for everyone in the case's family, the parent or carer first."""
    members = list(case.family.members.all())
    main = case.family.main_contact
    ordered = ([main] if main else []) + [m for m in members if m != main]
    return [(member, _heading(member)) for member in ordered]


class Sent:
    """A request just sent from this browser (or by this signed-in person)."""

    def __init__(self, support_request, *, by_practitioner: bool, may_answer: bool):
        self.request = support_request
        self.by_practitioner = by_practitioner
        self.may_answer = may_answer


def sent_request(request, reference: str) -> Sent:
    """The request the sent page is about, if this visitor sent it (404 otherwise, as for the
    sent page). A family may answer when the request made its family record, or the record is
    theirs; a request matched to a record held already is answered on "Your family" instead."""
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise Http404("That is not a request reference.")
    draft = (
        Draft.objects.select_related("submitted_request__family")
        .filter(submitted_request__reference=reference)
        .first()
    )
    user = request.user
    mine = draft is not None and (
        str(draft.id) in request.session.get(DRAFTS_SESSION_KEY, [])
        or (user.is_authenticated and draft.user_id == user.pk)
    )
    if not mine:
        raise Http404("No request with that reference sent from here.")
    support_request = draft.submitted_request
    by_practitioner = draft.answers.get("who") == "practitioner"
    if by_practitioner:
        may_answer = role_of(user) == Role.PRACTITIONER and draft.user_id == user.pk
    else:
        may_answer = request_queries.may_see_after_sending(draft) or (
            user.is_authenticated
            and support_request.family.account_holders.filter(pk=user.pk).exists()
        )
    return Sent(support_request, by_practitioner=by_practitioner, may_answer=may_answer)


def case_to_record(request, reference: str):
    """The early help case, for its lead (or a manager of its team) to record the family's
    answers: 404 for anyone who cannot see it, 403 for one who sees it but does not lead it."""
    case = case_access.get_case_for(request, reference)
    if not case_access.may_act(request.user, case):
        raise PermissionDenied
    return case
