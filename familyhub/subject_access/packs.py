"""The subject access pack: what `gathering.gather` found, as a readable HTML document and as
JSON with the same content.

The HTML pack is one self-contained file (its styles inside it, no scripts, nothing fetched),
plain and printable, with a cover note saying what each section is and what the person's rights
are; a browser's "Print" makes the PDF. Files are named by the record's first request reference
and the date, never the person's name. Each download is audited by the view.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Each section of the pack: its key in the gathered data, its heading and what it is, in plain
# English (the HTML pack's headings and cover note; the JSON pack's "sections").
SECTIONS = [
    ("family_record", _("Your family's record"), _(
        "The people in your family, how to contact you safely, the languages you speak, "
        "anything that makes support easier to reach, and any equality questions you chose to "
        "answer."
    )),
    ("earlier_records", _("Earlier records joined to yours"), _(
        "Sometimes the same family is recorded twice. When staff find this, they join the two "
        "records. The earlier record is kept, pointing to yours."
    )),
    ("requests", _("Your requests for support"), _(
        "Each request: what you told us, who made it, your agreement to share it (and the "
        "version of the privacy notice you were shown), and everything that happened to it, "
        "with the notes staff wrote."
    )),
    ("messages", _("Emails and text messages"), _(
        "Messages about your requests and early help, to you, to the service or early help "
        "team, or to the practitioner who made the request. They only ever contain a reference "
        "and a link. One-time codes are left out."
    )),
    ("early_help", _("Early help"), _(
        "Each early help case: the team and lead practitioner working with you, your "
        "agreement and who it lets us share with, what happened and when, with the notes staff "
        "wrote, the people in the team around your family, each version of the whole-family "
        "assessment, your family plan with your goals and scores, reviews, meetings, what you "
        "said about the plan, and any handover to or from children's social care."
    )),
    ("programmes", _("Parenting programmes"), _(
        "Each place your family had in a parenting programme's group: when and where it met, "
        "the sessions you came to, whether you completed it, and the scores before and after."
    )),
    ("peer_support", _("Peer support"), _(
        "Each peer supporter (a trained parent who volunteers) matched with your family, by "
        "the first name you know them by, and each time they were in touch, with their notes."
    )),
    ("drafts", _("Requests started but not sent"), _(
        "Requests started while signed in to an account linked to your family's record, and "
        "not sent."
    )),
    ("feedback", _("How support went: your feedback"), _(
        "Each time we asked you how your support went, how we asked, and what you (and any "
        "child or young person in your family) answered, with how confident you said you felt "
        "when you asked for support."
    )),
    ("accounts", _("Accounts"), _(
        "Accounts that can sign in and see your family's record and requests."
    )),
    ("audit", _("Who looked at or changed your information"), _(
        "Every time someone opened or changed your family's record, requests or early help "
        "cases: who, in what role, and when; and each time a manager from outside the team "
        "working with you opened a case, with the reason they gave."
    )),
]  # fmt: skip


def file_name(data: dict, extension: str, language: str = "") -> str:
    """'subject-access-FH-7K3M-9QXD-2026-05-01.html' (or 'record-<id>' with no request), with
    the language after the date for a pack not in English ('...-2026-05-01-pl.html')."""
    references = [found["reference"] for found in data["requests"]]
    label = references[0] if references else f"record-{data['about']['record_id'][:8]}"
    day = timezone.localtime(data["about"]["made_at"]).date().isoformat()
    suffix = f"-{language}" if language else ""
    return f"subject-access-{label}-{day}{suffix}.{extension}"


def as_json(data: dict) -> str:
    document = {"sections": {key: str(about) for key, _heading, about in SECTIONS}, **data}
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def answer_rows(answers, prefix: str = "") -> list[tuple[str, str]]:
    """A draft's answers (nested as the request pages keep them) as (question, answer) rows."""
    rows = []
    items = answers.items() if isinstance(answers, dict) else enumerate(answers, start=1)
    for key, value in items:
        label = f"{prefix} › {_label(str(key))}" if prefix else _label(str(key))
        if isinstance(value, (dict, list)):
            rows += answer_rows(value, label)
        elif isinstance(value, bool):
            rows.append((label, gettext("Yes") if value else gettext("No")))
        elif value not in (None, ""):
            rows.append((label, str(value)))
    return rows


def context(data: dict) -> dict:
    """What the page and the HTML pack show: the data, its sections, the drafts as rows."""
    return {
        "data": data,
        "sections": [{"key": k, "heading": h, "about": a} for k, h, a in SECTIONS],
        "section": {k: {"heading": h, "about": a} for k, h, a in SECTIONS},
        "drafts": [draft | {"rows": answer_rows(draft["answers"])} for draft in data["drafts"]],
        "data_protection": settings.DATA_PROTECTION_CONTACT,
    }


def as_html(data: dict, request=None) -> str:
    return render_to_string("subject_access/pack.html", context(data), request=request)
