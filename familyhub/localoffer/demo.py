"""Demonstration answers to the Local Offer questions for some of the demo directory's SEND
services (fictional contacts), saved through the one writer. The rest stay unanswered, as in a
real first year."""

from django.contrib.auth import get_user_model

from familyhub.directory.models import Service
from familyhub.localoffer import actions
from familyhub.localoffer.models import LocalOfferAnswers

ANSWERS = {
    "SEND advice line (SENDIASS)": {
        "who_for": "Parents and carers of children and young people aged 0 to 25 with special "
        "educational needs or a disability, and young people themselves. No diagnosis or EHC "
        "plan is needed.",
        "how_to_access": "Ring, email or use the online form yourself. A professional can pass "
        "on your details if you ask them to. We reply within 3 working days.",
        "decisions": "Everyone who contacts us gets information and advice. Casework (help at "
        "meetings, with paperwork or appeals) is offered where a family needs more; the "
        "service manager decides within a week and tells you why.",
        "involvement": "Families sit on our steering group, and we ask every family we help "
        "what worked. We work with the Medway Parent Carer Forum.",
        "cost": "Free.",
        "funding": "Funded by Medway Council and NHS Kent and Medway, and run at arm's length "
        "from both so our advice is impartial. We report each year to the SEND partnership "
        "board.",
        "contact": "SENDIASS team, 01632 960640, sendiass@example.org. To complain, ask for "
        "the service manager; if you are still unhappy, use the council's complaints process.",
    },
    "Portage home visiting": {
        "who_for": "Children aged 0 to 5 with significant developmental delay or a disability, "
        "and their families. A diagnosis is not needed.",
        "how_to_access": "Ask yourself, or ask your health visitor, GP or nursery to refer. A "
        "Portage worker phones you within 2 weeks to arrange a first visit at home.",
        "decisions": "The early years SEND panel meets monthly and looks at the child's needs "
        "and what support the family already has. You are told the decision in writing, and "
        "can ask for it to be looked at again.",
        "involvement": "You and the Portage worker set the goals together and review them every "
        "6 weeks. Parents help review the service each year.",
        "cost": "Free.",
        "funding": "Medway Council's early years SEND budget; checked by the National Portage "
        "Association's quality standards.",
        "contact": "Early years SEND team, 01632 960620. Complaints through the council's "
        "complaints process.",
    },
    "Short breaks for disabled children": {
        "who_for": "Children aged 0 to 18 with a disability that has a big effect on daily "
        "life, and their families. A diagnosis helps but is not always needed.",
        "how_to_access": "Contact the disabled children's team yourself, or ask a professional "
        "to. Some activity clubs you can book directly without an assessment.",
        "decisions": "Clubs open to all need no decision. For more support, a social worker "
        "talks with you about what would help, and a panel decides within 4 weeks using the "
        "published short breaks criteria.",
        "involvement": "Families and young people choose activities and help design the short "
        "breaks statement each year with the parent carer forum.",
        "cost": "Free for families assessed as eligible; some open clubs charge a small fee, "
        "with help for families on a low income.",
        "funding": "Medway Council's short breaks duty (Children Act 1989); reviewed by the "
        "council's SEND partnership board.",
        "contact": "Disabled children's team, 01632 960610. Complaints through the council's "
        "children's complaints process.",
    },
}


def load_demo_localoffer() -> int:
    if LocalOfferAnswers.objects.exists():
        return 0
    data_manager = get_user_model().objects.filter(username="datamanager@example.org").first()
    made = 0
    for name, answers in ANSWERS.items():
        service = Service.objects.filter(name=name).first()
        if service is not None:
            actions.save_answers(service, answers, by=data_manager)
            made += 1
    return made
