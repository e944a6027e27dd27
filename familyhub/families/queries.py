"""Reads of family records that other apps share.

A parent or carer's own records are the ones they hold (`Family.account_holders`); which
records staff may see follows from the requests they may see, and is decided in
referrals/access.py, which starts from `held_by` for a parent."""

from familyhub.families.models import Family


def held_by(user):
    """The family records this person holds: a parent or carer's own."""
    return Family.objects.filter(account_holders=user)


def own_record(user) -> Family | None:
    """The signed-in parent's family record (the oldest, if they hold more than one); a record
    merged into another is not theirs to keep up to date."""
    return held_by(user).filter(merged_into__isnull=True).order_by("created_at").first()
