"""Everything held about a family record, gathered once for a subject access request.

`gather(family)` returns one structured dict (plain values: text, numbers, yes/no, dates) that
the administrator's page, the HTML pack and the JSON pack all read, so the three always agree:

- `family_record`: the people, contact details and safe-contact preferences, languages, access
  needs and equality answers; `earlier_records`: records merged into it (kept, pointing at it);
- `requests`: every request for support with its answers, consent (and the privacy notice's
  version), history with staff notes, safeguarding steps and decisions;
- `messages`: the outbox rows about its requests and early help cases — who they went to, the
  kind, channel, when and whether they were sent (never a one-time code: the outbox's
  personalisation is left out);
- `drafts`: requests started and not sent by a parent's account linked to the record;
- `feedback`: each time the family was asked how support went, what each person answered, and
  the confidence they gave when asking for support (familyhub/feedback);
- `early_help`: each early help case (casework.queries): its status, team, lead practitioner,
  outcome, exit plan, step-down services, handover to children's social care and its answer,
  history from social care; consents; history with notes; the team around the family; each
  version of the assessment (people with notes and a child's voice, findings, the family's
  words, analysis, level of need); the plan (goals in the family's words, scores, actions),
  reviews, meetings and the family's own comments;
- `programmes`: each place in a parenting programme's group, attendance at each session, the
  place's status and the before-and-after scores (programmes.queries);
- `peer_support`: each peer supporter matched with a request (by first name, as the family
  knows them) and each contact with its notes (workforce.queries);
- `accounts`: the parents' accounts linked to it;
- `audit`: who viewed or changed these records, when, in what role, with each time a manager
  outside a case's team opened it (break glass: who, when, why).

Words are in the active language (a pack can be made in Polish); the keys stay English.
Nothing here writes; the caller audits the view or download (the views).
"""

import re
from string import Formatter

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from familyhub.audit.models import AuditEvent
from familyhub.casework import queries as casework
from familyhub.families import monitoring
from familyhub.families.forms import EQUALITY_QUESTIONS
from familyhub.families.models import ContactMethod, Family, FamilyMember
from familyhub.families.safe_contact import WAYS
from familyhub.feedback import queries as feedback
from familyhub.notifications.messages import KINDS
from familyhub.notifications.models import Message, masked
from familyhub.programmes import queries as programmes
from familyhub.referrals import privacy, safeguarding, states
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.subject_access.recipients import NOT_ABOUT_A_FAMILY, RECIPIENTS, TO_FAMILY
from familyhub.workforce import queries as workforce

CHANNELS = {Message.Channel.EMAIL: ContactMethod.EMAIL.label,
            Message.Channel.SMS: ContactMethod.TEXT.label}  # fmt: skip
MESSAGE_STATUSES = {
    Message.Status.PENDING: gettext_lazy("Waiting to send"),
    Message.Status.SENT: gettext_lazy("Sent"),
    Message.Status.FAILED: gettext_lazy("Could not be sent"),
}
# Bookkeeping kept on a draft by the request pages, not answers.
DRAFT_BOOKKEEPING = frozenset({"family_id", "child_rows", "safety_shown"})
SAFE_WAY_LABELS = {"phone": ContactMethod.PHONE.label, "text": ContactMethod.TEXT.label,
                   "email": ContactMethod.EMAIL.label}  # fmt: skip


