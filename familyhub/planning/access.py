"""Who may see and change what in planning (decision 0034), asked through the one role check.

- Readers (strategy lead, board members, data managers, administrators) read everything in
  planning: the plan, each priority's report, governance, co-production, the charter's records.
- The strategy lead edits the plan (actions, ratings' overrides, reviews, meetings and the rest).
- Any staff member can lead an action: they see and update their own actions, and get 404 for
  anyone else's (missing and not-yours answered alike).
"""

from django.http import Http404

from familyhub.accounts.models import STAFF_ROLES, Role
from familyhub.accounts.roles import require_role, role_of
from familyhub.planning.models import Action

READERS = frozenset({Role.STRATEGY_LEAD, Role.BOARD_MEMBER, Role.DATA_MANAGER, Role.ADMINISTRATOR})
EDITORS = frozenset({Role.STRATEGY_LEAD})
ACTION_LEADS = STAFF_ROLES


def reads_plan(user) -> bool:
    return role_of(user) in READERS


def edits_plan(user) -> bool:
    return role_of(user) in EDITORS


def action_to_read(user, action_id) -> Action:
    """An action for its page: readers see any; its lead sees their own; 404 otherwise."""
    require_role(user, ACTION_LEADS)
    action = _action(action_id)
    if reads_plan(user) or action.lead_id == user.pk:
        return action
    raise Http404


def action_to_update(user, action_id) -> Action:
    """An action whose progress this person may record: the strategy lead, or its own lead."""
    require_role(user, ACTION_LEADS)
    action = _action(action_id)
    if edits_plan(user) or action.lead_id == user.pk:
        return action
    raise Http404


def _action(action_id) -> Action:
    action = (
        Action.objects.select_related("priority__strategy", "lead", "organisation")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    return action
