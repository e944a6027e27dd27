"""Where ORUK records come from: an ORUK API (paged), a JSON file, an uploaded file, or a folder
laid out like the official validator's mock feeds. Pages are ORUK 3.0's (`contents`,
`total_items`, `last_page`) or ORUK 1.0's (`content`, `totalElements`, `last`, numbered from 0
or 1). Each source yields service records one at a
time: an API a page at a time, a file a record at a time (ijson), so a long feed is never held in
memory whole (an uploaded file, kept in the database until its run, and a folder of mock pages
are read whole). Anything that stops the whole feed being read is a `FeedError` with a message a
data manager can act on.
"""

import codecs
import ipaddress
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import ijson
import requests

TIMEOUT_SECONDS = 30
PER_PAGE = 100
MAX_PAGES = 100_000
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


def describe_json_error(text: str, where: str) -> str:
    start = " ".join(text[:40].split())
    if not start:
        return f"{where} is empty: expected ORUK JSON."
    return f"{where} is not JSON (it begins “{start}”): expected ORUK JSON."


def parse_json(text: str, where: str):
    try:
        return json.loads(text)
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


def _not_a_feed(where: str, data) -> FeedError:
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
    raise _not_a_feed(where, data)


# --- text: a file or an upload -----------------------------------------------------------


def feed_from_text(text: str, source: str) -> Feed:
    data = parse_json(text, source)
    records, total = records_in(data, source)
    return Feed(source, (FeedItem(record) for record in records), total)


def feed_from_path(path: Path) -> Feed:
    if path.is_dir():
        return feed_from_folder(path)
    if not path.exists():
        raise FeedError(f"There is no file or folder at {path}.")
    return feed_from_file(path)


def feed_from_file(path: Path) -> Feed:
    """A JSON file read a record at a time (ijson's C parser), so a national feed (100,000
    services is about 770 MB of JSON) is never in memory whole. What comes before the first
    record (a page's total_items, say) is read first, so a file that is not a feed fails at
    once; a file that breaks later fails there, and the records before it are still imported."""
    where = str(path)
    with path.open("rb") as handle:
        _skip_byte_order_mark(handle)
        events = ijson.parse(handle, use_float=True)
        try:
            _prefix, event, value = next(events)
        except StopIteration:
            raise FeedError(describe_json_error("", where)) from None
        except (ijson.JSONError, UnicodeDecodeError):
            raise _unreadable_start(handle, where) from None
        if event == "start_array":
            return Feed(where, _streamed(path, "item", where), None)
        if event != "start_map":
            raise _not_a_feed(where, value)
        try:
            head = _head_of_page(events)
        except (ijson.JSONError, UnicodeDecodeError) as error:
            raise FeedError(f"{where} is not valid JSON: {_parser_said(error)}") from None
    if head is None:
        raise FeedError(f"{where} ends before its JSON does: is the file whole?")
    whole, object_, key = head
    if whole:  # no list of services in it: one record, the API's details, or not a feed
        records, total = records_in(object_, where)
        return Feed(where, (FeedItem(record) for record in records), total)
    return Feed(where, _streamed(path, f"{key}.item", where), page_total({**object_, key: []}))


def _skip_byte_order_mark(handle):
    if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
        handle.seek(0)


def _head_of_page(events) -> tuple[bool, dict, str] | None:
    """The top-level object's keys up to its list of services ("contents", or ORUK 1.0's
    "content"): (False, what came before it, the key), or (True, the whole object, "") when it
    has none; None if the file ends first."""
    head = {}
    records_keys = [key for key, _total in PAGE_KEYS]
    for _prefix, event, key in events:
        if event == "end_map":
            return True, head, ""
        _prefix, event, value = next(events, (None, None, None))
        if event is None:
            return None
        if key in records_keys and event == "start_array":
            return False, head, key
        head[key] = _built(events, event, value)
    return None


def _streamed(path: Path, prefix: str, where: str):
    """The records at `prefix` ("item": a list; "contents.item": a page), one at a time, each
    built by ijson's C backend."""
    done = 0
    with path.open("rb") as handle:
        _skip_byte_order_mark(handle)
        try:
            for record in ijson.items(handle, prefix, use_float=True):
                yield FeedItem(record)
                done += 1
        except (ijson.JSONError, UnicodeDecodeError) as error:
            raise FeedError(
                f"{where} stops being valid JSON after record {done}: {_parser_said(error)}"
            ) from None


