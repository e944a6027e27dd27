"""The Medway demonstration directory: realistic services, fictional contact details.

Every record gets a stable id (UUID v5 of its key), so reloading gives the same ids, and is
marked with DEMO_SOURCE so it can be told apart from (and removed before) real data.
"""

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.db import transaction

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import MEDWAY_TOWNS, ServiceStatus
from familyhub.directory.rules import check_ways_to_reach

DEMO_DIR = Path(__file__).parent / "demo_data"
DEMO_SOURCE = "Medway demonstration data (fictional contact details)"


def _id(kind: str, key: str):
    return ref.stable_id("demo", kind, key)


def _read(name: str):
    with (DEMO_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def language_name(code: str) -> str:
    return LANG_INFO.get(code, {}).get("name", code)


def _time(text: str | None):
    return time.fromisoformat(text) if text else None


def is_loaded() -> bool:
    return m.Service.objects.filter(source=DEMO_SOURCE).exists()


@transaction.atomic
def remove_demo_data():
    demo_services = m.Service.objects.filter(source=DEMO_SOURCE)
    organisation_ids = set(demo_services.values_list("organisation_id", flat=True))
    location_ids = set(
        m.ServiceAtLocation.objects.filter(service__in=demo_services).values_list(
            "location_id", flat=True
        )
    )
    demo_services.delete()
    m.Location.objects.filter(id__in=location_ids, service_at_locations__isnull=True).delete()
    m.Organisation.objects.filter(id__in=organisation_ids, services__isnull=True).delete()


@transaction.atomic
def load_demo_data() -> dict:
    organisations = {}
    for row in _read("organisations.json"):
        organisations[row["key"]] = m.Organisation.objects.create(
            id=_id("organisation", row["key"]),
            name=row["name"],
            description=row["description"],
            email=row.get("email", ""),
            website=row.get("website", ""),
        )

    locations = {}
    for row in _read("locations.json"):
        location = m.Location.objects.create(
            id=_id("location", row["key"]),
            name=row["name"],
            description=row.get("description", ""),
            latitude=row["latitude"],
            longitude=row["longitude"],
            town=row.get("town", ""),
            ward=row.get("ward", ""),
        )
        address = m.Address(
            id=_id("address", row["key"]),
            location=location,
            address_1=row["address_1"],
            city=row["city"],
            postal_code=row["postcode"],
        )
        address.full_clean()
        address.save()
        for feature in row.get("accessibility", []):
            m.Accessibility.objects.create(
                id=_id("accessibility", f"{row['key']}/{feature}"),
                location=location,
                description=feature,
            )
        locations[row["key"]] = location

    services = _read("services.json")
    for row in services:
        _create_service(row, organisations, locations)
    return {
        "organisations": len(organisations),
        "locations": len(locations),
        "services": len(services),
    }


def _create_service(row, organisations, locations):
    key = row["key"]
    routes = set(row["access_routes"])
    modes = set(row["delivery_modes"])
    service = m.Service(
        id=_id("service", key),
        organisation=organisations[row["organisation"]],
        name=row["name"],
        description=row["description"],
        eligibility_description=row.get("who_for", ""),
        url=row.get("url", ""),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
        status=row.get("status", ServiceStatus.ACTIVE),
        alert=row.get("alert", ""),
        minimum_age=row.get("min_age"),
        maximum_age=row.get("max_age"),
        level_of_need=row["level_of_need"],
        access_drop_in="drop_in" in routes,
        access_self_referral="self_referral" in routes,
        access_professional_referral="professional_referral" in routes,
        needs_diagnosis=row.get("needs_diagnosis", False),
        typical_wait_weeks=row.get("typical_wait_weeks"),
        capacity_per_week=row.get("capacity_per_week"),
        evidence_programme=row.get("evidence_programme", ""),
        eif_rating=row.get("eif_rating", ""),
        delivered_in_person="in_person" in modes,
        delivered_online="online" in modes,
        delivered_by_phone="phone" in modes,
        last_checked_on=date.fromisoformat(row["last_checked"])
        if row.get("last_checked")
        else None,
        last_checked_by=row.get("checked_by", ""),
        source=DEMO_SOURCE,
    )
    service.full_clean(exclude=["search_text"])
    check_ways_to_reach(service, location_count=len(row.get("locations", [])))
    service.save()

    for need in row.get("needs", []):
        m.ServiceTerm.objects.create(
            id=_id("service-term", f"{key}/{need}"),
            service=service,
            taxonomy_term_id=ref.term_id(ref.NEEDS, need),
        )
    links = {}
    for location_key in row.get("locations", []):
        links[location_key] = m.ServiceAtLocation.objects.create(
            id=_id("service-at-location", f"{key}/{location_key}"),
            service=service,
            location=locations[location_key],
        )
    for number, schedule in enumerate(row.get("schedules", [])):
        record = m.Schedule(
            id=_id("schedule", f"{key}/{number}"),
            service=service,
            service_at_location=links.get(schedule.get("location")),
            freq=schedule.get("freq", "WEEKLY"),
            byday=schedule.get("byday", ""),
            opens_at=_time(schedule.get("opens_at")),
            closes_at=_time(schedule.get("closes_at")),
            description=schedule.get("description", ""),
        )
        record.full_clean()
        record.save()
    cost = row.get("cost", {"free": True})
    m.CostOption.objects.create(
        id=_id("cost", key),
        service=service,
        option="Free" if cost.get("free") else cost.get("option", ""),
        amount=Decimal("0") if cost.get("free") else Decimal(str(cost.get("amount", 0))),
        amount_description="Free" if cost.get("free") else cost.get("amount_description", ""),
    )
    for code in row.get("languages", ["en"]):
        m.Language.objects.create(
            id=_id("language", f"{key}/{code}"),
            service=service,
            code=code,
            name=language_name(code),
        )
    for town in row.get("towns", []):
        m.ServiceArea.objects.create(
            id=_id("area", f"{key}/{town}"), service=service, name=town, area_type="town"
        )
    if set(MEDWAY_TOWNS) <= set(row.get("towns", [])):
        m.ServiceArea.objects.create(
            id=_id("area", f"{key}/medway"),
            service=service,
            name="Medway",
            area_type="local_authority",
        )
    for ward in row.get("wards", []):
        m.ServiceArea.objects.create(
            id=_id("area", f"{key}/ward/{ward}"), service=service, name=ward, area_type="ward"
        )
    if row.get("funding"):
        m.Funding.objects.create(id=_id("funding", key), service=service, source=row["funding"])
