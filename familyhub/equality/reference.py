"""Medway's population by the characteristics the equality reports use (2021 census), read
from the data file shipped with the app, each figure with its source and how far it is checked."""

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "medway_census_2021.json"
NOT_ANSWERED = "not_answered"


@cache
def census() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def source(characteristic: str) -> dict | None:
    """The table's id, title, universe, URL and release date (no figures), or None."""
    table = census()["characteristics"].get(characteristic)
    if table is None:
        return None
    return {key: value for key, value in table.items() if key != "figures"}


def population_shares(characteristic: str) -> dict:
    """{category: (share, status)}: each category's share of the people who answered the
    census question (its "not answered" left out, as our own "prefer not to say" is), as a
    fraction; status is "published" or "to_check". Empty when there is no population figure."""
    table = census()["characteristics"].get(characteristic)
    if table is None:
        return {}
    answered = {k: v for k, v in table["figures"].items() if k != NOT_ANSWERED}
    total = sum(v["percent"] for v in answered.values())
    return {k: (v["percent"] / total, v["status"]) for k, v in answered.items()}
