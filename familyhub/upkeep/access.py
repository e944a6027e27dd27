"""Who may see and do what in provider self-service — in one place.

Provider staff see and propose changes only to their own organisation's services; data
managers (and administrators) see everything and decide. Anyone else gets 403 for these
pages; a record that is missing or not yours is 404, alike.
"""

from django.http import Http404

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role, role_of
from familyhub.directory.models import Service
from familyhub.upkeep.models import ProposedChange, ServiceVersion, SuggestedChange

DECIDERS = frozenset({Role.DATA_MANAGER, Role.ADMINISTRATOR})
EDITORS = DECIDERS | {Role.PROVIDER}


def require_editor(user) -> str:
    """The person's role if these pages are for them, else 403."""
    return require_role(user, EDITORS)


def require_decider(user) -> None:
    require_role(user, DECIDERS)


def is_decider(user) -> bool:
    return role_of(user) in DECIDERS


def _organisation_id(user):
    return user.profile.organisation_id


def services_for(user):
    services = Service.objects.select_related("organisation")
    if is_decider(user):
        return services
    if role_of(user) == Role.PROVIDER and _organisation_id(user):
        return services.filter(organisation_id=_organisation_id(user))
    return services.none()


def changes_for(user):
    changes = ProposedChange.objects.select_related(
        "service", "organisation", "proposed_by", "decided_by"
    )
    if is_decider(user):
        return changes
    if role_of(user) == Role.PROVIDER and _organisation_id(user):
        return changes.filter(organisation_id=_organisation_id(user))
    return changes.none()


def suggestions_for(user):
    suggestions = SuggestedChange.objects.select_related("service", "service__organisation")
    if is_decider(user):
        return suggestions
    if role_of(user) == Role.PROVIDER and _organisation_id(user):
        return suggestions.filter(service__organisation_id=_organisation_id(user))
    return suggestions.none()


def _one(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404("Nothing with that reference that you can see.")
    return found


def get_service_for(user, service_id) -> Service:
    return _one(services_for(user), pk=service_id)


def get_change_for(user, change_id) -> ProposedChange:
    return _one(changes_for(user), pk=change_id)


def get_version_for(user, service, number) -> ServiceVersion:
    return _one(ServiceVersion.objects.filter(service=service), number=number)


def get_suggestion_for(user, suggestion_id) -> SuggestedChange:
    return _one(suggestions_for(user), pk=suggestion_id)
