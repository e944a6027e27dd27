import pytest


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    # Two-factor sign-in has its own tests; here a signed-in staff member is verified.
    settings.STAFF_TWO_FACTOR_REQUIRED = False
