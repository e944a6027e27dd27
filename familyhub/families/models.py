"""The family record: told once, reused by every request, editable by the family.

Free text, contact details and equality answers are encrypted at rest (see settings.SALT_KEY);
names, dates of birth and the postcode are kept plain because staff search and match on them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from familyhub.families.keys import contact_key, name_key


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class OtherWay(models.TextChoices):
    """How a family with no safe phone, text or email will hear from the service."""

    SAFE_NUMBER = (
        "safe_number",
        _("Phone me on a different number that is safe, only at the times I give"),
    )
    FAMILY_WILL_CALL = "family_will_call", _("I will phone the service myself")
    IN_PERSON = (
        "in_person",
        _("Talk to me in person somewhere I already go, like a family hub, school or GP surgery"),
    )


class Family(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Parents and carers who can sign in and see this family's record and requests.
    account_holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="families"
    )
    postcode = models.CharField(max_length=8, db_index=True)
    address = EncryptedTextField(null=True, blank=True)
    home_languages = models.CharField(max_length=200, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    accessibility_needs = EncryptedTextField(null=True, blank=True)

    # How to get in touch safely (vital where there is domestic abuse).
    contact_phone = EncryptedCharField(max_length=30, null=True, blank=True)
    contact_email = EncryptedCharField(max_length=254, null=True, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    safe_to_phone = models.BooleanField(default=True)
    safe_to_text = models.BooleanField(default=True)
    safe_to_email = models.BooleanField(default=True)
    voicemail_ok = models.BooleanField(default=False)
    safe_times = EncryptedTextField(null=True, blank=True)
    contact_notes = EncryptedTextField(null=True, blank=True)
    # When none of the above is safe: how the family asked to hear instead (safe_contact.py).
    other_way = models.CharField(max_length=20, choices=OtherWay.choices, blank=True)
    other_way_phone = EncryptedCharField(max_length=30, null=True, blank=True)
    other_way_details = EncryptedTextField(null=True, blank=True)

    # Keyed hashes of the email address and phone number (keys.contact_key): requests are
    # matched to a record by contact without decrypting every family's details.
    email_key = models.CharField(
        max_length=64, blank=True, db_default="", db_index=True, editable=False
    )
    phone_key = models.CharField(
        max_length=64, blank=True, db_default="", db_index=True, editable=False
    )

    # Set when triage merges this record into another (the duplicate keeps pointing at it).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

    class Meta:
        verbose_name_plural = "families"

    def __str__(self):
        main = self.main_contact
        return f"{main.full_name if main else 'Family'} ({self.postcode})"

    def save(self, *args, **kwargs):
        self.email_key = contact_key("email", self.contact_email)
        self.phone_key = contact_key("phone", self.contact_phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"contact_email", "contact_phone"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "email_key", "phone_key"}
        super().save(*args, **kwargs)

    @property
    def main_contact(self):
        adults = [member for member in self.members.all() if not member.is_child]
        return next((m for m in adults if m.is_main_contact), adults[0] if adults else None)

    @property
    def children(self):
        return [member for member in self.members.all() if member.is_child]


class DifferentFamilies(models.Model):
    """Two records staff compared and found to be different families: not shown as likely
    duplicates of each other again. Stored with the smaller id first."""

    first = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "different families"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="different_families_once")
        ]

    def __str__(self):
        return f"{self.first_id} is not {self.second_id}"


class Relationship(models.TextChoices):
    """Anyone in a parenting role is a parent here."""

    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    ADOPTIVE_PARENT = "adoptive_parent", _("Adoptive parent")
    FOSTER_CARER = "foster_carer", _("Foster carer")
    KINSHIP_CARER = "kinship_carer", _("Kinship carer")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_CARER = "other_carer", _("Other carer")
    CHILD = "child", _("Child")
    YOUNG_CARER = "young_carer", _("Young carer")
    OTHER_ADULT = "other_adult", _("Other adult in the home")


CHILD_RELATIONSHIPS = {Relationship.CHILD, Relationship.YOUNG_CARER}


class FamilyMember(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    # Lower case, accents and punctuation removed: what duplicate matching compares.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    date_of_birth = models.DateField(null=True, blank=True)
    # A baby not born yet: the expected date of birth (and no date of birth).
    due_date = models.DateField(null=True, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    is_main_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main_contact", "date_of_birth", "first_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or (gettext("Expected baby") if self.is_expected else "")

    @property
    def is_expected(self) -> bool:
        """A baby not born yet (named by its due date)."""
        return self.date_of_birth is None and self.due_date is not None

    @property
    def is_child(self) -> bool:
        return self.relationship in CHILD_RELATIONSHIPS


class PreferNotToSay(models.TextChoices):
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class EqualityMonitoring(models.Model):
    """Optional answers, one set per person; every question has "prefer not to say".

    Used only in aggregate, to see whether access and outcomes are fair.
    """

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Another ethnic group")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class YesNo(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    member = models.OneToOneField(FamilyMember, on_delete=models.CASCADE, related_name="equality")
    # Special-category answers about a named person: encrypted at rest like the family's free
    # text (an answer not given is stored as NULL). Nothing filters or counts on them in SQL;
    # a report of them reads the rows and counts in Python.
    # A 2021 census category (monitoring.ETHNICITIES; older answers hold the broad group alone).
    ethnicity = EncryptedCharField(max_length=40, blank=True, null=True)
    disability = EncryptedCharField(max_length=12, choices=YesNo.choices, blank=True, null=True)
    sex = EncryptedCharField(max_length=12, choices=Sex.choices, blank=True, null=True)
    gender_same_as_at_birth = EncryptedCharField(
        max_length=12, choices=YesNo.choices, blank=True, null=True
    )
    religion = EncryptedCharField(max_length=60, blank=True, null=True)
    sexual_orientation = EncryptedCharField(max_length=60, blank=True, null=True)
    pregnant_or_new_parent = EncryptedCharField(
        max_length=12, choices=YesNo.choices, blank=True, null=True
    )
    low_income = EncryptedCharField(max_length=12, choices=YesNo.choices, blank=True, null=True)
    marital_status = EncryptedCharField(max_length=20, blank=True, null=True)

    def __str__(self):
        return f"Equality monitoring answers ({self.member_id})"
