"""Synthetic services across England, for benchmarks at national scale (not demo data).

Deterministic for a seed. Text is built from the needs taxonomy's own names and synonyms so
that full-text search has realistic work to do; places cluster around 150 local authority
centres (one per local authority in the shipped postcode districts first, so benchmark
postcodes resolve offline).
"""

import random
import uuid
from decimal import Decimal

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import LevelOfNeed, ServiceStatus
from familyhub.directory.demo import language_name
from familyhub.postcodes.models import PostcodeDistrict

SYNTHETIC_SOURCE = "Synthetic benchmark data"
AUTHORITIES = 150
KINDS = ["group", "drop-in", "course", "clinic", "helpline", "service", "café", "club", "programme"]
OPENERS = [
    "Friendly {kind} for parents and carers in {town}.",
    "A free {kind} run by local volunteers in {town}.",
    "Our {kind} in {town} helps families with {need}.",
    "Come along to the {town} {kind}: no need to book.",
]
MIDDLES = [
    "We can help with {s1}, {s2} and {s3}.",
    "Parents often come to us about {s1} or {s2}.",
    "Talk to someone who understands {s1} and {s2}.",
    "Practical ideas for {s1}, with time to talk about {s2}.",
]
LEVELS = (
    [LevelOfNeed.UNIVERSAL] * 55
    + [LevelOfNeed.TARGETED] * 30
    + [LevelOfNeed.SPECIALIST] * 12
    + [LevelOfNeed.STATUTORY] * 3
)
LANGUAGES = ["pl", "ro", "pa", "ur", "ar", "lt", "bg", "ne", "tr", "so"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]


def _centres(rng: random.Random):
    """One centre per local authority (its first shipped district), then random towns: each
    authority holds about the same number of services, as in life (Kent's districts are
    many in the shipped list, but Kent is not 55 authorities)."""
    centres, seen = [], set()
    for d in PostcodeDistrict.objects.order_by("outward_code"):
        authority = d.local_authority or d.post_town or d.outward_code
        if authority not in seen:
            seen.add(authority)
            centres.append((d.latitude, d.longitude, d.post_town or d.outward_code))
    while len(centres) < AUTHORITIES:
        centres.append((rng.uniform(50.8, 54.8), rng.uniform(-2.9, 1.3), f"Town {len(centres)}"))
    return centres[:AUTHORITIES]


def _needs():
    return list(
        m.TaxonomyTerm.objects.filter(taxonomy__key=ref.NEEDS).values("id", "name", "synonyms")
    )


def generate(count: int, seed: int = 1, batch_size: int = 2000, progress=None) -> int:
    rng = random.Random(seed)
    centres = _centres(rng)
    needs = _needs()
    organisation = m.Organisation.objects.create(
        name=f"Synthetic providers (seed {seed})", description="Generated for benchmarks."
    )
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        _batch(rng, size, made, centres, needs, organisation)
        made += size
        if progress:
            progress(size)
    return made


def _batch(rng, size, offset, centres, needs, organisation):
    services, locations, links, tags, costs, schedules, languages = [], [], [], [], [], [], []
    for number in range(offset, offset + size):
        lat0, lon0, town = rng.choice(centres)
        chosen = rng.sample(needs, k=rng.choice([1, 1, 2, 3]))
        main = chosen[0]
        synonyms = [s for need in chosen for s in (need["synonyms"] or [need["name"].lower()])]
        words = rng.sample(synonyms, k=min(3, len(synonyms))) + [main["name"].lower()] * 3
        kind = rng.choice(KINDS)
        low = rng.choice([0, 0, 0, 2, 5, 11])
        description = " ".join(
            [
                rng.choice(OPENERS).format(kind=kind, town=town, need=main["name"].lower()),
                rng.choice(MIDDLES).format(s1=words[0], s2=words[1], s3=words[2]),
            ]
        )
        level = rng.choice(LEVELS)
        service = m.Service(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            organisation=organisation,
            name=f"{town} {main['name']} {kind} {number}",
            description=description,
            status=ServiceStatus.ACTIVE,
            minimum_age=low,
            maximum_age=rng.choice([low + 3, low + 5, 18]),
            level_of_need=level,
            access_drop_in=level == LevelOfNeed.UNIVERSAL,
            access_self_referral=rng.random() < 0.6,
            access_professional_referral=level != LevelOfNeed.UNIVERSAL,
            delivered_in_person=True,
            delivered_online=rng.random() < 0.3,
            delivered_by_phone=rng.random() < 0.2,
            typical_wait_weeks=0 if level == LevelOfNeed.UNIVERSAL else rng.randint(1, 20),
            phone="01632 960000",
            source=SYNTHETIC_SOURCE,
        )
        service.prepare_for_search()
        services.append(service)
        location = m.Location(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            name=f"{town} community venue {number}",
            latitude=lat0 + rng.gauss(0, 0.05),
            longitude=lon0 + rng.gauss(0, 0.08),
            town=town,
        )
        locations.append(location)
        links.append(m.ServiceAtLocation(service=service, location=location))
        tags += [m.ServiceTerm(service=service, taxonomy_term_id=need["id"]) for need in chosen]
        paid = rng.random() < 0.2
        costs.append(
            m.CostOption(
                service=service,
                option="Per session" if paid else "Free",
                amount=Decimal("3.00") if paid else Decimal("0"),
            )
        )
        schedules.append(m.Schedule(service=service, byday=rng.choice(DAYS)))
        languages.append(m.Language(service=service, code="en", name="English"))
        if rng.random() < 0.1:
            code = rng.choice(LANGUAGES)
            languages.append(m.Language(service=service, code=code, name=language_name(code)))
    m.Service.objects.bulk_create(services)
    m.Location.objects.bulk_create(locations)
    for model, rows in [
        (m.ServiceAtLocation, links),
        (m.ServiceTerm, tags),
        (m.CostOption, costs),
        (m.Schedule, schedules),
        (m.Language, languages),
    ]:
        model.objects.bulk_create(rows)
