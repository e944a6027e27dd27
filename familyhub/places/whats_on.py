"""What's on at a place this week and next (decision 0041).

Sessions come from registered sources, each a function (location, first day, last day) → the
sessions there on those days. The directory's schedules are the first source: each active
service's schedules at this location (a service at location's schedule, HSDS 3.0), expanded
to dates with dateutil's RRULE. A later app (programme groups, say) adds its own with
`register_source` from its AppConfig.ready, and this module never imports it.

Dates are the UK's: "today" is the date in Europe/London (TIME_ZONE), this week runs from today
to Sunday, next week Monday to Sunday. A monthly schedule says which week by an ordinal in
`byday` (RRULE: 1TH, -1MO) or, as the directory's records often do, in its description
("First Thursday of the month", "Last Monday"); a monthly schedule that says neither has no
dates we can be sure of, so it is listed as "monthly: ask for dates", never guessed.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil import rrule
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.directory.choices import Frequency, ServiceStatus
from familyhub.directory.models import Location, Schedule
from familyhub.finder.presenting import clock

RRULE_DAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
ORDINAL_IN_WORDS = re.compile(r"\b(first|second|third|fourth|last)\b", re.IGNORECASE)
DAY_WITH_ORDINAL = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class Session:
    day: date | None  # None: a regular session whose dates we cannot work out
    starts: time | None
    ends: time | None
    title: str
    note: str
    url: str
    source: str = "directory"

    @property
    def times(self) -> str:
        if self.starts and self.ends:
            return _("%(opens)s to %(closes)s") % {
                "opens": clock(self.starts),
                "closes": clock(self.ends),
            }
        return clock(self.starts) if self.starts else ""


@dataclass
class WhatsOn:
    today: date
    this_week: list[Session] = field(default_factory=list)
    next_week: list[Session] = field(default_factory=list)
    ask_for_dates: list[Session] = field(default_factory=list)

    @property
    def this_week_ends(self) -> date:
        return self.today + timedelta(days=6 - self.today.weekday())

    @property
    def next_week_starts(self) -> date:
        return self.this_week_ends + timedelta(days=1)

    @property
    def next_week_ends(self) -> date:
        return self.this_week_ends + timedelta(days=7)


Source = Callable[[Location, date, date], Iterable[Session]]
SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Add a source of sessions (kept once however often it is registered)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def london_today(now: datetime | None = None) -> date:
    """The date in the UK at `now` (an aware moment; the present if not given)."""
    return timezone.localdate(now or timezone.now())


def _weekdays(schedule: Schedule, monthly: bool):
    """The RRULE weekdays of a schedule, with their ordinal for a monthly one; None when a
    monthly schedule does not say which week."""
    days = []
    ordinal_words = ORDINAL_IN_WORDS.findall(schedule.description or "")
    for raw in schedule.days:
        match = DAY_WITH_ORDINAL.match(raw.strip().upper())
        if not match:
            continue
        number, code = match.groups()
        weekday = RRULE_DAYS[code]
        if monthly:
            if number:
                weekday = weekday(int(number))
            elif len(ordinal_words) == 1:
                weekday = weekday(ORDINAL_WORDS[ordinal_words[0].lower()])
            else:
                return None
        days.append(weekday)
    return days


def occurrences(schedule: Schedule, first: date, last: date) -> list[date] | None:
    """The dates from `first` to `last` (both included) the schedule runs on; None when it
    repeats in a way we cannot put dates to."""
    monthly = schedule.freq == Frequency.MONTHLY
    if schedule.bymonthday and monthly:
        weekdays, monthdays = None, [int(d) for d in schedule.bymonthday.split(",") if d.strip()]
    else:
        weekdays, monthdays = _weekdays(schedule, monthly), None
        if weekdays is None:
            return None
        if not weekdays:
            return []
    anchor = schedule.dtstart or schedule.valid_from
    if anchor is None:
        if schedule.interval > 1:
            return None  # every other week, from when? Not guessed.
        anchor = first - timedelta(days=first.weekday()) - timedelta(days=62)
    rule = rrule.rrule(
        rrule.MONTHLY if monthly else rrule.WEEKLY,
        interval=schedule.interval or 1,
        dtstart=datetime.combine(anchor, time()),
        byweekday=weekdays,
        bymonthday=monthdays,
        until=datetime.combine(schedule.valid_to, time()) if schedule.valid_to else None,
    )
    found = rule.between(datetime.combine(first, time()), datetime.combine(last, time()), inc=True)
    return [moment.date() for moment in found]


def directory_sessions(location: Location, first: date, last: date) -> list[Session]:
    """The active services' schedules at the location."""
    schedules = Schedule.objects.filter(
        service_at_location__location=location,
        service_at_location__service__status=ServiceStatus.ACTIVE,
    ).select_related("service_at_location__service")
    sessions = []
    for schedule in schedules:
        service = schedule.service_at_location.service
        url = reverse("finder:service", args=[service.pk])
        dates = occurrences(schedule, first, last)
        if dates is None:
            sessions.append(
                Session(None, schedule.opens_at, schedule.closes_at, service.name,
                        schedule.description, url)
            )  # fmt: skip
            continue
        for day in dates:
            sessions.append(
                Session(day, schedule.opens_at, schedule.closes_at, service.name,
                        schedule.description, url)
            )  # fmt: skip
    return sessions


register_source(directory_sessions)


def _order(session: Session):
    return (session.day or date.max, session.starts or time.min, session.title)


def whats_on(location: Location, now: datetime | None = None) -> WhatsOn:
    """This week's (from today) and next week's sessions at the location, from every source."""
    found = WhatsOn(today=london_today(now))
    sessions = [
        session
        for source in SOURCES
        for session in source(location, found.today, found.next_week_ends)
    ]
    for session in sorted(sessions, key=_order):
        if session.day is None:
            if session not in found.ask_for_dates:
                found.ask_for_dates.append(session)
        elif session.day <= found.this_week_ends:
            found.this_week.append(session)
        else:
            found.next_week.append(session)
    return found
