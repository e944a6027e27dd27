"""ORUK 1.0 records and pages, written for these tests (no council's data is copied): the shapes
council directories publish (`regular_schedules`, `physical_addresses`, an organisation's
`url`, `attending_type` and `attending_access`, `eligibilitys`, `service_taxonomys`, a page's
`content`, `totalElements`, `totalPages`, `number` from 0 and `last`), with the faults such
feeds have: HTML in descriptions, organisations with no description, web addresses without
https://, an over-long address, bad emails, and services with no place and no attending_type.
"""

import json
import math
import uuid

TOWNS = ["Chatham", "Gillingham", "Rochester", "Strood", "Rainham"]
POSTCODES = ["ME4 4TR", "ME7 1HH", "ME1 1LX", "ME2 4AW", "ME8 7HT"]
ATTENDING = [("venue", "drop-in"), ("venue", "referral"), ("online", "appointment"), ("phone", "")]


def council_record(n: int) -> dict:
    """Service n of a council's ORUK 1.0 feed (every one a little different)."""
    ids = {
        k: str(uuid.uuid5(uuid.NAMESPACE_URL, f"oruk1/{k}/{n}")) for k in "sv og lc sl ad".split()
    }
    town = TOWNS[n % len(TOWNS)]
    attending_type, attending_access = ATTENDING[n % len(ATTENDING)]
    record = {
        "id": ids["sv"],
        "name": f"Family group {n}",
        "description": (
            f"<p>A <strong>weekly</strong> group for parents &amp; carers in {town}.</p>"
            "<ul><li>Play for under 5s</li><li>Advice on sleep &amp; feeding</li></ul>"
        ),
        "url": f"https://example.org/groups/{n}",
        "email": f"group{n}@example.org",
        "status": "active",
        "fees": "Free",
        "accreditations": None,
        "deliverable_type": "Information",
        "assured_date": "2026-01-15",
        "attending_type": attending_type,
        "attending_access": attending_access or None,
        "organization": {
            "id": ids["og"],
            "name": f"Helpers of {town} {n}",
            "description": f"<p>A charity in {town}.</p>",
            "url": f"https://example.org/helpers/{n}",
            "email": f"helpers{n}@example.org",
            "logo": None,
            "uri": None,
        },
        "contacts": [
            {
                "id": str(uuid.uuid4()),
                "name": "Reception",
                "title": None,
                "phones": [{"id": str(uuid.uuid4()), "number": "01634 000000"}],
            }
        ],
        "eligibilitys": [
            {
                "id": str(uuid.uuid4()),
                "eligibility": "Parents of children under 5",
                "minimum_age": 0,
                "maximum_age": 5,
                "taxonomys": [],
            }
        ],
        "fundings": [{"id": str(uuid.uuid4()), "source": "Medway Council"}],
        "holiday_schedules": [],
        "languages": [{"id": str(uuid.uuid4()), "language": "English"}],
        "regular_schedules": [],
        "reviews": [],
        "service_areas": [
            {"id": str(uuid.uuid4()), "service_area": town, "extent": None, "uri": None}
        ],
        "service_taxonomys": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy": {
                    "id": "bccsocialcare:7",
                    "name": "Parenting support",
                    "vocabulary": "Council categories",
                    "parent": None,
                },
            }
        ],
        "service_at_locations": [],
    }
    if attending_type == "venue":
        record["service_at_locations"] = [
            {
                "id": ids["sl"],
                "regular_schedule": [
                    {
                        "id": str(uuid.uuid4()),
                        "weekday": "Tuesday",
                        "opens_at": "09:30:00",
                        "closes_at": "11:30:00",
                        "freq": "WEEKLY",
                        "interval": 1,
                    }
                ],
                "location": {
                    "id": ids["lc"],
                    "name": f"{town} Community Centre",
                    "description": "",
                    "latitude": 51.38,
                    "longitude": 0.52,
                    "physical_addresses": [
                        {
                            "id": ids["ad"],
                            "address_1": f"{n} High Street",
                            "city": town,
                            "state_province": "Kent",
                            "postal_code": POSTCODES[n % 5],
                            "country": "GB",
                        }
                    ],
                    "accessibility_for_disabilities": [
                        {"id": str(uuid.uuid4()), "accessibility": "Step-free entrance"}
                    ],
                },
            }
        ]
    else:
        record["regular_schedules"] = [
            {
                "id": str(uuid.uuid4()),
                "byday": "MO,WE",
                "opens_at": "1970-01-01T10:00:00",
                "closes_at": "1970-01-01T12:00:00",
                "freq": "WEEKLY",
                "interval": 1,
                "description": "<p>Mornings</p>",
            }
        ]
    return record


def council_feed(size: int = 60) -> list[dict]:
    """A council feed of `size` services, with the faults real ones have (those whose
    records are in the first `size`)."""
    records = [council_record(n) for n in range(max(size, 24))]
    for n in range(0, len(records), 5):  # one in five organisations has no description
        records[n]["organization"]["description"] = ""
    for n in (1, 7, 13, 19, 23):  # websites without https://
        records[n]["url"] = f"www.example.org/group-{n}"
        records[n]["organization"]["url"] = "example.org"
    records[2]["url"] = "https://example.org/" + "a" * 313  # 333 characters
    records[3]["email"] = "group3 at example.org"
    records[4]["organization"]["email"] = "mailto:helpers4@example.org"
    for n in (6, 10):  # no place and no attending_type: how it is delivered is unknown
        records[n]["attending_type"] = None
        records[n]["service_at_locations"] = []
    records[9]["name"] = ""  # cannot be used
    return records[:size]


def summary(record: dict) -> dict:
    """A list entry, as ORUK 1.0 lists give them: the service's own fields, no details."""
    keep = ("id", "name", "description", "url", "email", "status", "organization")
    return {key: record[key] for key in keep if key in record}


def page(records: list[dict], number: int, size: int) -> dict:
    """ORUK 1.0's page wrapper (Spring's): numbered from 0."""
    total_pages = max(1, math.ceil(len(records) / size))
    contents = records[number * size : (number + 1) * size]
    return {
        "totalElements": len(records),
        "totalPages": total_pages,
        "number": number,
        "size": size,
        "first": number == 0,
        "last": number >= total_pages - 1,
        "empty": not contents,
        "content": contents,
    }


def serve(feed_server, records: list[dict], size: int = 25):
    """An ORUK 1.0 API on the test server: /services (pages asked for from 1, numbered from
    0 in the answer, entries as summaries) and /services/{id}."""

    def services(query):
        asked = int(query.get("page", ["1"])[0])
        body = page([summary(r) for r in records], asked - 1, size)
        return 200, "application/json", json.dumps(body).encode()

    feed_server.routes["/services"] = services
    for record in records:
        feed_server.json(f"/services/{record['id']}", record)
