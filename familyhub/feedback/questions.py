"""The questions, in the families' words: one wording for parents and carers, a simpler one for
children and young people. The confidence question is the same at the start and at the end, so
the change can be measured."""

from django.utils.translation import gettext_lazy as _

from familyhub.feedback.models import Respondent, Scale

CONFIDENCE_QUESTION = _("How confident do you feel as a parent or carer right now?")
CONFIDENCE_HINT = _("0 means not at all confident. 10 means very confident.")
PREFER_NOT = "prefer_not"

WORDING = {
    Respondent.PARENT: {
        "helped": _("Did the support help you and your family?"),
        "met_needs": _("Did it meet your needs?"),
        "respected": _("Were you treated with respect and without judgement?"),
        "would_recommend": _("Would you recommend it to another parent or carer?"),
        "confidence": CONFIDENCE_QUESTION,
        "confidence_hint": CONFIDENCE_HINT,
        "comment": _("Is there anything else you would like to tell us? (optional)"),
    },
    Respondent.CHILD: {
        "helped": _("Did the help make things better for you?"),
        "met_needs": _("Did you get the help you needed?"),
        "respected": _("Did the people helping you listen to you and treat you kindly?"),
        "would_recommend": _("Would you tell a friend to get this help?"),
        "confidence": _("How good do you feel about things right now?"),
        "confidence_hint": _("0 means not good at all. 10 means really good."),
        "comment": _("Is there anything else you want to tell us? (optional)"),
    },
}


def scale_choices(question: str, respondent: str) -> list[tuple[str, str]]:
    """Yes, partly (or maybe), no, prefer not to say."""
    partly = _("Maybe") if question == "would_recommend" else _("Partly")
    if respondent == Respondent.CHILD:
        partly = _("Maybe") if question == "would_recommend" else _("A bit")
    return [
        (Scale.YES, _("Yes")),
        (Scale.PARTLY, partly),
        (Scale.NO, _("No")),
        (Scale.PREFER_NOT, _("I would rather not say")),
    ]


def confidence_choices() -> list[tuple[str, str]]:
    return [(str(n), str(n)) for n in range(11)] + [(PREFER_NOT, _("I would rather not say"))]
