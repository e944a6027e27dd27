"""Who someone is, asked the same way everywhere."""

from familyhub.accounts.models import STAFF_ROLES, Role


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
