"""The vocabularies of a whole-family assessment, declared once as data: the three domains of
the national assessment framework (Working Together's triangle), the Supporting Families
programme's ten headline outcomes (each need is tagged with one, for reporting), and the four
levels of need of Medway's threshold guidance."""

from django.db import models


class Domain(models.TextChoices):
    CHILD_DEVELOPMENT = "child_development", "The child's developmental needs"
    PARENTING_CAPACITY = "parenting_capacity", "Parenting capacity"
    FAMILY_ENVIRONMENT = "family_environment", "Family and environmental factors"


class OutcomeArea(models.TextChoices):
    """Supporting Families: the headline outcomes a family's needs are counted against."""

    EDUCATION = "education", "Getting a good education"
    EARLY_YEARS = "early_years", "Good early years development"
    HEALTH = "health", "Improved mental and physical health"
    SUBSTANCE_USE = "substance_use", "Promoting recovery and reducing harm from substance use"
    FAMILY_RELATIONSHIPS = "family_relationships", "Improved family relationships"
    SAFETY = "safety", "Children safe from abuse and exploitation"
    CRIME = "crime", "Crime prevention and tackling crime"
    DOMESTIC_ABUSE = "domestic_abuse", "Safe from domestic abuse"
    HOUSING = "housing", "Secure housing"
    FINANCIAL_STABILITY = "financial_stability", "Financial stability"


class LevelOfNeed(models.TextChoices):
    UNIVERSAL = "1", "Level 1: universal"
    TARGETED = "2", "Level 2: targeted early help"
    COMPLEX = "3", "Level 3: complex, multi-agency"
    STATUTORY = "4", "Level 4: statutory (children's social care)"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    NEED = "need", "Need"
