"""The equality monitoring questions, declared once: asked in the same words on "Your family",
after a request is sent, by a practitioner referring, and on an early help case.

Categories follow the 2021 census of England and Wales (ONS), so answers can be set beside
Medway's population (familyhub/equality/data/medway_census_2021.json). Every question is
optional and has "Prefer not to say". Age is not asked: it comes from the date of birth.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not"
PREFER_NOT_CHOICE = (PREFER_NOT, _("Prefer not to say"))
YES_NO = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT_CHOICE]

# The 5 high-level ethnic groups of the 2021 census; the detailed answers below start with one
# of these keys and an underscore (an answer given before the detailed list is the key alone).
ETHNIC_GROUPS = [
    ("asian", _("Asian or Asian British")),
    ("black", _("Black, Black British, Caribbean or African")),
    ("mixed", _("Mixed or multiple ethnic groups")),
    ("white", _("White")),
    ("other", _("Other ethnic group")),
]
# The 19 detailed categories, as GOV.UK and ONS list them for 2021.
ETHNICITIES = [
    ("asian_indian", _("Asian or Asian British: Indian")),
    ("asian_pakistani", _("Asian or Asian British: Pakistani")),
    ("asian_bangladeshi", _("Asian or Asian British: Bangladeshi")),
    ("asian_chinese", _("Asian or Asian British: Chinese")),
    ("asian_other", _("Asian or Asian British: any other Asian background")),
    ("black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")),
    ("black_african", _("Black, Black British, Caribbean or African: African")),
    ("black_other", _("Black, Black British, Caribbean or African: any other Black, Black "
                      "British or Caribbean background")),
    ("mixed_white_black_caribbean", _("Mixed or multiple ethnic groups: White and Black "
                                      "Caribbean")),
    ("mixed_white_black_african", _("Mixed or multiple ethnic groups: White and Black African")),
    ("mixed_white_asian", _("Mixed or multiple ethnic groups: White and Asian")),
    ("mixed_other", _("Mixed or multiple ethnic groups: any other Mixed or multiple ethnic "
                      "background")),
    ("white_british", _("White: English, Welsh, Scottish, Northern Irish or British")),
    ("white_irish", _("White: Irish")),
    ("white_gypsy_traveller", _("White: Gypsy or Irish Traveller")),
    ("white_roma", _("White: Roma")),
    ("white_other", _("White: any other White background")),
    ("other_arab", _("Other ethnic group: Arab")),
    ("other_any", _("Other ethnic group: any other ethnic group")),
    PREFER_NOT_CHOICE,
]  # fmt: skip
# Census 2021 religion (TS030) headings.
RELIGIONS = [
    ("none", _("No religion")),
    ("buddhist", _("Buddhist")),
    ("christian", _("Christian")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Another religion")),
    PREFER_NOT_CHOICE,
]
# Census 2021 sexual orientation (TS077), asked of people aged 16 and over.
SEXUAL_ORIENTATIONS = [
    ("straight", _("Straight or heterosexual")),
    ("gay_or_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Another sexual orientation")),
    PREFER_NOT_CHOICE,
]
SEXES = [("female", _("Female")), ("male", _("Male")), PREFER_NOT_CHOICE]
# Census 2021 legal partnership status (TS002).
MARITAL_STATUSES = [
    ("never", _("Never married and never registered a civil partnership")),
    ("married", _("Married or in a registered civil partnership")),
    ("separated", _("Separated, but still legally married or in a civil partnership")),
    ("divorced", _("Divorced or civil partnership dissolved")),
    ("widowed", _("Widowed or surviving civil partnership partner")),
    PREFER_NOT_CHOICE,
]

# (field, question, choices, asked about children too)
QUESTIONS = [
    ("ethnicity", _("What is their ethnic group?"), ETHNICITIES, True),
    ("disability", _("Do they have a physical or mental health condition or illness lasting, or "
                     "expected to last, 12 months or more that reduces their ability to carry "
                     "out day-to-day activities?"), YES_NO, True),
    ("sex", _("What is their sex?"), SEXES, True),
    ("religion", _("What is their religion?"), RELIGIONS, True),
    ("gender_same_as_at_birth",
     _("Is the gender they identify with the same as their sex registered at birth?"),
     YES_NO, False),
    ("sexual_orientation", _("Which of these best describes their sexual orientation?"),
     SEXUAL_ORIENTATIONS, False),
    ("marital_status", _("Are they married or in a civil partnership?"), MARITAL_STATUSES,
     False),
    ("pregnant_or_new_parent", _("Are they pregnant, or have they had a baby in the last year?"),
     YES_NO, False),
    ("low_income", _("Is the family on a low income or receiving means-tested benefits?"),
     YES_NO, False),
]  # fmt: skip
FIELDS = [name for name, *_rest in QUESTIONS]


def questions_for(*, child: bool):
    return [q for q in QUESTIONS if q[3] or not child]


def broad_ethnic_group(answer: str | None) -> str | None:
    """The high-level group of an ethnicity answer ("white_irish" → "white"); "prefer_not" and
    None stay as they are."""
    if not answer or answer == PREFER_NOT:
        return answer
    return answer.split("_", 1)[0]


# Age bands used for reports (each a sum of the census's TS007A five-year bands).
AGE_BANDS = [
    ("0-4", _("Under 5"), 0, 4),
    ("5-15", _("5 to 15"), 5, 15),
    ("16-24", _("16 to 24"), 16, 24),
    ("25-34", _("25 to 34"), 25, 34),
    ("35-44", _("35 to 44"), 35, 44),
    ("45-64", _("45 to 64"), 45, 64),
    ("65+", _("65 and over"), 65, 200),
]


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: date | None, day: date) -> str | None:
    age = age_on(born, day)
    if age is None or age < 0:
        return None
    return next(key for key, _label, low, high in AGE_BANDS if low <= age <= high)


def answer_label(field: str, value: str) -> str:
    """An answer in words (an ethnicity answered before the detailed list: its broad group)."""
    choices = dict(next((c for name, _q, c, _k in QUESTIONS if name == field), []))
    if field == "ethnicity":
        choices |= dict(ETHNIC_GROUPS)
    return choices.get(value, value)
