"""The only writer of training records, peer supporters, matches and contacts (decision 0038).

Training: one record per person, course and date. Its expiry is what the certificate says, or
else the date plus the course's months (`Course.valid_for_months`); a course that does not lapse
has none. A record is *expiring* within `EXPIRING_DAYS` of its expiry, and *expired* after it.

The CSV import (data managers) reads every row first and saves nothing unless every row is
right: each wrong row is reported by its number with what is wrong, so a file is fixed and sent
again whole, never half-saved. It runs in the request, up to `MOST_ROWS` rows (a file of
every practitioner in Medway is a few hundred rows; a bigger one is refused, saying so).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import STAFF_ROLES
from familyhub.audit import services as audit
from familyhub.safety.recognise import recognise
from familyhub.workforce.models import (
    TOWN_CHOICES,
    Course,
    PeerContact,
    PeerMatch,
    PeerStatus,
    PeerSupporter,
    TrainingRecord,
)

EXPIRING_DAYS = 90
MOST_ROWS = 2000
MOST_BYTES = 1_000_000
COLUMNS = ["email", "course", "date_trained", "expires", "certificate_reference", "works_in"]
TOWNS = {value.lower(): value for value, _label in TOWN_CHOICES}


class RecordRefused(Exception):
    """A record that cannot be saved, with a message to show."""


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def expiry(course, completed_on, expires_on=None):
    if expires_on:
        return expires_on
    if course.valid_for_months:
        return add_months(completed_on, course.valid_for_months)
    return None


def currency(record, today=None) -> str:
    """ "current", "expiring" or "expired" (a record with no expiry is current)."""
    today = today or timezone.localdate()
    if record.expires_on is None:
        return "current"
    if record.expires_on < today:
        return "expired"
    if (record.expires_on - today).days <= EXPIRING_DAYS:
        return "expiring"
    return "current"


def add_training(*, person, course, completed_on, expires_on=None, certificate_reference="",
                 works_in, by, imported=False) -> TrainingRecord:  # fmt: skip
    if expires_on and expires_on <= completed_on:
        raise RecordRefused(_("The expiry date must be after the date trained"))
    if completed_on > timezone.localdate():
        raise RecordRefused(_("The date trained must be today or in the past"))
    try:
        with transaction.atomic():
            return TrainingRecord.objects.create(
                person=person, course=course, completed_on=completed_on,
                expires_on=expiry(course, completed_on, expires_on),
                certificate_reference=certificate_reference, works_in=works_in,
                entered_by=by, entered_at=timezone.now(), imported=imported,
            )  # fmt: skip
    except IntegrityError as error:
        raise RecordRefused(_("This training is already recorded for this person")) from error


# --- the CSV import ------------------------------------------------------------------------


@dataclass
class ImportResult:
    saved: int = 0
    errors: list = field(default_factory=list)  # (row number, message)


def _date(value: str):
    value = value.strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def read_csv(data: bytes) -> list[dict]:
    """The rows of an upload, or RecordRefused saying why the file cannot be read."""
    if len(data) > MOST_BYTES:
        raise RecordRefused(_("The file is larger than 1 MB: split it into smaller files"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordRefused(_("The file must be a CSV saved as UTF-8")) from error
    try:
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise RecordRefused(
                _("The file's first row must name the columns; missing: %(columns)s")
                % {"columns": ", ".join(missing)}
            )
        rows = []
        for row in reader:
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
            if len(rows) > MOST_ROWS:
                raise RecordRefused(
                    _("The file has more than %(most)s rows: split it into smaller files")
                    % {"most": MOST_ROWS}
                )
    except csv.Error as error:
        raise RecordRefused(
            _("The file could not be read as CSV: %(error)s") % {"error": error}
        ) from error
    return rows


def import_training(data: bytes, *, by) -> ImportResult:
    """Check every row, then save all or none (see the module's docstring)."""
    rows = read_csv(data)
    if not rows:
        raise RecordRefused(_("The file has no rows under its column names"))
    people = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(profile__role__in=STAFF_ROLES)
        if user.email
    }
    courses = {c.code: c for c in Course.objects.all()}
    courses_by_name = {str(c).lower(): c for c in courses.values()}
    result, checked, seen = ImportResult(), [], set()
    today = timezone.localdate()
    for number, row in enumerate(rows, start=2):  # row 1 names the columns
        problems = []
        person = people.get(row.get("email", "").lower())
        if person is None:
            problems.append(_("no member of staff has the email “%(email)s”")
                            % {"email": row.get("email", "")})  # fmt: skip
        course = courses.get(row.get("course", "")) or courses_by_name.get(
            row.get("course", "").lower()
        )
        if course is None:
            problems.append(_("no course “%(course)s”") % {"course": row.get("course", "")})
        trained = _date(row.get("date_trained", ""))
        if trained is None:
            problems.append(_("the date trained is not a date (YYYY-MM-DD)"))
        elif trained > today:
            problems.append(_("the date trained is in the future"))
        expires = None
        if row.get("expires"):
            expires = _date(row["expires"])
            if expires is None:
                problems.append(_("the expiry is not a date (YYYY-MM-DD)"))
            elif trained and expires <= trained:
                problems.append(_("the expiry is not after the date trained"))
        town = TOWNS.get((row.get("works_in") or "Medway-wide").lower())
        if town is None:
            problems.append(_("“%(town)s” is not a Medway town") % {"town": row["works_in"]})
        if len(row.get("certificate_reference", "")) > 80:
            problems.append(_("the certificate reference is longer than 80 characters"))
        key = (person and person.pk, course and course.pk, trained)
        if not problems:
            if (
                key in seen
                or TrainingRecord.objects.filter(
                    person=person, course=course, completed_on=trained
                ).exists()
            ):
                problems.append(_("this training is already recorded"))
            seen.add(key)
        if problems:
            result.errors.append((number, "; ".join(problems)))
        else:
            checked.append((person, course, trained, expires, row, town))
    if result.errors:
        return result
    with transaction.atomic():
        now = timezone.now()
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                person=person,
                course=course,
                completed_on=trained,
                expires_on=expiry(course, trained, expires),
                certificate_reference=row.get("certificate_reference", ""),
                works_in=town,
                entered_by=by,
                entered_at=now,
                imported=True,
            )  # fmt: skip
            for person, course, trained, expires, row, town in checked
        )
    result.saved = len(checked)
    return result


