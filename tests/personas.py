"""The people the tests sign in as: one way to make each, shared by every test.

`person(role)` makes a user with a profile in that role (a provider with their organisation, a
practitioner with their team). The permission matrix (tests/accounts/test_permission_matrix.py)
and every app's tests use these; nothing else makes staff or parents by hand.
"""

import itertools

from django.contrib.auth import get_user_model

from familyhub.accounts.models import Profile, Team

_numbers = itertools.count(1)


def person(role, *, organisation=None, team=None, email=None, first_name="", last_name=""):
    """A user in `role`. A practitioner's organisation is their team's."""
    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username=f"{role}-{n}",
        email=email or f"{role}{n}@example.org",
        password="x-unused-1",
        first_name=first_name,
        last_name=last_name,
    )
    if team is not None:
        organisation = team.organisation
    Profile.objects.create(user=user, role=role, organisation=organisation, team=team)
    return user


def team_in(organisation, name="Pastoral team"):
    return Team.objects.create(name=name, organisation=organisation, email="team@example.org")
