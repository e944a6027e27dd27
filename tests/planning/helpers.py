"""Planning records for tests, made through the real actions."""

from datetime import date, timedelta

from familyhub.planning import actions
from familyhub.planning.models import Group, Priority, Strategy

TODAY = date(2026, 6, 1)


def priority(number=1, title="Engagement"):
    strategy, _made = Strategy.objects.get_or_create(
        name="Medway Parenting Support Strategy", period="2021–25"
    )
    found, _made = Priority.objects.get_or_create(
        strategy=strategy,
        number=number,
        defaults={
            "title": title,
            "aim": "Coproduce the Medway Parenting Support Strategy and action plan with parents",
        },
    )
    return found


def board():
    group, _made = Group.objects.get_or_create(
        name="Early Help Partnership Board", defaults={"kind": Group.Kind.BOARD}
    )
    return group


def action(
    *,
    lead=None,
    reference="PSS-1-1",
    of=None,
    start=None,
    deadline=None,
    today=None,
    by=None,
    **fields,
):
    today = today or date.today()
    return actions.create_action(
        of or priority(),
        by=by,
        reference=reference,
        title=fields.pop("title", "Set up a parent forum in each locality"),
        lead=lead,
        start=start or today - timedelta(days=30),
        deadline=deadline if deadline is not None else today + timedelta(days=200),
        today=today,
        **fields,
    )


def plan_records(*, lead):
    """An action led by `lead` and a board meeting (the permission matrix's world)."""
    made = action(lead=lead)
    meeting = actions.add_meeting(board(), held_on=date.today())
    return made, meeting
