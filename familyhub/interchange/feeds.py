"""Where ORUK records come from: an ORUK API (paged), a JSON file, an uploaded file, or a folder
laid out like the official validator's mock feeds. Pages are ORUK 3.0's (`contents`,
`total_items`, `last_page`) or ORUK 1.0's (`content`, `totalElements`, `last`, numbered from 0
or 1). Each source yields service records one at a time: an API a page at a time, a file a
record at a time (json_records.py), so a long feed is never held in memory whole (an uploaded
file, kept in the database until its run, and a folder of mock pages are read whole). Anything
that stops the whole feed being read is a `FeedError` with a message a data manager can act on.

This module reads files, folders and uploads, and opens any source (`open_feed`); an API is
read by feed_web.py; what every source yields, and how a page is read, is feed_pages.py.
"""

import codecs
from pathlib import Path

import ijson

from familyhub.interchange import json_records
from familyhub.interchange.feed_pages import (
    PAGE_KEYS,
    Feed,
    FeedError,
    FeedItem,
    describe_json_error,
    is_summary,
    not_a_feed,
    page_total,
    parse_json,
    records_in,
)
from familyhub.interchange.feed_web import feed_from_url


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
    """A JSON file read a record at a time (json_records.py), so a national feed (100,000
    services is over a gigabyte of JSON) is never in memory whole. What comes before the first
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
            return Feed(where, _streamed(path, None, where), None)
        if event != "start_map":
            raise not_a_feed(where, value)
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
    return Feed(where, _streamed(path, key, where), page_total({**object_, key: []}))


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


def _streamed(path: Path, key: str | None, where: str):
    """The records of the list (at the top level, `key` None, or under `key` in a page), one
    at a time (json_records.py)."""
    done = 0
    try:
        for record, _text in json_records.records(path, key):
            yield FeedItem(record)
            done += 1
    except json_records.Broken as broken:
        raise FeedError(f"{where} stops being valid JSON after record {done}: {broken}") from None


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
        return json_records.ENDS_EARLY
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


def open_feed(source: str, *, public_only: bool = False) -> Feed:
    """A URL (http or https), or a file or folder path (never for `public_only` runs)."""
    if source.startswith(("http://", "https://")):
        return feed_from_url(source, public_only=public_only)
    if public_only:
        raise FeedError("Only web addresses can be imported from the page.")
    if "://" in source:
        raise FeedError(f"“{source[:80]}”: only http:// and https:// addresses can be fetched.")
    return feed_from_path(Path(source))
