"""Streaming import of the open national postcode datasets into the Postcode table.

Two formats, both published under the Open Government Licence:
- ONS Postcode Directory (ONSPD) CSV: a header row with `pcds`, `lat`, `long`, `doterm`.
- OS Code-Point Open CSV: no header; postcode, quality, eastings, northings, ... (British National
  Grid, converted to WGS84 with pyproj).
Files may be plain CSV, a folder of CSVs, or a .zip of them. Rows stream in batches, so memory
stays flat for the 2.7 million rows of the full ONSPD.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg

from familyhub.postcodes.formats import InvalidPostcode, normalise, outward_code
from familyhub.postcodes.models import Postcode, PostcodeDistrict

BATCH_SIZE = 5000
ONSPD_NO_LOCATION = 99.0  # ONSPD puts 99.999999 where a postcode has no grid reference


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0
    reasons: dict = field(default_factory=dict)
    districts: int = 0

    def skip(self, reason: str):
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def _text_streams(path: Path) -> Iterator[tuple[str, io.TextIOBase, int]]:
    """Yield (name, text stream, size in bytes) for each CSV in a file, folder or zip."""
    if path.is_dir():
        for member in sorted(path.rglob("*.csv")):
            yield member.name, member.open(encoding="utf-8-sig", newline=""), member.stat().st_size
    elif zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            # ONSPD zips hold the big file under Data/ and small lookups under Documents/.
            if info.filename.lower().endswith(".csv") and "documents/" not in info.filename.lower():
                raw = archive.open(info)
                yield info.filename, io.TextIOWrapper(raw, "utf-8-sig", newline=""), info.file_size
    else:
        yield path.name, path.open(encoding="utf-8-sig", newline=""), path.stat().st_size


def _counted_lines(stream, progress) -> Iterator[str]:
    for line in stream:
        if progress is not None:
            progress.update(len(line.encode("utf-8")))
        yield line


def onspd_rows(lines: Iterable[str], report: ImportReport):
    for row in csv.DictReader(lines):
        if row.get("doterm", "").strip():
            report.skip("terminated postcode")
            continue
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, ValueError):
            report.skip("no latitude/longitude")
            continue
        if lat >= ONSPD_NO_LOCATION:
            report.skip("no grid reference")
            continue
        yield row.get("pcds") or row.get("pcd", ""), lat, lon


def codepoint_rows(lines: Iterable[str], report: ImportReport):
    # Imported here: pyproj and its projection database load only for a Code-Point Open file.
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    for row in csv.reader(lines):
        if len(row) < 4:
            report.skip("short row")
            continue
        try:
            easting, northing = float(row[2]), float(row[3])
        except ValueError:
            report.skip("no grid reference")
            continue
        if easting == 0 and northing == 0:
            report.skip("no grid reference")
            continue
        lon, lat = to_wgs84.transform(easting, northing)
        yield row[0], lat, lon


READERS = {"onspd": onspd_rows, "codepoint": codepoint_rows}


def _save_batch(batch: list[Postcode]):
    Postcode.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["outward_code", "latitude", "longitude"],
    )


def import_postcodes(path: Path, file_format: str, progress_factory=None) -> ImportReport:
    """Load every row of `path` in `file_format` (onspd or codepoint); then refresh districts."""
    reader = READERS[file_format]
    report = ImportReport()
    for name, stream, size in _text_streams(Path(path)):
        progress = progress_factory(total=size, desc=name) if progress_factory else None
        batch: list[Postcode] = []
        with stream:
            for raw_postcode, lat, lon in reader(_counted_lines(stream, progress), report):
                try:
                    postcode = normalise(raw_postcode)
                except InvalidPostcode:
                    report.skip("not a valid postcode")
                    continue
                if " " not in postcode:
                    report.skip("not a full postcode")
                    continue
                batch.append(Postcode(postcode, outward_code(postcode), lat, lon))
                if len(batch) >= BATCH_SIZE:
                    _save_batch(batch)
                    report.imported += len(batch)
                    batch = []
            if batch:
                _save_batch(batch)
                report.imported += len(batch)
        if progress is not None:
            progress.close()
    report.districts = refresh_district_centroids(source=f"Mean of {file_format} postcodes")
    cache.clear()  # places looked up before the import (locate, areas_of) may have moved
    return report


@transaction.atomic
def refresh_district_centroids(source: str) -> int:
    """Recompute each district's centroid as the mean of its imported postcodes."""
    rows = Postcode.objects.values("outward_code").annotate(
        latitude=Avg("latitude"), longitude=Avg("longitude")
    )
    districts = [
        PostcodeDistrict(
            outward_code=row["outward_code"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            source=source,
        )
        for row in rows
    ]
    PostcodeDistrict.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["outward_code"],
        update_fields=["latitude", "longitude", "source"],
        batch_size=1000,
    )
    return len(districts)