def earlier_records(family: Family) -> list[Family]:
    """Records merged into this one, and records merged into those, oldest first."""
    found, frontier = [], [family.pk]
    while frontier:
        batch = list(Family.objects.filter(merged_into_id__in=frontier).order_by("created_at"))
        batch = [record for record in batch if record.pk != family.pk and record not in found]
        found += batch
        frontier = [record.pk for record in batch]
    return found


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _role(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return str(profile.get_role_display()) if profile else ""


def _equality(member) -> dict | None:
    answers = getattr(member, "equality", None)
    if answers is None:
        return None
    given = {}
    for name, question, _choices, _children in EQUALITY_QUESTIONS:
        value = getattr(answers, name, "")
        if value:
            given[str(question)] = str(monitoring.answer_label(name, value))
    return given


def _record(family: Family) -> dict:
    safe = {"phone": family.safe_to_phone, "text": family.safe_to_text,
            "email": family.safe_to_email}  # fmt: skip
    return {
        "id": str(family.pk),
        "created_at": family.created_at,
        "updated_at": family.updated_at,
        "merged_into": str(family.merged_into_id) if family.merged_into_id else "",
        "postcode": family.postcode,
        "address": family.address or "",
        "people": [
            {
                "first_name": member.first_name,
                "last_name": member.last_name,
                "relationship": str(member.get_relationship_display()),
                "date_of_birth": member.date_of_birth,
                "due_date": member.due_date,
                "main_contact": member.is_main_contact,
                "equality_answers": _equality(member),
            }
            for member in family.members.select_related("equality")
        ],
        "contact": {
            "phone": family.contact_phone or "",
            "email": family.contact_email or "",
            "preferred_way": str(family.get_preferred_contact_display()),
            "safe_ways": [str(SAFE_WAY_LABELS[way]) for way in WAYS if safe[way]],
            "voicemail_ok": family.voicemail_ok,
            "safe_times": family.safe_times or "",
            "notes": family.contact_notes or "",
            "other_way": str(family.get_other_way_display()) if family.other_way else "",
            "other_way_phone": family.other_way_phone or "",
            "other_way_details": family.other_way_details or "",
        },
        "languages": {
            "home_languages": family.home_languages,
            "interpreter_needed": family.interpreter_needed,
            "interpreter_language": family.interpreter_language,
        },
        "access_needs": family.accessibility_needs or "",
    }


def _reason(change) -> str:
    if change.reason_code == "redirected":
        return _("Passed on from another request")
    if change.reason_code == safeguarding.FLAGGED:
        return _("Possible safeguarding concern flagged")
    if change.reason_code == safeguarding.STEP_TAKEN:
        return _("Safeguarding step recorded")
    return str(states.reason_label(change.to_status, change.reason_code) or change.reason_code)


def _status(value: str) -> str:
    return str(states.Status(value).label) if value else ""


def _made_by(support_request) -> str:
    if not support_request.made_by_practitioner:
        return _("The family")
    who = _name(support_request.made_by)
    team = support_request.referrer_team
    if team:
        return _("A practitioner: %(name)s, %(team)s") % {"name": who, "team": team.name}
    return _("A practitioner: %(name)s") % {"name": who}


def _consent(consent) -> dict:
    version = consent.privacy_notice_version
    link = ""
    if version in privacy.VERSIONS:
        link = settings.SITE_URL + reverse("referrals:privacy_notice_version", args=[version])
    return {
        "given_by_name": consent.given_by_name,
        "given_by": str(consent.get_given_by_display()),
        "recorded_by": _name(consent.recorded_by),
        "given_at": consent.given_at,
        "wording_version": consent.wording_version,
        "privacy_notice_version": version,
        "privacy_notice_link": link,
    }


def _request(support_request) -> dict:
    step = support_request.safeguarding_step
    return {
        "reference": support_request.reference,
        "service": support_request.service.name if support_request.service else "",
        "organisation": support_request.service.organisation.name
        if support_request.service
        else _("Medway's early help team"),
        "need": support_request.need.name if support_request.need else "",
        "made_by": _made_by(support_request),
        "children": [member.full_name for member in support_request.children.all()],
        "answers": {
            "worries": support_request.worries or "",
            "tried": support_request.tried or "",
            "would_help": support_request.would_help or "",
        },
        "consent": _consent(support_request.consent),
        "status": _status(support_request.status),
        "submitted_at": support_request.submitted_at,
        "received_at": support_request.received_at,
        "decided_at": support_request.decided_at,
        "expected_start": support_request.expected_start,
        "started_at": support_request.started_at,
        "ended_at": support_request.ended_at,
        "decline_reason": str(support_request.get_decline_reason_display()),
        "reason_for_family": support_request.reason_for_family or "",
        "suggested_service": support_request.suggested_service.name
        if support_request.suggested_service
        else "",
        "passed_on_to": support_request.redirected_to.reference
        if support_request.redirected_to
        else "",
        "outcome": str(support_request.get_outcome_display()),
        "safeguarding": {
            "concerns": [str(name) for name in safeguarding.staff_names(
                support_request.safeguarding_concerns)],
            "step": str(safeguarding.Step(step).label) if step else "",
            "step_at": support_request.safeguarding_step_at,
        }
        if support_request.safeguarding_concerns
        else None,
        "history": [
            {
                "at": change.at,
                "by": change.by_label or _name(change.by),
                "from_status": _status(change.from_status),
                "to_status": _status(change.to_status),
                "reason": _reason(change) if change.reason_code else "",
                "note": change.note or "",
            }
            for change in support_request.history.select_related("by")
        ],
    }  # fmt: skip


def _what_message(message) -> str:
    """The message's subject, with its reference: what it was about (never its code)."""
    kind = KINDS.get(message.kind)
    if kind is None:
        return message.kind
    names = {name for _, name, _, _ in Formatter().parse(kind.subject) if name}
    subject = kind.subject.format(**dict.fromkeys(names, message.reference))
    return subject if "reference" in names else f"{subject} ({message.reference})"


def _messages(references) -> list[dict]:
    rows = Message.objects.filter(reference__in=references).exclude(kind__in=NOT_ABOUT_A_FAMILY)
    return [
        {
            "created_at": message.created_at,
            "about": message.reference,
            "to": str(RECIPIENTS.get(message.kind, _("someone else"))),
            # The family's own address, partly hidden; staff mailboxes are not theirs to see.
            "address": masked(message.to) if message.kind in TO_FAMILY else "",
            "channel": str(CHANNELS.get(message.channel, message.channel)),
            "what": _what_message(message),
            "status": str(MESSAGE_STATUSES.get(message.status, message.status)),
            "sent_at": message.sent_at,
        }
        for message in rows.order_by("created_at", "id")
    ]


def _draft_answers(answers) -> dict:
    return {key: value for key, value in answers.items() if key not in DRAFT_BOOKKEEPING}


def _drafts(account_ids) -> list[dict]:
    drafts = Draft.objects.filter(user_id__in=account_ids, submitted_request__isnull=True)
    return [
        {
            "started_at": draft.created_at,
            "last_saved_at": draft.updated_at,
            "service": draft.service.name if draft.service else "",
            "need": draft.need.name if draft.need else "",
            "answers": _draft_answers(draft.answers),
        }
        for draft in drafts.select_related("service", "need").order_by("created_at", "id")
    ]


def _accounts(family: Family) -> list[dict]:
    return [
        {
            "username": user.get_username(),
            "email": user.email,
            "name": user.get_full_name(),
            "role": _role(user),
            "joined_at": user.date_joined,
            "last_signed_in_at": user.last_login,
            "active": user.is_active,
        }
        for user in family.account_holders.select_related("profile").order_by("date_joined")
    ]


OBJECT_NAMES = {"family": gettext_lazy("family record"),
                "supportrequest": pgettext_lazy("audit record", "request"),
                "case": gettext_lazy("early help case")}  # fmt: skip
REFERENCED = frozenset({"supportrequest", "case"})
ACTIONS = {
    AuditEvent.Action.VIEW: gettext_lazy("Viewed"),
    AuditEvent.Action.CREATE: pgettext_lazy("audit action", "Made"),
    AuditEvent.Action.CHANGE: gettext_lazy("Changed"),
    AuditEvent.Action.MERGE: gettext_lazy("Merged"),
    AuditEvent.Action.EXPORT: gettext_lazy("Downloaded"),
}
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def _readable(detail: str, names: dict) -> str:
    """An audit detail with each record id it names put as words: this record's people by name,
    its requests by reference, and any other family's record as just "another record"."""
    return UUID.sub(lambda found: names.get(found.group(0), _("another record")), detail)


def _audit(family_ids, names: dict) -> list[dict]:
    events = AuditEvent.objects.filter(family_id__in=family_ids).select_related("user__profile")
    return [
        {
            "at": event.at,
            "who": _name(event.user) or event.actor or _("someone not signed in"),
            "role": _role(event.user),
            "action": str(ACTIONS.get(event.action, event.action)),
            "record": str(OBJECT_NAMES.get(event.object_type, event.object_type)),
            "record_reference": names.get(event.object_id, "")
            if event.object_type in REFERENCED
            else "",
            "detail": _readable(event.detail, names),
        }
        for event in events.order_by("at", "id")
    ]


def _break_glass(family_ids) -> list[dict]:
    """Each time a manager outside a case's team was let in to it, as audit rows."""
    return [
        {
            "at": row["at"],
            "who": row["who"],
            "role": row["role"],
            "action": _("Opened from outside the case's team"),
            "record": str(OBJECT_NAMES["case"]),
            "record_reference": row["case"],
            "detail": _("Reason given: %(reason)s (access until %(until)s)")
            % {
                "reason": row["reason"],
                "until": timezone.localtime(row["until"]).strftime("%H:%M"),
            },
        }
        for row in casework.break_glass_for_subject_access(family_ids)
    ]


def _names(family, earlier, requests, cases) -> dict:
    """Ids an audit detail may name, as words the family will recognise."""
    names = {str(family.pk): _("this record")}
    names |= {str(record.pk): _("an earlier record of yours") for record in earlier}
    names |= {str(r.pk): r.reference for r in requests}
    names |= {str(case.pk): case.reference for case in cases}
    members = FamilyMember.objects.filter(family_id__in=[family.pk, *(r.pk for r in earlier)])
    return names | {str(member.pk): member.full_name for member in members}


def gather(family: Family) -> dict:
    """Everything held about this family record (and the records merged into it)."""
    earlier = earlier_records(family)
    family_ids = [family.pk, *(record.pk for record in earlier)]
    requests = list(
        SupportRequest.objects.filter(family_id__in=family_ids)
        .select_related(
            "service__organisation", "need", "consent__recorded_by", "made_by",
            "referrer_team", "suggested_service", "redirected_to",
        )
        .prefetch_related("children")
        .order_by("submitted_at", "id")
    )  # fmt: skip
    references = [support_request.reference for support_request in requests]
    accounts = list(family.account_holders.values_list("pk", flat=True))
    cases = list(casework.cases_for_subject_access(family_ids))
    audit = _audit(family_ids, _names(family, earlier, requests, cases)) + _break_glass(family_ids)
    return {
        "about": {
            "record_id": str(family.pk),
            "records_included": [str(pk) for pk in family_ids],
            "made_at": timezone.now(),
            "council": settings.COUNCIL_NAME,
            "service": settings.SERVICE_NAME,
        },
        "family_record": _record(family),
        "earlier_records": [_record(record) for record in earlier],
        "requests": [_request(support_request) for support_request in requests],
        "messages": _messages(references + [case.reference for case in cases]),
        "drafts": _drafts(accounts),
        "feedback": {
            "asked": feedback.for_subject_access(family_ids),
            "confidence_at_start": feedback.start_confidence_for_subject_access(family_ids),
        },
        "early_help": [casework.case_for_subject_access(case) for case in cases],
        "programmes": programmes.for_subject_access(family_ids),
        "peer_support": workforce.for_subject_access(family_ids),
        "accounts": _accounts(family),
        "audit": sorted(audit, key=lambda row: row["at"]),
    }
