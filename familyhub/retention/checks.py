"""The retention policy file is checked at startup and by `manage.py check`: a file naming an
unknown kind, missing a kind's rule or a period, or asking a kind for an action it cannot do,
is an error (policy.py says which entry and why)."""

from django.core.checks import Error, register

from familyhub.retention.policy import PolicyError, load_policy


@register("retention")
def check_retention_policy(app_configs=None, **kwargs):
    try:
        load_policy()
    except PolicyError as error:
        return [
            Error(
                str(error),
                hint="Correct the file named by RETENTION_POLICY_FILE "
                "(the shipped defaults: familyhub/retention/data/policy.json).",
                id="retention.E001",
            )
        ]
    return []
