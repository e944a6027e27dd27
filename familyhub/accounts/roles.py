"""Who someone is, asked the same way everywhere, and the one check of it for a page.

A page for some roles answers everyone else the same way, on every page of the site: someone
not signed in is sent to sign in; someone signed in without the role is refused with 403. (A
record that is missing or not theirs is 404: that is the record's check, not the role's.)
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from familyhub.accounts.models import STAFF_ROLES, Role

DATA_ROLES = frozenset({Role.DATA_MANAGER, Role.ADMINISTRATOR})


def role_of(user) -> str | None:
    """The signed-in person's role, or None (not signed in, or no profile yet)."""
    if not user or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_staff_member(user) -> bool:
    return role_of(user) in STAFF_ROLES


def is_parent(user) -> bool:
    return role_of(user) == Role.PARENT


def require_role(user, roles) -> str:
    """The person's role if it is one of `roles`; else 403."""
    role = role_of(user)
    if role not in roles:
        raise PermissionDenied
    return role


def roles_required(*roles):
    """A view only for signed-in people in one of `roles` (see the module's opening)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_role(request.user, allowed)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