# --- peer support --------------------------------------------------------------------------


def recruit(*, organisation, name, town, recruited_on, phone="", languages="", by=None):
    return PeerSupporter.objects.create(
        organisation=organisation, name=name, town=town, recruited_on=recruited_on,
        phone=phone or None, languages=languages,
    )  # fmt: skip


def record_training(supporter, *, course, trained_on, status=PeerStatus.ACTIVE):
    supporter.course, supporter.trained_on, supporter.status = course, trained_on, status
    supporter.version += 1
    supporter.save()
    return supporter


@transaction.atomic
def match(supporter, support_request, *, by, started_on=None) -> PeerMatch:
    if supporter.status != PeerStatus.ACTIVE:
        raise RecordRefused(_("Only a trained peer supporter can be matched with a family"))
    if support_request.service.organisation_id != supporter.organisation_id:
        raise RecordRefused(_("That request is not to your organisation"))
    try:
        with transaction.atomic():
            made = PeerMatch.objects.create(
                supporter=supporter, request=support_request,
                started_on=started_on or timezone.localdate(), matched_by=by,
            )  # fmt: skip
    except IntegrityError as error:
        raise RecordRefused(_("This peer supporter is already matched with this family")) from (
            error
        )
    audit.record(by, "change", support_request, detail=f"peer supporter match {made.pk}")
    return made


@transaction.atomic
def log_contact(peer_match, *, on, way, notes, by) -> PeerContact:
    """A contact over the months of support. The notes are encrypted at rest and read by the
    one safety layer: danger they describe is flagged on the match for staff."""
    if on > timezone.localdate():
        raise RecordRefused(_("The date of the contact must be today or in the past"))
    if on < peer_match.started_on:
        raise RecordRefused(_("The contact is before the match started"))
    contact = PeerContact.objects.create(
        match=peer_match, on=on, way=way, notes=notes or None,
        danger_recognised=bool(notes and recognise(notes)), logged_by=by,
        logged_at=timezone.now(),
    )  # fmt: skip
    audit.record(by, "change", peer_match.request, detail=f"peer contact {contact.pk}")
    return contact


def end_match(peer_match, *, on, by):
    peer_match.ended_on = on
    peer_match.save(update_fields=["ended_on"])
    audit.record(by, "change", peer_match.request, detail=f"peer match {peer_match.pk} ended")
    return peer_match
