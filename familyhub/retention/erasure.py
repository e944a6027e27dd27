"""Erasing a family's data at a person's request (UK GDPR Article 17), where the law allows.

The council holds family records and requests to carry out public tasks (Article 6(1)(e);
Article 9(2)(g) and (h) for special-category data: the privacy notice). The right to erasure
then applies where the data are no longer needed, or an objection is upheld; it does not apply
where keeping them is a legal obligation or needed for a public task (Article 17(3)(b)) or for
legal claims (17(3)(e)). So an administrator's erasure is refused, with the reason shown, while:

- a request is still open: support is being given; the family can withdraw it first;
- early help (casework) has not ended: the family is being supported;
- a safeguarding concern or step is recorded on any request, or an early help case was handed
  to or from children's social care: safeguarding records are kept
  under the council's duties to safeguard children (Children Act 1989 s.47, Children Act 2004
  s.11, Working Together to Safeguard Children); they are anonymised when their retention
  period ends (the policy's requests rule).

Otherwise the record is anonymised now, exactly as the retention policy would
(anonymise.anonymise_family_records), with the duplicates merged into it and its ended early
help cases; parents' accounts
that hold no other family are deleted. An `ErasureRecord` (who, when, why, what, as counts) and
an audit event on each record say so.
"""

from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.casework.models import Case
from familyhub.families.models import Family
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import OPEN, Status
from familyhub.retention.anonymise import anonymise_family_records
from familyhub.retention.kinds import case_with_social_care, safeguarding_record
from familyhub.retention.models import AnonymisedRecord, ErasureRecord

REASON_MAX_LENGTH = 2000


class ErasureRefused(Exception):
    """Why the family's data cannot be erased now: one sentence each, for the page."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def family_and_merged(family: Family) -> list[Family]:
    """The record and every duplicate merged into it (at any depth), the record first."""
    records, frontier = [family], [family.pk]
    while frontier:
        merged = list(Family.objects.filter(merged_into__in=frontier).order_by("pk"))
        records += merged
        frontier = [record.pk for record in merged]
    return records


def erasure_problems(family: Family) -> list[str]:
    """Why this family's data cannot be erased now (empty: it can be)."""
    if family.merged_into_id:
        return [
            "This record was merged into another family record: erase that one, which "
            "includes this."
        ]
    anonymised = AnonymisedRecord.objects.filter(kind="families", object_id=family.pk).first()
    if anonymised:
        return [
            f"This family record was anonymised on {anonymised.at:%d %B %Y}: there is nothing "
            "left to erase."
        ]
    ids = [record.pk for record in family_and_merged(family)]
    requests = SupportRequest.objects.filter(family__in=ids).order_by("submitted_at")
    problems = [
        f"Request {r.reference} is still open ({Status(r.status).label.lower()}). Support is "
        "still being given, so it is not erased: the family can withdraw the request, or the "
        "service close it, first."
        for r in requests.filter(status__in=OPEN)
    ]
    problems += [
        f"Request {r.reference} has a safeguarding concern or step recorded. Safeguarding "
        "records are kept under the council's legal duties to safeguard children, so they "
        "are not erased on request; they are anonymised when their retention period ends."
        for r in requests.filter(safeguarding_record())
    ]
    problems += [
        f"Early help {case.reference} has not ended. The family is being supported, so it is "
        "not erased: the family can withdraw their consent to early help, or the lead "
        "practitioner close it, first."
        for case in Case.objects.filter(family__in=ids, closed_at__isnull=True)
    ]
    problems += [
        f"Early help {case.reference} was handed to or from children's social care. "
        "Safeguarding records are kept under the council's legal duties to safeguard children, "
        "so they are not erased on request; they are anonymised when their retention period "
        "ends."
        for case in Case.objects.filter(family__in=ids, closed_at__isnull=False)
        .filter(case_with_social_care())
        .exclude(pk__in=AnonymisedRecord.objects.filter(kind="cases").values("object_id"))
    ]
    return problems


def erase_family(family: Family, by, reason: str) -> ErasureRecord:
    """Anonymise the family's data now, at a person's request; ErasureRefused if not allowed."""
    if role_of(by) != Role.ADMINISTRATOR:
        raise ErasureRefused(["Only an administrator can erase a family's data."])
    reason = (reason or "").strip()
    if not reason:
        raise ErasureRefused(["Say why the data is being erased (the request you received)."])
    if len(reason) > REASON_MAX_LENGTH:
        raise ErasureRefused([f"Use {REASON_MAX_LENGTH:,} characters or fewer for the reason."])
    with transaction.atomic():
        ids = [record.pk for record in family_and_merged(family)]
        records = list(Family.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        family = next(record for record in records if record.pk == family.pk)
        problems = erasure_problems(family)
        if problems:
            raise ErasureRefused(problems)
        holders = {user for record in records for user in record.account_holders.all()}
        done = AnonymisedRecord.objects.filter(kind="families", object_id__in=ids)
        already = set(done.values_list("object_id", flat=True))
        erased = anonymise_family_records([r for r in records if r.pk not in already])
        accounts = [
            user
            for user in holders
            if role_of(user) == Role.PARENT and not user.families.exclude(pk__in=ids).exists()
        ]
        for user in accounts:
            user.delete()
        erased["parent accounts"] = len(accounts)
        erasure = ErasureRecord.objects.create(
            family_id=family.pk,
            at=timezone.now(),
            by=by,
            by_label=by.get_full_name() or by.get_username(),
            reason=reason,
            erased=dict(erased),
        )
        for record in records:
            audit.record(by, "change", record, detail=f"erased at a person's request ({erasure})")
    return erasure
