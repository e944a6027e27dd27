"""District (outward code) centroids shipped with the product: a fresh machine works offline."""

import csv
from pathlib import Path

from django.core.cache import cache

from familyhub.postcodes.models import PostcodeDistrict

SHIPPED_CSV = Path(__file__).parent / "data" / "outward_code_centroids.csv"
SHIPPED_SOURCE = "Shipped district centroids (see familyhub/postcodes/data/README.md)"


def read_shipped_districts(path: Path | None = None):
    with (path or SHIPPED_CSV).open(newline="", encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            yield {
                "outward_code": row["outward_code"].strip().upper(),
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "post_town": row.get("post_town", "").strip(),
                "local_authority": row.get("local_authority", "").strip(),
            }


def load_shipped_districts(using="default") -> int:
    """Add the shipped districts that are missing (never overwrite imported ones); count added."""

    existing = set(PostcodeDistrict.objects.using(using).values_list("outward_code", flat=True))
    new = [
        PostcodeDistrict(source=SHIPPED_SOURCE, **row)
        for row in read_shipped_districts()
        if row["outward_code"] not in existing
    ]
    PostcodeDistrict.objects.using(using).bulk_create(new)
    return len(new)


def areas_of(place) -> list[str]:
    """The names of the areas a place is in (post town, local authority), for matching the
    service areas of services with no fixed place."""
    outward = place.postcode.split(" ")[0][:4]
    key = f"areas_of:{outward}"
    areas = cache.get(key)
    if areas is None:
        district = PostcodeDistrict.objects.filter(outward_code=outward).first()
        areas = [n for n in (district.post_town, district.local_authority) if n] if district else []
        cache.set(key, areas, 3600)
    return areas
