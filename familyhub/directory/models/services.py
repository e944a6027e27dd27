import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connection, models

from familyhub.directory.choices import (
    AccessRoute,
    DeliveryMode,
    EifRating,
    LevelOfNeed,
    ServiceStatus,
)
from familyhub.directory.models.base import DirectoryRecord
from familyhub.directory.models.organisations import Organisation
from familyhub.directory.models.taxonomy import TaxonomyTerm
from familyhub.directory.search.index_terms import terms_of
from familyhub.directory.search.words import fold

MAX_CHILD_AGE = 25  # SEND support runs to 25


class Service(DirectoryRecord):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()
    eligibility_description = models.TextField("who it is for", blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True, help_text="Main phone number")
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE, db_index=True
    )
    alert = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CHILD_AGE)],
        help_text="Youngest child's age in whole years (0 for pregnancy and babies)",
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CHILD_AGE)],
        help_text="Oldest child's age in whole years",
    )

    # The partnership's own fields (published in the ORUK feed as attributes).
    level_of_need = models.CharField(max_length=20, choices=LevelOfNeed.choices, db_index=True)
    access_drop_in = models.BooleanField("drop in", default=False)
    access_self_referral = models.BooleanField("refer yourself", default=False)
    access_professional_referral = models.BooleanField("professional referral", default=False)
    needs_diagnosis = models.BooleanField(
        default=False, help_text="Only tick if a diagnosis (e.g. of autism) is needed first"
    )
    typical_wait_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # How many new families the service can start with each week: the expected wait for a new
    # request is worked out from the queue ahead and this (see referrals/waiting.py).
    capacity_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="New families started each week, on average"
    )
    evidence_programme = models.CharField(max_length=120, blank=True)
    eif_rating = models.CharField(
        "EIF Guidebook rating", max_length=4, choices=EifRating.choices, blank=True
    )
    delivered_in_person = models.BooleanField(default=False)
    delivered_online = models.BooleanField(default=False)
    delivered_by_phone = models.BooleanField(default=False)
    last_checked_on = models.DateField(null=True, blank=True)
    last_checked_by = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where this record came from")

    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, through="ServiceTerm", related_name="services", blank=True
    )
    # Text the search service matches against; rebuilt on every save.
    search_text = models.TextField(editable=False, default="")
    # A stable 63-bit number from the id: the row key of the SQLite full-text index.
    search_key = models.BigIntegerField(unique=True, editable=False)
    # SQLite: the full-text index's terms of the name and the text (search/index_terms.py),
    # for matching words near a postcode without reading the index's lists. None elsewhere;
    # nullable so the column is added to SQLite in place (no remade table, no lost triggers).
    search_terms = models.TextField(null=True, blank=True, editable=False)  # noqa: DJ001

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["minimum_age", "maximum_age"], name="service_age_range"),
            models.Index(
                fields=["delivered_in_person"],
                condition=models.Q(delivered_in_person=False),
                name="service_remote_only",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def temporarily_closed(self) -> bool:
        return self.status == ServiceStatus.TEMPORARILY_CLOSED

    @property
    def access_routes(self) -> list[str]:
        flags = {
            AccessRoute.DROP_IN: self.access_drop_in,
            AccessRoute.SELF_REFERRAL: self.access_self_referral,
            AccessRoute.PROFESSIONAL_REFERRAL: self.access_professional_referral,
        }
        return [route for route, on in flags.items() if on]

    @property
    def delivery_modes(self) -> list[str]:
        flags = {
            DeliveryMode.IN_PERSON: self.delivered_in_person,
            DeliveryMode.ONLINE: self.delivered_online,
            DeliveryMode.PHONE: self.delivered_by_phone,
        }
        return [mode for mode, on in flags.items() if on]

    def clean(self):
        errors = {}
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            errors["maximum_age"] = (
                "The oldest age must be the same as or more than the youngest age."
            )
        if not self.access_routes:
            errors["access_drop_in"] = (
                "Choose at least one way to get this service: drop in, refer yourself or "
                "professional referral."
            )
        if not self.delivery_modes:
            errors["delivered_in_person"] = (
                "Choose how it is delivered: in person, online or phone."
            )
        if self.eif_rating and not self.evidence_programme:
            errors["evidence_programme"] = "Name the programme the EIF rating belongs to."
        if errors:
            raise ValidationError(errors)

    def search_parts(self) -> tuple:
        """What the search text is made from (an import compares them to reuse a text made
        ahead, in a worker process)."""
        return (
            self.name,
            self.alternate_name,
            self.description,
            self.eligibility_description,
            self.evidence_programme,
            self.organisation.name if self.organisation_id else "",
        )

    def build_search_text(self) -> str:
        return search_text_of(self.search_parts())

    def prepare_for_search(self):
        """Set the derived search fields; bulk_create callers must call this themselves."""
        self.set_search_fields(self.build_search_text())

    def set_search_fields(self, text: str, terms: str | None = None):
        """The search text and what follows from it: the full-text row key and (SQLite) the
        index's terms, made here unless given (an import makes them ahead, in a worker)."""
        self.search_text = text
        self.search_key = search_key_for(self.id)
        if connection.vendor == "sqlite":
            self.search_terms = terms if terms is not None else search_terms_of(self.name, text)
        else:
            self.search_terms = None

    def save(self, *args, **kwargs):
        self.prepare_for_search()
        if kwargs.get("update_fields") is not None:
            derived = {"search_text", "search_key", "search_terms"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)


def search_terms_of(name: str, text: str) -> str | None:
    """SQLite: the full-text index's terms of a service's name and search text
    (search/index_terms.py); None on other databases, which keep none."""
    if connection.vendor != "sqlite":
        return None
    return terms_of([(name, text)])[0]


def search_text_of(parts) -> str:
    # The name is always the first line: PostgreSQL weights it (see migration 0002).
    return fold("\n".join(part for part in parts if part))


def search_key_for(service_id: uuid.UUID) -> int:
    return int.from_bytes(service_id.bytes[:8], "big") >> 1


class ServiceTerm(models.Model):
    """A service tagged with a taxonomy term (an HSDS `attribute` linking the two)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_terms")
    # Indexed with the service below, so "the services with these needs" is read from the
    # index alone (search, ranking by needs matched).
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The imported attribute's other fields (its value, an HSDS 3.1 label), published back.
    extra = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], name="unique_service_term")
        ]
        indexes = [models.Index(fields=["taxonomy_term", "service"], name="service_term_by_term")]

    def __str__(self):
        return f"{self.service} — {self.taxonomy_term}"