def _built(events, event: str, value):
    """One whole JSON value, from its first parser event on."""
    if event not in ("start_map", "start_array"):
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for _prefix, event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return builder.value
    raise ijson.IncompleteJSONError("the file ends in the middle of a record")


def _unreadable_start(handle, where: str) -> FeedError:
    handle.seek(0)
    start = handle.read(200)
    try:
        text = start.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(start) - 3:  # not just a character cut at the 200th byte
            return FeedError(f"{where} is not a UTF-8 text file: expected ORUK JSON.")
        text = start[: error.start].decode("utf-8-sig")
    return FeedError(describe_json_error(text, where))


def _parser_said(error: Exception) -> str:
    """The parser's reason in words a data manager can act on (not its caret diagram)."""
    said = str(error).strip().splitlines()[0] if str(error).strip() else ""
    said = said.removeprefix("parse error: ").removeprefix("lexical error: ").rstrip(".")
    if "premature EOF" in said:
        return "the file ends part way through (was it cut short?)"
    return said[:200] or "the parser could not read it"


def feed_from_folder(folder: Path) -> Feed:
    """A folder laid out like the validator's mocks: `service_list*.json` (pages of services)
    and `service_full*.json` (full records, used for the services the pages list)."""
    pages = sorted(folder.glob("service_list*.json"))
    if not pages:
        raise FeedError(
            f"{folder} has no service_list.json: a feed folder needs the services list "
            "(and may have service_full.json with full records)."
        )
    details = {}
    for path in sorted(folder.glob("service_full*.json")):
        data = parse_json(path.read_text(encoding="utf-8-sig"), str(path))
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            details[data["id"]] = (data, path.name)

    loaded = []
    total = 0
    for path in pages:
        data = parse_json(path.read_text(encoding="utf-8-sig"), str(path))
        records, _ = records_in(data, str(path))
        loaded.append(records)
        total += len(records)

    def items():
        for records in loaded:
            for record in records:
                found = details.get(record.get("id")) if isinstance(record, dict) else None
                if found and is_summary(record):
                    detail, name = found
                    yield FeedItem(detail, summary=record, notes=[f"Full record from {name}."])
                else:
                    yield FeedItem(record)

    return Feed(str(folder), items(), total)


# --- an ORUK API over HTTP ----------------------------------------------------------------


MAX_REDIRECTS = 5


class Fetcher:
    """GETs JSON for one import. `public_only` (imports started from a page): every address,
    redirects included, must be on the public internet (check_public_address)."""

    def __init__(self, public_only: bool = False):
        self.public_only = public_only
        self.session = requests.Session()
        self.public_hosts = set()

    def get_json(self, url: str, *, allow_missing=False):
        response = self._get(url)
        if allow_missing and response.status_code == 404:
            return None
        if response.status_code != 200:
            raise FeedError(f"{url} answered {response.status_code} {response.reason}, not 200 OK.")
        return parse_json(response.text, url)

    def _get(self, url: str):
        for _hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname
            if self.public_only and host not in self.public_hosts:
                check_public_address(url)
                self.public_hosts.add(host)
            try:
                response = self.session.get(
                    url,
                    timeout=TIMEOUT_SECONDS,
                    headers={"Accept": "application/json"},
                    allow_redirects=not self.public_only,
                )
            except requests.exceptions.InvalidURL:
                raise FeedError(f"“{url}” is not a web address that can be fetched.") from None
            except requests.RequestException as error:
                raise FeedError(f"Could not fetch {url}: {_reason(error)}") from None
            if not (self.public_only and response.is_redirect):
                return response
            url = check_url(urljoin(url, response.headers.get("Location", "")))
        raise FeedError(f"{url} redirected more than {MAX_REDIRECTS} times.")


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.exceptions.Timeout):
        return f"no answer within {TIMEOUT_SECONDS} seconds."
    if isinstance(error, requests.exceptions.ConnectionError):
        return "could not connect (is the address right, and the server up?)."
    return error.__class__.__name__


