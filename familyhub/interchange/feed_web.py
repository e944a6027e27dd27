"""An ORUK API over HTTP: its base address (the API's details), its /services list, or one JSON
file. Pages are followed to the last one (ORUK 3.0's or 1.0's, numbered from 0 or 1); a list
item that is only a summary is replaced by the full record from {base}/services/{id}. Imports
started from a page fetch only from the public internet (check_public_address)."""

import ipaddress
import socket
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from familyhub.interchange.feed_pages import (
    Feed,
    FeedError,
    FeedItem,
    is_api_details,
    is_last_page,
    is_page,
    is_summary,
    not_a_feed,
    page_number,
    page_records,
    parse_json,
    records_in,
)

TIMEOUT_SECONDS = 30
PER_PAGE = 100
MAX_PAGES = 100_000
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
            if is_last_page(page, wanted) or pages_read + 1 >= MAX_PAGES:
                return
            wanted += 1
            page = fetcher.get_json(with_query(list_url, page=wanted))
            if not is_page(page):
                raise not_a_feed(f"Page {wanted} of {list_url}", page)
            number = page_number(page)
            if number is not None and number != wanted - from_zero:
                raise FeedError(
                    f"Asked {list_url} for page {wanted} and it sent page {number + from_zero}: "
                    "the feed's paging does not work, so the import stopped there."
                )

    return Feed(url, items(), total, fetched_as_read=True)


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
