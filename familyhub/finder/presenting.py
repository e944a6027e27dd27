"""How a service is described to families: opening times, where, cost, how to get it, the wait
and ages, in plain English. Plain functions over the directory's records, used by every page.
"""

from dataclasses import dataclass, replace
from datetime import time

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familyhub.directory.choices import Frequency
from familyhub.directory.models import Schedule, Service
from familyhub.finder.distances import miles
from familyhub.postcodes.lookup import miles_between
from familyhub.referrals.waiting import Wait, expected_wait, expected_waits

DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _day_names():
    # Plural ("on Tuesdays") and singular ("a Tuesday") names, translated at call time.
    return {
        "MO": (_("Mondays"), _("Monday")),
        "TU": (_("Tuesdays"), _("Tuesday")),
        "WE": (_("Wednesdays"), _("Wednesday")),
        "TH": (_("Thursdays"), _("Thursday")),
        "FR": (_("Fridays"), _("Friday")),
        "SA": (_("Saturdays"), _("Saturday")),
        "SU": (_("Sundays"), _("Sunday")),
    }


def clock(moment: time) -> str:
    """10:00 → 10am, 09:30 → 9:30am, 12:00 → 12 noon, 00:00 → midnight (GOV.UK style)."""
    if moment.hour == 12 and moment.minute == 0:
        return _("12 noon")
    if moment.hour == 0 and moment.minute == 0:
        return _("midnight")
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def days_in_words(days: list[str]) -> str:
    names = _day_names()
    days = sorted((day for day in days if day in names), key=DAY_ORDER.index)
    if not days:
        return ""
    if len(days) == 7:
        return _("Every day")
    indexes = [DAY_ORDER.index(day) for day in days]
    if len(days) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return _("%(first)s to %(last)s") % {
            "first": names[days[0]][1],
            "last": names[days[-1]][1],
        }
    return and_list([names[day][0] for day in days])


def opening_times(schedule: Schedule) -> str:
    """ "Tuesdays, 10am to 12 noon, term time only" or "Booking line: Monday to Friday, …"."""
    names = _day_names()
    note = schedule.description.strip().rstrip(".")
    days = days_in_words(schedule.days)
    if schedule.freq == Frequency.MONTHLY:
        if "month" in note.lower():
            days, note = note, ""
        elif schedule.days:
            days = _("Once a month on a %(day)s") % {"day": names[schedule.days[0]][1]}
        else:
            days = _("Once a month")
    parts = [days] if days else []
    if schedule.opens_at and schedule.closes_at:
        parts.append(
            _("%(opens)s to %(closes)s")
            % {"opens": clock(schedule.opens_at), "closes": clock(schedule.closes_at)}
        )
    text = ", ".join(parts)
    if not note:
        return text
    if note.lower().startswith(("term time", "school holidays", "not in")):
        return f"{text}, {note[0].lower()}{note[1:]}" if text else note
    return f"{note}: {text}" if text else note


def ages_in_words(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return _("Any age")
    if low in (None, 0) and high is not None:
        if high <= 1:
            return _("Pregnancy and babies up to 1 year old")
        return _("Pregnancy and children up to %(high)s") % {"high": high}
    if high is None:
        return _("Children aged %(low)s and over") % {"low": low}
    if low == high:
        return _("Children aged %(age)s") % {"age": low}
    return _("Children aged %(low)s to %(high)s") % {"low": low, "high": high}


def how_to_get_it(service: Service) -> list[str]:
    ways = []
    if service.access_drop_in:
        ways.append(_("Drop in: just turn up"))
    if service.access_self_referral:
        ways.append(_("Refer yourself: contact them directly"))
    if service.access_professional_referral:
        if ways:
            ways.append(_("Or a professional can refer you"))
        else:
            ways.append(
                _("Ask a professional to refer you, such as your health visitor, GP or school")
            )
    return ways


def needs_professional(service: Service) -> bool:
    return not (service.access_drop_in or service.access_self_referral)


def cost_in_words(service: Service) -> str:
    options = list(service.cost_options.all())
    if not options:
        return service.fees_description or _("Ask about cost")
    if all(
        (option.amount in (None, 0)) and option.amount_description.lower().startswith("free")
        for option in options
    ):
        return _("Free")
    described = []
    for option in options:
        if option.amount:
            text = f"£{option.amount:,.2f}".replace(".00", "")
            described.append(f"{text} {option.option}".strip())
        else:
            described.append(option.amount_description or option.option)
    return "; ".join(part for part in described if part)


def ways_delivered(service: Service) -> str:
    modes = []
    if service.delivered_in_person:
        modes.append(_("in person"))
    if service.delivered_online:
        modes.append(_("online"))
    if service.delivered_by_phone:
        modes.append(_("by phone"))
    text = and_list(modes)
    return text[:1].upper() + text[1:]


@dataclass
class Place:
    name: str
    town: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            "https://www.openstreetmap.org/?mlat="
            f"{self.latitude:.5f}&mlon={self.longitude:.5f}#map=17/"
            f"{self.latitude:.5f}/{self.longitude:.5f}"
        )


