"""The partnership's own vocabularies, each declared once."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LevelOfNeed(models.TextChoices):
    """The four levels of the Medway continuum of need (MSCP threshold guidance)."""

    UNIVERSAL = "universal", _("Universal")
    TARGETED = "targeted", _("Targeted (early help)")
    SPECIALIST = "specialist", _("Specialist")
    STATUTORY = "statutory", _("Statutory")


class AccessRoute(models.TextChoices):
    DROP_IN = "drop_in", _("Drop in")
    SELF_REFERRAL = "self_referral", _("Refer yourself")
    PROFESSIONAL_REFERRAL = "professional_referral", _("Professional referral")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    # "Phone" as a way a service is delivered ("by phone"), not a phone number.
    PHONE = "phone", pgettext_lazy("delivery mode", "Phone")


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")
    # Not an ORUK status: an imported record a data manager has not yet reviewed (or has
    # rejected). Never public: not in the finder, the search, the ORUK API or the export.
    HELD = "held", _("Held for review")


# The statuses families see in the finder and search (a temporarily closed service is shown,
# saying so).
PUBLIC_STATUSES = [ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED]

# The statuses that are ORUK's own (what the API and the export may show).
ORUK_STATUSES = [
    ServiceStatus.ACTIVE,
    ServiceStatus.INACTIVE,
    ServiceStatus.DEFUNCT,
    ServiceStatus.TEMPORARILY_CLOSED,
]


class EifRating(models.TextChoices):
    """Early Intervention Foundation (now Foundations) Guidebook evidence ratings."""

    LEVEL_4_PLUS = "4+", "4+"
    LEVEL_4 = "4", "4"
    LEVEL_3_PLUS = "3+", "3+"
    LEVEL_3 = "3", "3"
    LEVEL_2_PLUS = "2+", "2+"
    LEVEL_2 = "2", "2"
    NL2 = "NL2", _("NL2 (not level 2)")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class AreaType(models.TextChoices):
    TOWN = "town", _("Town")
    WARD = "ward", _("Ward")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")


class ExtentType(models.TextChoices):
    """The formats of a service area's `extent`, as HSDS 3.0 names them."""

    GEOJSON = "geojson", "GeoJSON"
    TOPOJSON = "topojson", "TopoJSON"
    KML = "kml", "KML"
    TEXT = "text", "Text"


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


MEDWAY_TOWNS = ["Chatham", "Gillingham", "Rochester", "Strood", "Rainham", "Hoo Peninsula"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
