"""The vocabularies of a whole-family assessment, declared once as data: the three domains of
the national assessment framework (Working Together's triangle), the Supporting Families
programme's ten headline outcomes (each need is tagged with one, for reporting), and the four
levels of need of Medway's threshold guidance."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    CHILD_DEVELOPMENT = "child_development", _("The child's developmental needs")
    PARENTING_CAPACITY = "parenting_capacity", _("Parenting capacity")
    FAMILY_ENVIRONMENT = "family_environment", _("Family and environmental factors")


class OutcomeArea(models.TextChoices):
    """Supporting Families: the headline outcomes a family's needs are counted against."""

    EDUCATION = "education", _("Getting a good education")
    EARLY_YEARS = "early_years", _("Good early years development")
    HEALTH = "health", _("Improved mental and physical health")
    SUBSTANCE_USE = "substance_use", _("Promoting recovery and reducing harm from substance use")
    FAMILY_RELATIONSHIPS = "family_relationships", _("Improved family relationships")
    SAFETY = "safety", _("Children safe from abuse and exploitation")
    CRIME = "crime", _("Crime prevention and tackling crime")
    DOMESTIC_ABUSE = "domestic_abuse", _("Safe from domestic abuse")
    HOUSING = "housing", _("Secure housing")
    FINANCIAL_STABILITY = "financial_stability", _("Financial stability")


class LevelOfNeed(models.TextChoices):
    UNIVERSAL = "1", _("Level 1: universal")
    TARGETED = "2", _("Level 2: targeted early help")
    COMPLEX = "3", _("Level 3: complex, multi-agency")
    STATUTORY = "4", _("Level 4: statutory (children's social care)")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    NEED = "need", _("Need")