def places(service: Service) -> list[Place]:
    found = []
    for link in service.service_at_locations.all():
        location = link.location
        addresses = list(location.addresses.all())
        address = addresses[0] if addresses else None
        found.append(
            Place(
                name=location.name,
                town=location.town,
                address=", ".join(
                    part for part in [address.address_1, address.address_2, address.city] if part
                )
                if address
                else "",
                postcode=address.postal_code if address else "",
                latitude=location.latitude,
                longitude=location.longitude,
            )
        )
    return found


def where_in_words(service: Service, distance_miles: float | None = None, near=None) -> str:
    """The nearest place (to `near`, a PlaceFound) or the first, and how many others."""
    links = list(service.service_at_locations.all())
    if links:
        if near is not None:
            links.sort(key=lambda link: _miles_from(near, link.location))
        first = links[0].location
        text = f"{first.name}, {first.town}" if first.town else first.name
        if len(links) > 1:
            text += " " + ngettext(
                "(and %(count)s other place)", "(and %(count)s other places)", len(links) - 1
            ) % {"count": len(links) - 1}
        if distance_miles is not None:
            text += " – " + _("%(distance)s away") % {"distance": miles(distance_miles)}
        return text
    if service.delivered_in_person:
        return _("They come to you, at home, school or in the community")
    return ways_delivered(service)


def _miles_from(near, location) -> float:
    if location.latitude is None or location.longitude is None:
        return float("inf")
    return miles_between(near.latitude, near.longitude, location.latitude, location.longitude)


def when_in_words(service: Service) -> list[str]:
    """Every schedule of the service and its places, in plain English, without repeats."""
    schedules = list(service.schedules.all())
    for link in service.service_at_locations.all():
        schedules.extend(link.schedules.all())
    lines = []
    for schedule in schedules:
        line = opening_times(schedule)
        if line and line not in lines:
            lines.append(line)
    return lines


def first_sentence(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text[: end + 1] if 0 < end < limit else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# A summary's wait before `with_waits` reads it.
WAIT_LATER = Wait(
    weeks=None,
    source="",
    stated_weeks=None,
    worked_out_weeks=None,
    queue_ahead=0,
    capacity=None,
    correction=1.0,
)


@dataclass
class ServiceSummary:
    """One search result, as a family reads it: what, where, when, cost, how, wait."""

    service: Service
    what: str
    where: str
    when: list[str]
    cost: str
    how: list[str]
    wait: Wait  # the one expected wait (referrals.waiting): wait.describe() in words
    ages: str
    distance_miles: float | None


def summarise(
    service: Service, distance_miles: float | None = None, near=None, wait: Wait | None = None
) -> ServiceSummary:
    """`wait`: the service's from `expected_waits` for a list; worked out here if not given."""
    return ServiceSummary(
        service=service,
        what=first_sentence(service.description),
        where=where_in_words(service, distance_miles, near),
        when=when_in_words(service)[:2],
        cost=cost_in_words(service),
        how=how_to_get_it(service),
        wait=wait if wait is not None else expected_wait(service),
        ages=ages_in_words(service),
        distance_miles=distance_miles,
    )


def summarise_all(
    services: list[Service], distances: dict | None = None, near=None, *, waits: bool = True
) -> list:
    """Summaries of a list of services, their waits read together (`distances`: id → miles).

    `waits` False: every summary's wait is WAIT_LATER, for `with_waits` to fill in (the
    summaries of a search are kept with its results; the waits, which follow the referral
    queues, are read for each page)."""
    waits = (
        expected_waits(services) if waits else dict.fromkeys((s.id for s in services), WAIT_LATER)
    )
    distances = distances or {}
    return [
        summarise(service, distances.get(service.id), near, waits[service.id])
        for service in services
    ]


def with_waits(summaries: list) -> list:
    """The summaries with each service's expected wait as it is now (at most three queries)."""
    waits = expected_waits([summary.service for summary in summaries])
    return [replace(summary, wait=waits[summary.service.id]) for summary in summaries]


# What the results and shortlist pages read from each service, fetched in a fixed number of
# queries whatever the page size.
SUMMARY_PREFETCH = [
    "cost_options",
    "schedules",
    "service_at_locations__schedules",
]
