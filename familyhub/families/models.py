"""The family record: told once, reused by every request, editable by the family.

Free text and contact details are encrypted at rest (see settings.SALT_KEY); names, dates of
birth and the postcode are kept plain because staff search and match on them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField


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

    # Set when triage merges this record into another (the duplicate keeps pointing at it).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

    class Meta:
        verbose_name_plural = "families"

    def __str__(self):
        main = self.main_contact
        return f"{main.full_name if main else 'Family'} ({self.postcode})"

    @property
    def main_contact(self):
        adults = [member for member in self.members.all() if not member.is_child]
        return next((m for m in adults if m.is_main_contact), adults[0] if adults else None)

    @property
    def children(self):
        return [member for member in self.members.all() if member.is_child]


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
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    is_main_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main_contact", "date_of_birth", "first_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        from familyhub.families.matching import name_key

        self.name_key = name_key(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

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
    ethnicity = models.CharField(max_length=12, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=12, choices=YesNo.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_same_as_at_birth = models.CharField(max_length=12, choices=YesNo.choices, blank=True)
    religion = models.CharField(max_length=60, blank=True)
    sexual_orientation = models.CharField(max_length=60, blank=True)
    pregnant_or_new_parent = models.CharField(max_length=12, choices=YesNo.choices, blank=True)
    low_income = models.CharField(max_length=12, choices=YesNo.choices, blank=True)

    def __str__(self):
        return f"Equality monitoring answers ({self.member_id})"
