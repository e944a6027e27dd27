"""The plan of one record read from a feed: unsaved directory models, with what was noted
and what is missing. records.py and record_parts.py fill it in; oruk_import.write_plans
(writing.py) saves it."""

from dataclasses import dataclass, field

from familyhub.directory import models as m


@dataclass
class LocationPlan:
    link: m.ServiceAtLocation
    location: m.Location | None  # None: an existing place, only linked
    addresses: list = field(default_factory=list)
    accessibility: list = field(default_factory=list)


@dataclass
class ContactPlan:
    contact: m.Contact
    phones: list = field(default_factory=list)


@dataclass
class ServicePlan:
    service: m.Service
    organisation: m.Organisation | None  # None: the service's organisation_id already exists
    # related name -> [unsaved models]; "schedules" holds the service's own and those of its
    # places (with service_at_location_id set to the feed's link id).
    children: dict = field(default_factory=dict)
    contacts: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    terms: list = field(default_factory=list)  # (attribute id, TaxonomyTerm id, extra)
    notes: list = field(default_factory=list)
    # What families need that the feed did not say ("level_of_need", "access_routes",
    # "delivery", "description", "organisation_description", "status", "adults"): left empty,
    # never filled with a guess; review.py holds the record for a data manager.
    missing: set = field(default_factory=set)
    # How the feed itself says the service is delivered (not this directory's guess).
    stated_delivery: set = field(default_factory=set)
    # Set by review.py: the review row to write with the record (None: none to write).
    review: object = None

    @property
    def name(self) -> str:
        return self.service.name
