"""Programme places against demand, by town (issue 19 item 6; decision 0037).

For each town: the groups that take families (not cancelled, first session today or later)
meeting there, their places and free places; and the requests to a programme that are accepted
or on the waiting list without a place, by the town of the family's postcode district
(DISTRICT_TOWNS; anywhere else: Medway-wide). Online groups are a row of their own: they serve
every town. "Short by" is the requests waiting less the free places (0 when there is room).
Figures from programmes/queries.py; the same rows make the map's section and `capacity.csv`.
"""

from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.gaps.mapping import DISTRICT_TOWNS, MEDWAY_WIDE
from familyhub.programmes.queries import upcoming_places, waiting_districts

ONLINE = "Online"
COLUMNS = ["Town", "Groups to come", "Places", "Free places", "Requests waiting for a place",
           "Short by"]  # fmt: skip


def capacity_by_town() -> list[dict]:
    rows = {place: {"place": place, "groups": 0, "places": 0, "free": 0, "waiting": 0}
            for place in [*MEDWAY_TOWNS, MEDWAY_WIDE, ONLINE]}  # fmt: skip
    for town, places, free in upcoming_places():
        row = rows.get(town) or rows[MEDWAY_WIDE]  # a venue outside the six towns
        row["groups"] += 1
        row["places"] += places
        row["free"] += free
    for district, count in waiting_districts().items():
        rows[DISTRICT_TOWNS.get(district, MEDWAY_WIDE)]["waiting"] += count
    for row in rows.values():
        row["short_by"] = max(row["waiting"] - row["free"], 0)
    return list(rows.values())


def row_values(row) -> list[str]:
    return [row["place"], *(str(row[k]) for k in ("groups", "places", "free", "waiting",
                                                    "short_by"))]  # fmt: skip
