"""Comparing a record as a feed gave it with the record as this directory publishes it again,
field by field: every field the feed gave must come back with the same value (this directory
may add fields of its own). Lists of records are matched by id; times are compared as times
("10:00:00" and "10:00" are the same time)."""

import datetime


def _same_time(a, b) -> bool:
    try:
        return datetime.time.fromisoformat(a) == datetime.time.fromisoformat(b)
    except (TypeError, ValueError):
        return False


def lost_fields(given, published, path="") -> list[str]:
    """The paths of the fields of `given` that `published` does not have, or has otherwise."""
    if isinstance(given, dict):
        if not isinstance(published, dict):
            return [path or "(record)"]
        lost = []
        for key, value in given.items():
            if value in (None, "", [], {}):
                continue
            if key not in published:
                lost.append(f"{path}.{key}".lstrip("."))
            else:
                lost += lost_fields(value, published[key], f"{path}.{key}".lstrip("."))
        return lost
    if isinstance(given, list) and given and all(isinstance(v, dict) and "id" in v for v in given):
        if not isinstance(published, list):
            return [path]
        by_id = {item.get("id"): item for item in published if isinstance(item, dict)}
        lost = []
        for item in given:
            if item["id"] not in by_id:
                lost.append(f"{path}[{item['id']}]")
            else:
                lost += lost_fields(item, by_id[item["id"]], f"{path}[{item['id']}]")
        return lost
    if given == published or _same_time(given, published):
        return []
    return [path]