def with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError(f"“{url[:80]}” is not a web address: it must start http:// or https://.")
    return url


def check_public_address(url: str) -> str:
    """For imports started from a page: refuse an address inside our own network (loopback,
    private, link-local such as cloud metadata), so the page cannot be used to reach it."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FeedError(
            f"“{host[:80]}” is not a web server we can find: check the address."
        ) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FeedError(
                f"{host[:80]} is inside a private network: feeds can only be fetched from the "
                "internet here (an administrator can run the import_oruk command instead)."
            )
    return url


def feed_from_url(url: str, *, public_only: bool = False) -> Feed:
    """An ORUK API: its base address (the API details), its /services list, or one JSON file.

    Pages are followed until the last one; a list item that is only a summary is replaced by
    the full record from {base}/services/{id} when the API has one."""
    url = check_url(url)
    fetcher = Fetcher(public_only)
    first = fetcher.get_json(url)
    base = None
    list_url = url
    if is_api_details(first):
        base = url.rstrip("/")
        # Full records in the list where the API offers them (ours does); else summaries.
        list_url = with_query(base + "/services", page=1, per_page=PER_PAGE, full="true")
        try:
            first = fetcher.get_json(list_url)
        except FeedError:
            list_url = with_query(base + "/services", page=1, per_page=PER_PAGE)
            first = fetcher.get_json(list_url)
    elif urlsplit(url).path.rstrip("/").endswith("/services"):
        base = urlunsplit(urlsplit(url)._replace(query="", fragment="")).rstrip("/")[
            : -len("/services")
        ]
    records, total = records_in(first, url)
    if not is_page(first):
        return Feed(url, (FeedItem(record) for record in records), total)

    def items():
        page, wanted = first, 1
        # ORUK 1.0 APIs built on Spring number their pages from 0 (page=1 gives number 0).
        from_zero = page_number(first) == 0
        for pages_read in range(MAX_PAGES):
            for record in page_records(page):
                yield _with_detail(fetcher, base, record)
            if _last(page, wanted) or pages_read + 1 >= MAX_PAGES:
                return
            wanted += 1
            page = fetcher.get_json(with_query(list_url, page=wanted))
            if not is_page(page):
                raise _not_a_feed(f"Page {wanted} of {list_url}", page)
            number = page_number(page)
            if number is not None and number != wanted - from_zero:
                raise FeedError(
                    f"Asked {list_url} for page {wanted} and it sent page {number + from_zero}: "
                    "the feed's paging does not work, so the import stopped there."
                )

    return Feed(url, items(), total)


def page_number(page: dict) -> int | None:
    number = page.get("page_number", page.get("number"))
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _last(page: dict, wanted: int) -> bool:
    """The last page: it says so (ORUK 3.0's last_page, 1.0's last), it is empty, or it is
    the total_pages'th (totalPages) page asked for."""
    if page.get("last_page") is True or page.get("last") is True or not page_records(page):
        return True
    total_pages = page.get("total_pages", page.get("totalPages"))
    return isinstance(total_pages, int) and wanted >= total_pages


def _with_detail(fetcher, base, record) -> FeedItem:
    record_id = record.get("id") if isinstance(record, dict) else None
    if base is None or not is_summary(record) or not isinstance(record_id, str | int):
        return FeedItem(record)
    detail_url = f"{base}/services/{record_id}"
    try:
        detail = fetcher.get_json(detail_url, allow_missing=True)
    except FeedError as error:
        return FeedItem(record, notes=[f"Full record not read ({error}): imported the summary."])
    if not isinstance(detail, dict) or str(detail.get("id")) != str(record_id):
        return FeedItem(record, notes=[f"No full record at {detail_url}: imported the summary."])
    return FeedItem(detail, summary=record, notes=[f"Full record from {detail_url}."])


def open_feed(source: str, *, public_only: bool = False) -> Feed:
    """A URL (http or https), or a file or folder path (never for `public_only` runs)."""
    if source.startswith(("http://", "https://")):
        return feed_from_url(source, public_only=public_only)
    if public_only:
        raise FeedError("Only web addresses can be imported from the page.")
    if "://" in source:
        raise FeedError(f"“{source[:80]}”: only http:// and https:// addresses can be fetched.")
    return feed_from_path(Path(source))
