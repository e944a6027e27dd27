"""The Local Offer questions a SEND service answers, declared once.

The Children and Families Act 2014 (section 30) and the SEND Regulations 2014 (regulation 53 and
Schedule 2) require a local authority to publish, for the education, health and care provision
it expects to be available for children and young people with SEN or disabilities aged 0 to 25,
information about who it is for, how to get it, how decisions are made, and how to complain;
the SEND Code of Practice (paragraphs 4.8 to 4.10 and 4.30 to 4.32) asks that the Local Offer be
co-produced and say how parents and young people are involved, what it costs and who to
contact. These seven questions gather that for one service, in the families' words; the
wording is for the council to correct (decision 0043).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    field: str
    question: Promise  # as families read it on the service's page
    hint: Promise  # for the provider answering it


QUESTIONS = (
    Question(
        "who_for",
        _("Who is this service for?"),
        _(
            "The ages, needs or conditions it is for, and whether a diagnosis or an EHC plan is "
            "needed (say plainly if it is not)."
        ),
    ),  # fmt: skip
    Question(
        "how_to_access",
        _("How can a family or young person get it?"),
        _(
            "Whether families can ask themselves, who else can ask for them, and what happens "
            "after they ask."
        ),
    ),  # fmt: skip
    Question(
        "decisions",
        _("How are decisions made about who gets it, and how much?"),
        _(
            "Who decides, what they look at, how long it takes, and how a family can ask for a "
            "decision to be looked at again."
        ),
    ),  # fmt: skip
    Question(
        "involvement",
        _("How are parents, carers and young people involved?"),
        _(
            "In planning their own support, and in shaping and reviewing the service (for example "
            "through the parent carer forum)."
        ),
    ),  # fmt: skip
    Question(
        "cost",
        _("What does it cost the family?"),
        _("Whether it is free, any charges, and help with costs such as transport."),
    ),
    Question(
        "funding",
        _("How is it funded, and who checks its quality?"),
        _("Who pays for it (council, NHS, school, charity) and who it answers to."),
    ),
    Question(
        "contact",
        _("Who can families contact for more information, or to complain?"),
        _("A name or team, a phone number or email, and how to make a complaint."),
    ),
)
FIELDS = tuple(question.field for question in QUESTIONS)
