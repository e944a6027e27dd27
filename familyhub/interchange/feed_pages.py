"""What a feed is made of, whatever it comes from: the items it yields, the error that stops it,
and how one JSON document is read as records — a page of ORUK 3.0 (`contents`, `total_items`,
`last_page`) or ORUK 1.0 (`content`, `totalElements`, `last`), a list, or one record."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from familyhub.interchange.json_records import finite_or_text

# Keys only a full service record has: a list item without them is a summary, and the full
# record is asked for at /services/{id}.
DETAIL_KEYS = (
    "schedules",
    "service_at_locations",
    "contacts",
    "service_areas",
    "languages",
    "cost_options",
    "funding",
    "attributes",
    # ORUK 1.0's names
    "regular_schedules",
    "fundings",
    "eligibilitys",
    "service_taxonomys",
)
# Where a page holds its records, and its total, in ORUK 3.0 and in ORUK 1.0.
PAGE_KEYS = (("contents", "total_items"), ("content", "totalElements"))


class FeedError(Exception):
    """The feed as a whole could not be read (not just one record)."""


@dataclass
class FeedItem:
    """One service as the feed gave it: the record to import, and where else it was seen."""

    record: object
    summary: object = None  # the list's summary when `record` came from /services/{id}
    notes: list[str] = field(default_factory=list)


@dataclass
class Feed:
    source: str
    items: Iterator[FeedItem]
    total: int | None = None
    # Its pages are fetched from the web as its items are read: nothing waits on that inside a
    # transaction (oruk_import.Together commits each batch at once).
    fetched_as_read: bool = False


def describe_json_error(text: str, where: str) -> str:
    start = " ".join(text[:40].split())
    if not start:
        return f"{where} is empty: expected ORUK JSON."
    return f"{where} is not JSON (it begins “{start}”): expected ORUK JSON."


def parse_json(text: str, where: str):
    """A page or an upload decoded. NaN, Infinity and a number too large for a float (1e400)
    are given as their text (the record's reading leaves them out with a note where it needs
    a number), so no record holds a value that is not a finite number (json_records)."""
    try:
        return json.loads(text, parse_constant=str, parse_float=finite_or_text)
    except json.JSONDecodeError:
        raise FeedError(describe_json_error(text, where)) from None


def page_records(data) -> list | None:
    """A page's records (ORUK 3.0's `contents`, ORUK 1.0's `content`); None if not a page."""
    if isinstance(data, dict):
        for key, _total in PAGE_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    return None


def page_total(data) -> int | None:
    for key, total in PAGE_KEYS:
        if key in data:
            value = data.get(total)
            return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


def is_page(data) -> bool:
    return page_records(data) is not None


def is_api_details(data) -> bool:
    return isinstance(data, dict) and "version" in data and "id" not in data


def is_summary(record) -> bool:
    return isinstance(record, dict) and not any(key in record for key in DETAIL_KEYS)


def not_a_feed(where: str, data) -> FeedError:
    kind = type(data).__name__ if not isinstance(data, dict) else "an object"
    return FeedError(
        f"{where} is JSON but not an ORUK feed ({kind}): expected a page of services "
        "(with “contents”, or ORUK 1.0's “content”), a list of services, one service, or the "
        "API's details (with “version”)."
    )


def records_in(data, where: str) -> tuple[list, int | None]:
    """The service records in one JSON document, and the feed's total if it gives one."""
    if is_page(data):
        return page_records(data), page_total(data)
    if isinstance(data, list):
        return data, len(data)
    if isinstance(data, dict) and "id" in data:
        return [data], 1
    raise not_a_feed(where, data)


def page_number(page: dict) -> int | None:
    number = page.get("page_number", page.get("number"))
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def is_last_page(page: dict, wanted: int) -> bool:
    """The last page: it says so (ORUK 3.0's last_page, 1.0's last), it is empty, or it is
    the total_pages'th (totalPages) page asked for."""
    if page.get("last_page") is True or page.get("last") is True or not page_records(page):
        return True
    total_pages = page.get("total_pages", page.get("totalPages"))
    return isinstance(total_pages, int) and wanted >= total_pages
