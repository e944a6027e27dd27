"""Demonstration planning data, made through the real actions: the priorities of the Medway
Parenting Support Strategy 2021–25 and the Early Help and Prevention Strategy 2025–27 in their
own words (from their tables), about twenty actions with leads and a mix of ratings, progress
updates, the board and its sub-groups with three meetings and a review, two consultations with
"You said, we did", parent forum meetings in the six towns, and the Parent's Charter version 1
(from the Medway Young Commissioners' points) with organisations signed up.

Run after load_demo_requests (its people lead some actions). Fictional people: example.org."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Profile, Role
from familyhub.directory.models import Organisation
from familyhub.planning import actions
from familyhub.planning.models import (
    Action,
    Consultation,
    Decision,
    Group,
    Priority,
    Strategy,
)
from familyhub.referrals.demo import DEMO_PASSWORD

PSS = ("Medway Parenting Support Strategy", "2021–25")
EHP = ("Early Help and Prevention Strategy", "2025–27")

LEADS = [
    # username, first, last, role, organisation, job title
    (
        "familyhubs.lead@example.org",
        "Sarah",
        "Ahmed",
        Role.PROVIDER,
        "Medway Family Hubs",
        "Family Hubs Manager",
    ),
    (
        "publichealth.lead@example.org",
        "Mark",
        "Ellis",
        Role.PROVIDER,
        "Medway Council Public Health",
        "Public Health Programme Lead",
    ),
    (
        "send.lead@example.org",
        "Claire",
        "Dunn",
        Role.PROVIDER,
        "Medway SEND Information, Advice and Support Service",
        "SENDIASS Manager",
    ),
]

GROUPS = [
    # name, kind, reports to, purpose
    (
        "MSCP Executive",
        Group.Kind.EXECUTIVE,
        None,
        "Medway Safeguarding Children Partnership's executive group: oversees both strategies.",
    ),
    (
        "Early Help Partnership Board",
        Group.Kind.BOARD,
        "MSCP Executive",
        "Oversees and governs the delivery of the Early Help and Prevention Strategy and the "
        "Parenting Support Strategy; reviews the delivery plan.",
    ),
    (
        "Start for Life and Family Hub Steering Group",
        Group.Kind.SUBGROUP,
        "Early Help Partnership Board",
        "Family Hubs and the Start for Life offer.",
    ),
    (
        "Parenting Support Strategy Group",
        Group.Kind.SUBGROUP,
        "Early Help Partnership Board",
        "Delivers the Parenting Support Strategy's priorities.",
    ),
    (
        "System leadership priority group",
        Group.Kind.SUBGROUP,
        "Early Help Partnership Board",
        "Early Help Partnership priority sub-group.",
    ),
    (
        "Co-production priority group",
        Group.Kind.SUBGROUP,
        "Early Help Partnership Board",
        "Early Help Partnership priority sub-group.",
    ),
    (
        "Locality prevention priority group",
        Group.Kind.SUBGROUP,
        "Early Help Partnership Board",
        "Early Help Partnership priority sub-group.",
    ),
]

# The strategies' own tables: number, domain, the action in the strategy's words, how, group.
PRIORITIES = {
    PSS: [
        (
            1,
            "Engagement",
            "Coproduce the Medway Parenting Support Strategy and action plan with "
            "parents and partner agencies across Medway",
            "",
            "Parenting Support Strategy Group",
        ),
        (
            2,
            "Bolstering Universal Interventions",
            "Develop a rounded offer of parenting support, "
            "spanning universal and public health interventions, to ensure that all parents can "
            "access support at the earliest possible point of need",
            "",
            "Start for Life and Family Hub Steering Group",
        ),
        (
            3,
            "Targeted Support / Provider Engagement",
            "Encourage and support schools and service "
            "providers to offer behaviour management strategies, advice and signposting as part of "
            "the provision that is ordinarily available to children and families.",
            "",
            "Parenting Support Strategy Group",
        ),
        (
            4,
            "Support for families with additional needs such as SEND",
            "Bolster the options of "
            "support for parents where there are additional needs, including pre- and "
            "post-diagnostic support services that can help when there are children and young "
            "people with neurodevelopmental conditions, physical ill health, and mental health and "
            "emotional well-being difficulties. This will also include support for families who "
            "have other parenting support needs, such as care leavers who are parents, families "
            "known to Youth Offending Services, families who have difficulties accessing services, "
            "and families where there is domestic abuse.",
            "",
            "Parenting Support Strategy Group",
        ),
        (
            5,
            "Improve Information and Accessibility",
            "Clearly communicate Medway's parenting "
            "support offer to parents and stakeholders, utilising the Medway Local Offer and "
            "appropriate communications channels, and ensure that support for parents is available "
            "online and via a range of accessible locations.",
            "",
            "Start for Life and Family Hub Steering Group",
        ),
    ],
    EHP: [
        (
            1,
            "System leadership for partnership working",
            "System leadership, i.e. leading across "
            "agency boundaries to sustain strong partnership working relationships to meet local "
            "needs, making effective use of local resources including the community and voluntary "
            "sector.",
            "By developing robust system leadership across all agencies/partners sharing "
            "strategic and local goals, having regular conversations to influence direction and "
            "encourage innovation.",
            "System leadership priority group",
        ),
        (
            2,
            "Co-production of early help with children, young people and their families",
            "Children, young people and families are at the core of service design and delivery",
            "By co-ordinating work to build responsive services based on the views, experiences "
            "and ideas of children, young people and their families, embedding this approach "
            "across the partnership in quality assurance and service improvement.",
            "Co-production priority group",
        ),
        (
            3,
            "Locality driven prevention and integrated early help",
            "Early help & prevention are "
            "recognised as an active collective responsibility by those working with children and "
            "families in Medway. Partners will regularly share data on their early help work and "
            "its impact to inform system leaders.",
            "By celebrating and publicising the outcomes "
            "that come from partnership work that is collaborative and innovative, that "
            "demonstrates the culture of prevention and access to early help and informs "
            "collective workforce development opportunities.",
            "Locality prevention priority group",
        ),
    ],
}

# (strategy, priority number, reference, title, lead username, organisation, lead role,
#  start (days from today), deadline (days), review (days), measures, gaps,
#  updates before the review: (days ago, progress, status, text),
#  updates after it: (days ago, progress, status, text, evidence))
ACTIONS = [
    (
        PSS,
        1,
        "PSS-1-1",
        "Co-produce the delivery plan with parents through the parent forums",
        "strategy@example.org",
        "Medway Council Early Help Service",
        "Strategy lead",
        -400,
        120,
        40,
        ["parents-views-shape-services"],
        [],
        [(90, 40, "in_progress", "Draft plan taken to the Chatham and Gillingham forums.")],
        [
            (
                10,
                70,
                "in_progress",
                "All six forums have commented; changes made to priorities 2 and 5.",
                "Forum notes, Parenting Support Strategy Group papers, November",
            )
        ],
    ),
    (
        PSS,
        1,
        "PSS-1-2",
        "Create a Parents' Charter with parents and practitioners",
        "strategy@example.org",
        "Medway Council Early Help Service",
        "Strategy lead",
        -300,
        -20,
        None,
        ["parents-feel-listened-to"],
        [],
        [(80, 80, "in_progress", "Workshops with parents and the Medway Young Commissioners.")],
        [
            (
                25,
                100,
                "complete",
                "Charter version 1 approved by the Early Help Partnership Board.",
                "Board minutes",
            )
        ],
    ),
    (
        PSS,
        1,
        "PSS-1-3",
        "Set up a parent forum in each locality",
        "familyhubs.lead@example.org",
        "Medway Family Hubs",
        "Family Hubs Manager",
        -250,
        60,
        10,
        ["parents-feel-listened-to"],
        [("groups-peer-support", "Hoo Peninsula")],
        [(100, 50, "in_progress", "Forums meeting in Chatham, Gillingham and Strood.")],
        [
            (
                15,
                85,
                "in_progress",
                "Rochester and Rainham forums started; Hoo Peninsula venue "
                "agreed with the community trust.",
                "",
            )
        ],
    ),
    (
        PSS,
        2,
        "PSS-2-1",
        "Map parenting support at each level of need across Medway",
        "datamanager@example.org",
        "Medway Council Early Help Service",
        "Directory data manager",
        -420,
        -60,
        None,
        ["parents-know-where-to-get-help"],
        [],
        [(120, 100, "complete", "Map of services published to staff with gaps by town.")],
        [],
    ),
    (
        PSS,
        2,
        "PSS-2-2",
        "Offer universal parenting programmes from every Family Hub",
        "familyhubs.lead@example.org",
        "Medway Family Hubs",
        "Family Hubs Manager",
        -200,
        200,
        25,
        ["parents-can-access-services-easily"],
        [("behaviour", "Strood")],
        [(70, 30, "in_progress", "Programmes running in Chatham and Gillingham hubs.")],
        [(20, 45, "in_progress", "Strood hub timetable agreed from January.", "")],
    ),
    (
        PSS,
        2,
        "PSS-2-3",
        "Embed infant feeding and perinatal wellbeing support in the Start for Life offer",
        "publichealth.lead@example.org",
        "Medway Council Public Health",
        "Public Health Programme Lead",
        -180,
        20,
        5,
        ["improved-parental-confidence"],
        [("feeding", "Rainham")],
        [(60, 40, "in_progress", "Breastfeeding peer supporters recruited.")],
        [(30, 45, "in_progress", "Perinatal wellbeing groups waiting for a venue.", "")],
    ),
    (
        PSS,
        3,
        "PSS-3-1",
        "Train school staff in behaviour management strategies and signposting",
        "practitioner@example.org",
        "Balmoral Road Primary School",
        "Pastoral lead (schools)",
        -300,
        -10,
        None,
        ["families-not-referred-repeatedly"],
        [],
        [(100, 50, "in_progress", "Twelve schools have had the first session.")],
        [(40, 60, "in_progress", "Two more clusters booked.", "")],
    ),
    (
        PSS,
        3,
        "PSS-3-2",
        "Train twenty practitioners to deliver Triple P",
        "provider@example.org",
        "Medway Council Early Help Service",
        "Early help service manager",
        -500,
        -100,
        None,
        ["improved-parental-confidence"],
        [],
        [(150, 100, "complete", "Triple P training has been delivered to twenty practitioners.")],
        [],
    ),
    (
        PSS,
        3,
        "PSS-3-3",
        "Agree a shared behaviour support pathway with providers",
        "provider@example.org",
        "Medway Council Early Help Service",
        "Early help service manager",
        -150,
        150,
        12,
        ["parents-know-where-to-get-help"],
        [("behaviour", "Rochester")],
        [(100, 20, "in_progress", "Providers' workshop held.")],
        [],
    ),
    (
        PSS,
        4,
        "PSS-4-1",
        "Pre- and post-diagnostic support for families of children with "
        "neurodevelopmental conditions",
        "send.lead@example.org",
        "Medway SEND Information, Advice and Support Service",
        "SENDIASS Manager",
        -260,
        100,
        30,
        ["reduced-referrals-without-diagnosis"],
        [("neurodiversity", "Gillingham"), ("neurodiversity", "Hoo Peninsula")],
        [(70, 35, "in_progress", "Pre-diagnostic workshops piloted in Gillingham.")],
        [
            (
                12,
                55,
                "in_progress",
                "Post-diagnostic course started; 18 families.",
                "Course register",
            )
        ],
    ),
    (
        PSS,
        4,
        "PSS-4-2",
        "Parenting support for care leavers who are parents",
        "strategy@example.org",
        "Medway Council Leaving Care Service",
        "Leaving care team manager",
        -200,
        160,
        45,
        ["parents-can-access-services-easily"],
        [("care-leavers-parents", "Chatham")],
        [(110, 25, "in_progress", "Needs agreed with personal advisers.")],
        [],
    ),
    (
        PSS,
        4,
        "PSS-4-3",
        "Support for families where there is domestic abuse alongside parenting support",
        "strategy@example.org",
        "Safer Together Medway",
        "Domestic abuse partnership lead",
        -220,
        90,
        20,
        ["parents-feel-safe-to-ask"],
        [],
        [(50, 50, "in_progress", "Joint referral route agreed.")],
        [(8, 65, "in_progress", "Parenting after abuse group running in Chatham.", "")],
    ),
    (
        PSS,
        5,
        "PSS-5-1",
        "Publish Medway's parenting support offer on the Local Offer and the Family Hub site",
        "datamanager@example.org",
        "Medway Family Information Service",
        "Family information service lead",
        -350,
        25,
        10,
        ["parents-know-where-to-get-help"],
        [],
        [(60, 60, "in_progress", "Directory live; Local Offer pages being rewritten.")],
        [(5, 70, "in_progress", "Polish pages published.", "https://example.org/local-offer")],
    ),
    (
        PSS,
        5,
        "PSS-5-2",
        "Parenting support available online and at accessible locations in every town",
        "familyhubs.lead@example.org",
        "Medway Libraries and Community Hubs",
        "Community hubs manager",
        -150,
        220,
        60,
        ["parents-can-access-services-easily"],
        [("whole-family", "Hoo Peninsula")],
        [(40, 30, "in_progress", "Online sessions started.")],
        [],
    ),
    (
        EHP,
        1,
        "EHP-1-1",
        "Quarterly system leaders' conversation across agencies",
        "strategy@example.org",
        "Medway Council Early Help Service",
        "Strategy lead",
        -120,
        500,
        15,
        [],
        [],
        [(60, 25, "in_progress", "First conversation held with health, police and schools.")],
        [(14, 35, "in_progress", "Second conversation: shared goals drafted.", "Notes")],
    ),
    (
        EHP,
        1,
        "EHP-1-2",
        "Agree shared early help objectives and impact measures",
        "publichealth.lead@example.org",
        "Medway Council Public Health",
        "Public Health Programme Lead",
        -110,
        180,
        35,
        ["families-not-referred-repeatedly"],
        [],
        [(90, 10, "not_started", "Scoping.")],
        [],
    ),
    (
        EHP,
        2,
        "EHP-2-1",
        "Embed families' views in quality assurance and service improvement",
        "strategy@example.org",
        "Medway Parent Carer Forum",
        "Co-production lead",
        -100,
        300,
        50,
        ["parents-views-shape-services"],
        [],
        [(50, 15, "in_progress", "Families' feedback questions added to audits.")],
        [(3, 25, "in_progress", "First audit with families' views reported.", "")],
    ),
    (
        EHP,
        2,
        "EHP-2-2",
        "You said, we did published after every consultation",
        "familyhubs.lead@example.org",
        "Medway Family Hubs",
        "Family Hubs Manager",
        -90,
        270,
        7,
        ["parents-feel-listened-to"],
        [],
        [(45, 40, "in_progress", "First entries published.")],
        [],
    ),
    (
        EHP,
        3,
        "EHP-3-1",
        "Partners share early help data by locality every quarter",
        "datamanager@example.org",
        "Medway Council Early Help Service",
        "Early help data lead",
        -130,
        230,
        20,
        [],
        [("whole-family", "Strood")],
        [(50, 30, "in_progress", "Two partners sharing data.")],
        [(6, 40, "in_progress", "Schools' data added.", "")],
    ),
    (
        EHP,
        3,
        "EHP-3-2",
        "Celebrate and publicise outcomes of partnership work",
        "publichealth.lead@example.org",
        "Medway Council Public Health",
        "Communications lead",
        -60,
        305,
        None,
        [],
        [],
        [],
        [],
    ),
]

REVIEW_DAYS_AGO = 42

CHARTER = {
    "introduction": "This charter was written with parents, carers, the Medway Young "
    "Commissioners and the people who run services. It says what you can expect from any "
    "service that has signed up to it, and what services ask of you in return. Asking for "
    "support is a normal part of bringing up a family.",
    "introduction_pl": "Ta karta powstała razem z rodzicami, opiekunami, Młodymi Komisarzami "
    "Medway i osobami prowadzącymi usługi. Mówi, czego możesz oczekiwać od każdej usługi, która "
    "ją podpisała, i o co usługi proszą ciebie. Proszenie o wsparcie to zwykła część "
    "wychowywania rodziny.",
    "you_can_expect": [
        "We will be fair to everyone.",
        "We will not judge you.",
        "We will try to meet your needs and give you choices.",
        "We will be polite and respectful.",
        "We will talk to you about your children.",
        "We will be discreet and keep what you tell us private, unless someone is at risk of harm.",
        "We will be gentle if we have to give you bad news.",
        "We will think about every option with you.",
    ],
    "you_can_expect_pl": [
        "Będziemy traktować wszystkich sprawiedliwie.",
        "Nie będziemy cię oceniać.",
        "Postaramy się odpowiedzieć na twoje potrzeby i dać ci wybór.",
        "Będziemy uprzejmi i pełni szacunku.",
        "Będziemy rozmawiać z tobą o twoich dzieciach.",
        "Będziemy dyskretni i zachowamy w tajemnicy to, co nam powiesz, chyba że komuś grozi "
        "krzywda.",
        "Będziemy delikatni, jeśli musimy przekazać złe wiadomości.",
        "Razem z tobą rozważymy wszystkie możliwości.",
    ],
    "we_ask": [
        "Speak to us as you would like to be spoken to.",
        "Please do not shout at or be rude to staff, including on the phone.",
        "Know your responsibilities as well as your rights.",
        "Listen, and be open to advice.",
        "Work with us, and be willing to try new things.",
        "Let us know if you cannot come to an appointment.",
    ],
    "we_ask_pl": [
        "Mów do nas tak, jak chcesz, żeby mówiono do ciebie.",
        "Prosimy nie krzyczeć na pracowników i nie być wobec nich niegrzecznym, także przez "
        "telefon.",
        "Znaj swoje obowiązki, tak jak znasz swoje prawa.",
        "Słuchaj i bądź otwarty na rady.",
        "Współpracuj z nami i bądź gotów spróbować czegoś nowego.",
        "Daj nam znać, jeśli nie możesz przyjść na umówione spotkanie.",
    ],
}

SIGNED_UP = [
    "Medway Council Early Help Service",
    "Medway Family Hubs",
    "Medway Community Healthcare",
    "Medway Parent Carer Forum",
    "Medway Dads Network",
    "Family Friends Medway",
]

FORUMS = [
    # locality, venue, attended, topics, heard
    (
        "Chatham",
        "Chatham Family Hub",
        14,
        "The draft delivery plan; the Parent's Charter",
        "Parents want evening sessions and a crèche.",
    ),
    (
        "Gillingham",
        "Gillingham Green Church hall",
        9,
        "Waiting for neurodevelopmental assessments",
        "Parents want help while they wait, not after.",
    ),
    (
        "Rochester",
        "Fort Pitt Community Rooms",
        7,
        "Finding out what is on",
        "Parents did not know about the Family Hub sessions.",
    ),
    (
        "Strood",
        "Strood Riverside Church",
        11,
        "Behaviour support at school",
        "Parents want schools and services to say the same thing.",
    ),
    (
        "Rainham",
        "Rainham Churches Together centre",
        6,
        "Starting the forum; infant feeding",
        "New parents want feeding support closer to home.",
    ),
    (
        "Hoo Peninsula",
        "Hoo Peninsula Community Trust",
        5,
        "Getting to services from the peninsula",
        "Travel to Chatham is hard without a car.",
    ),
]


def loaded() -> bool:
    return Strategy.objects.exists()


def _leads():
    users = {}
    for username, first, last, role, organisation, job in LEADS:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model().objects.create_user(
                username=username,
                email=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
            )
            Profile.objects.create(
                user=user,
                role=role,
                job_title=job,
                organisation=Organisation.objects.get(name=organisation),
            )
        users[username] = user
    return users


@transaction.atomic
def load_demo_planning() -> dict:
    today = timezone.localdate()
    review_day = today - timedelta(days=REVIEW_DAYS_AGO)
    _leads()
    users = {user.username: user for user in get_user_model().objects.all()}
    strategy_lead = users.get("strategy@example.org")
    organisations = {org.name: org for org in Organisation.objects.all()}

    groups = {}
    for position, (name, kind, reports_to, purpose) in enumerate(GROUPS):
        groups[name] = Group.objects.create(
            name=name,
            kind=kind,
            reports_to=groups.get(reports_to),
            purpose=purpose,
            position=position,
        )
    strategies, priorities = {}, {}
    for position, key in enumerate((PSS, EHP)):
        strategies[key] = Strategy.objects.create(
            name=key[0],
            period=key[1],
            position=position,
            owner="Medway Council" if key == PSS else "Medway Safeguarding Children Partnership",
        )
        for number, title, aim, how, group in PRIORITIES[key]:
            priorities[key, number] = Priority.objects.create(
                strategy=strategies[key],
                number=number,
                title=title,
                aim=aim,
                how=how,
                group=groups[group],
                lead=group,
            )

    # Before the board's review: the actions as they were then, rated by the rule that day.
    made = []
    for (
        key,
        number,
        reference,
        title,
        lead,
        organisation,
        role,
        start,
        deadline,
        review,
        measures,
        gaps,
        before,
        _after,
    ) in ACTIONS:
        first_day = min(today + timedelta(days=start), review_day)
        action = actions.create_action(
            priorities[key, number],
            by=strategy_lead,
            reference=reference,
            title=title,
            lead=users.get(lead),
            organisation=organisations.get(organisation),
            lead_role=role,
            start=today + timedelta(days=start),
            deadline=today + timedelta(days=deadline) if deadline is not None else None,
            review_date=today + timedelta(days=review) if review is not None else None,
            measure_keys=measures,
            gaps=gaps,
            today=first_day,
        )
        for days_ago, progress, status, text in before:
            actions.record_progress(
                action.pk,
                by=users.get(lead),
                text=text,
                progress=progress,
                status=status,
                on=today - timedelta(days=days_ago),
                today=today - timedelta(days=days_ago),
            )
        made.append(action)
    actions.rerate_all(review_day)

    board, parenting, start_for_life = (
        groups["Early Help Partnership Board"],
        groups["Parenting Support Strategy Group"],
        groups["Start for Life and Family Hub Steering Group"],
    )
    parenting_meeting = actions.add_meeting(
        parenting,
        held_on=today - timedelta(days=70),
        by=strategy_lead,
        papers="Delivery plan highlight report (priorities 1–5)\nParent forum feedback summary",
        notes="Forum feedback taken through each priority.",
    )
    actions.add_decision(
        parenting_meeting,
        kind=Decision.Kind.ACTION,
        text="Take the draft Parent's Charter to every forum before the board.",
        action=Action.objects.get(reference="PSS-1-2"),
    )
    board_meeting = actions.add_meeting(
        board,
        held_on=review_day,
        by=strategy_lead,
        papers="Delivery plan: one page per priority\nhttps://example.org/papers/ehpb-review.pdf"
        "\nParent's Charter version 1 for approval",
        notes="The board reviewed the delivery plan.",
    )
    actions.record_review(
        board,
        held_on=review_day,
        meeting=board_meeting,
        by=strategy_lead,
        note="Half-year review of both strategies' actions.",
    )
    actions.add_decision(
        board_meeting,
        kind=Decision.Kind.DECISION,
        text="Parent's Charter version 1 approved for publication.",
        action=Action.objects.get(reference="PSS-1-2"),
    )
    actions.add_decision(
        board_meeting,
        kind=Decision.Kind.NEEDED,
        text="Funding for a perinatal wellbeing venue in Rainham: options to the next board.",
        action=Action.objects.get(reference="PSS-2-3"),
    )
    actions.add_decision(
        board_meeting,
        kind=Decision.Kind.NEEDED,
        text="Whether schools' behaviour training continues after the deadline (it is overdue).",
        action=Action.objects.get(reference="PSS-3-1"),
    )
    sfl_meeting = actions.add_meeting(
        start_for_life,
        held_on=today - timedelta(days=20),
        by=strategy_lead,
        papers="Family Hub timetables by town\nInfant feeding peer support update",
    )
    actions.add_decision(
        sfl_meeting,
        kind=Decision.Kind.ACTION,
        text="Strood hub to run a universal programme from January.",
        action=Action.objects.get(reference="PSS-2-2"),
    )

    # Since the review: the newer updates, then today's ratings.
    for row in ACTIONS:
        reference, after = row[2], row[-1]
        for days_ago, progress, status, text, evidence in after:
            action = Action.objects.get(reference=reference)
            actions.record_progress(
                action.pk,
                by=action.lead,
                text=text,
                progress=progress,
                status=status,
                evidence=evidence,
                on=today - timedelta(days=days_ago),
                today=today - timedelta(days=days_ago),
            )
    actions.rerate_all(today)
    stale = Action.objects.get(reference="PSS-4-2")
    actions.override_rating(
        stale.pk,
        by=strategy_lead,
        rating="green",
        reason="Personal advisers report steady progress; the written update is late because "
        "the lead was on leave.",
    )

    _coproduction(today)
    _charter(today, strategy_lead, organisations)
    return {"actions": len(made), "groups": len(groups)}


def _coproduction(today):
    survey = actions.add_consultation(
        kind=Consultation.Kind.CONSULTATION,
        title="Parenting support survey",
        question="What would help you most as a parent, and what stops you asking for support?",
        audience="Parents and carers of children aged 0 to 19 across Medway",
        starts=today - timedelta(days=200),
        ends=today - timedelta(days=160),
        took_part=412,
        heard="Parents did not know where to find support, worried about being judged, and "
        "wanted help in the evenings and online.",
    )
    workshops = actions.add_consultation(
        kind=Consultation.Kind.EVENT,
        title="Parent's Charter workshops",
        question="What should parents be able to expect from services, and what should "
        "services ask of parents?",
        audience="Parents at the six parent forums and the Medway Young Commissioners",
        starts=today - timedelta(days=120),
        ends=today - timedelta(days=95),
        took_part=38,
        heard="Be fair, do not judge, keep things private, and be gentle with bad news.",
    )
    references = {a.reference: a for a in Action.objects.all()}
    actions.add_you_said_we_did(
        consultation=survey,
        on=today - timedelta(days=150),
        you_said="You did not know where to find parenting support.",
        we_did="We put every service on one search, in English and Polish, and are rewriting "
        "the Local Offer pages.",
        actions=[references["PSS-5-1"]],
    )
    actions.add_you_said_we_did(
        consultation=survey,
        on=today - timedelta(days=60),
        you_said="You wanted support in the evenings and closer to home.",
        we_did="Family Hubs in Chatham and Gillingham now run evening programmes, and Strood "
        "starts in January.",
        actions=[references["PSS-2-2"]],
    )
    actions.add_you_said_we_did(
        consultation=workshops,
        on=today - timedelta(days=40),
        you_said="You wanted to know how services will treat you, without being judged.",
        we_did="We wrote the Parent's Charter with you; services sign up to it and you can "
        "tell us when it is not met.",
        actions=[references["PSS-1-2"]],
    )
    for months_ago in (1, 3):
        for locality, venue, attended, topics, heard in FORUMS:
            actions.add_forum_meeting(
                locality=locality,
                held_on=today - timedelta(days=30 * months_ago + 3),
                venue=venue,
                attended=max(3, attended - months_ago),
                topics=topics,
                heard=heard,
            )


def _charter(today, strategy_lead, organisations):
    actions.publish_charter_version(
        approved_on=today - timedelta(days=REVIEW_DAYS_AGO),
        approved_by="Early Help Partnership Board",
        **CHARTER,
    )
    for name in SIGNED_UP:
        if name in organisations:
            actions.sign_up(
                organisations[name], signed_on=today - timedelta(days=30), by=strategy_lead
            )
    actions.charter_not_met(
        where="A baby clinic",
        what_happened="I was made to feel I was doing everything wrong with feeding.",
    )
