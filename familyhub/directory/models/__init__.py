from familyhub.directory.models.details import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    ServiceArea,
)
from familyhub.directory.models.locations import Location, ServiceAtLocation
from familyhub.directory.models.organisations import Organisation
from familyhub.directory.models.services import Service, ServiceTerm
from familyhub.directory.models.taxonomy import Taxonomy, TaxonomyTerm
from familyhub.directory.models.version import DirectoryVersion

__all__ = [
    "Accessibility",
    "Address",
    "Contact",
    "CostOption",
    "DirectoryVersion",
    "Funding",
    "Language",
    "Location",
    "Organisation",
    "Phone",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceTerm",
    "Taxonomy",
    "TaxonomyTerm",
]
