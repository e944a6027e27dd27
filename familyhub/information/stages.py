"""Ages and stages, and the topics parents ask about, declared once.

Each stage says which age the finder's search is asked for (the youngest age in the stage, so
services for the whole stage are found), and each topic which needs of the directory's needs
taxonomy it belongs to (its pathways, and the search's need filter).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PREGNANCY = "pregnancy", _("Pregnancy")
    BABY = "0-1", _("Babies: 0 to 1 year")
    TODDLER = "1-2", _("Toddlers: 1 to 2 years")
    EARLY_YEARS = "2-5", _("Young children: 2 to 5 years")
    PRIMARY = "5-11", _("Primary school: 5 to 11 years")
    TEENAGER = "11-18", _("Teenagers: 11 to 18 years")


# The age in whole years the finder's search is asked for (0 covers pregnancy and babies).
SEARCH_AGE = {
    Stage.PREGNANCY: 0,
    Stage.BABY: 0,
    Stage.TODDLER: 1,
    Stage.EARLY_YEARS: 2,
    Stage.PRIMARY: 5,
    Stage.TEENAGER: 11,
}


class Topic(models.TextChoices):
    SLEEP = "sleep", _("Sleep")
    FEEDING = "feeding", _("Feeding and eating")
    BEHAVIOUR = "behaviour", _("Behaviour")
    TALKING = "talking", _("Talking and understanding")
    FEELINGS = "feelings", _("Feelings")
    SCHOOL = "school", _("Nursery and school")
    ONLINE_LIFE = "online-life", _("Online life")
    STAYING_SAFE = "staying-safe", _("Staying safe")


# The needs (codes of the directory's needs taxonomy) each topic belongs to, broadest first.
TOPIC_NEEDS = {
    Topic.SLEEP: ["sleep"],
    Topic.FEEDING: ["feeding"],
    Topic.BEHAVIOUR: ["behaviour"],
    Topic.TALKING: ["health", "school-readiness"],
    Topic.FEELINGS: ["child-mental-health", "parent-wellbeing"],
    Topic.SCHOOL: ["school-readiness", "send"],
    Topic.ONLINE_LIFE: ["behaviour", "child-mental-health"],
    Topic.STAYING_SAFE: ["teenagers", "child-mental-health"],
}


def topics_for_need(code: str) -> list[str]:
    """The topics whose pages help with a need (a narrower need counts as its broader one)."""
    return [topic for topic, codes in TOPIC_NEEDS.items() if code in codes]
