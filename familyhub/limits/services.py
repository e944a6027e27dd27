"""How often a client may do something: django-ratelimit's counters, kept in the shared
database cache (`rate_limits`, see database_cache.py) so every web worker counts together.

take() counts one more try and says whether it is over the limit and for how long. A client is
the address the request came from, as django-axes reads it for sign-in lockouts (the same
trusted-proxy settings), with IPv6 addresses counted by their /64 (django-ratelimit's masks).
Decision 0017.
"""

import math
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Refused:
    """Over a limit: how long until it lifts, and whether this is the first try refused in
    this period (so something can be done once a period, like telling the family)."""

    seconds: int
    first_refused: bool = False

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def client_address(request) -> str:
    """The address a request came from (RATELIMIT_IP_META_KEY points here)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "0.0.0.0"


def take(request, what: str, *, rate: str, key: str = "ip") -> Refused | None:
    """Count one more `what` for this key ("ip": the client's address; "user_or_ip"; or any
    text, e.g. a reference): None while within `rate` ("5/h"), else Refused."""
    counted = key if key in ("ip", "user_or_ip") else (lambda group, request: key)
    usage = get_usage(request, group=what, key=counted, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:  # None: RATELIMIT_ENABLE is off
        return None
    # A cache that cannot count refuses (count 0, limit 0): wait a minute, never a 500.
    return Refused(seconds=max(usage["time_left"], 60 if usage["limit"] == 0 else 1),
                   first_refused=usage["count"] == usage["limit"] + 1)  # fmt: skip


def longest(*refusals: Refused | None) -> Refused | None:
    """Of several limits counted together, the one that lifts last (None if none refused)."""
    refused = [r for r in refusals if r is not None]
    return max(refused, key=lambda r: r.seconds) if refused else None


def limited(response, refused: Refused | None):
    """The page as it is, or, over a limit, the same page (with what was typed and the error
    saying when to try again) as 429 Too Many Requests with Retry-After."""
    if refused is not None:
        response.status_code = 429
        response["Retry-After"] = str(refused.seconds)
    return response
