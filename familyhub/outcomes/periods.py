"""Quarters: the period every measure is reported by (calendar quarters, in UK time).

A quarter's key is "2026-Q1" (January to March 2026); its label says the months."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

KEY = re.compile(r"^(\d{4})-Q([1-4])$")
MONTHS = ["January", "April", "July", "October"]
ENDS = ["March", "June", "September", "December"]


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, key: str) -> "Quarter":
        match = KEY.match((key or "").strip().upper())
        if not match:
            raise BadPeriod(f"“{(key or '')[:20]}” is not a quarter. Write it like 2026-Q1.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{MONTHS[self.number - 1][:3]}–{ENDS[self.number - 1][:3]} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def start(self) -> datetime:
        """The first moment of the quarter, UK time (aware)."""
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after it."""
        return self.next.start

    def __str__(self):
        return self.key


def current() -> Quarter:
    return Quarter.of(timezone.localdate())


def last(n: int, *, until: Quarter | None = None) -> list[Quarter]:
    """The `n` quarters up to and including `until` (the current one by default), oldest first."""
    quarters = [until or current()]
    while len(quarters) < n:
        quarters.append(quarters[-1].previous)
    return quarters[::-1]
