"""One priority's report for the board as a PDF (fpdf2): the same figures as its page
(queries.priority_report). Helvetica, so the PDF needs no font files; text outside Latin-1 is
written in its nearest Latin-1 form (dashes, quotes) or as "?"."""

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from familyhub.planning.rag import Rag

NEAREST = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "•": "-",
        "\u00a0": " ",
    }
)
NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def latin1(text) -> str:
    return str(text).translate(NEAREST).encode("latin-1", "replace").decode("latin-1")


class _Report(FPDF):
    title_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 8, latin1(f"{self.title_text} - page {self.page_no()}"), align="C")


def priority_pdf(report) -> bytes:
    priority = report.priority
    pdf = _Report(format="A4")
    pdf.title_text = latin1(f"{priority.strategy}: priority {priority.number}")
    pdf.set_title(latin1(f"Priority {priority.number}: {priority.title}"))
    pdf.set_author("Medway Early Help Partnership Board")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    def heading(text, size=13):
        pdf.set_font("helvetica", style="B", size=size)
        pdf.multi_cell(width, 7, latin1(text), **NEXT)
        pdf.ln(1)

    def paragraph(text, size=10, style=""):
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(width, 5, latin1(text), **NEXT)
        pdf.ln(1)

    paragraph(str(priority.strategy), size=10)
    heading(f"Priority {priority.number}: {priority.title}", size=16)
    paragraph(priority.aim)
    if priority.lead:
        paragraph(f"Lead: {priority.lead}")
    review = report.review
    paragraph(
        f"Report of {report.today:%d %B %Y}. "
        + (
            f"Last review: {review.held_on:%d %B %Y} ({review.group})."
            if review
            else "The plan has not been reviewed yet."
        )
    )
    paragraph(
        "Ratings now: " + ", ".join(f"{label} {count}" for _value, label, count in report.counts)
    )

    heading("Actions")
    for row in report.rows:
        action = row.action
        then = Rag(row.rag_then).label if row.rag_then else "not rated"
        flag = " - OVERDUE" if row.overdue else ""
        pdf.set_font("helvetica", style="B", size=10)
        pdf.multi_cell(width, 5, latin1(f"{action.reference} {action.title}{flag}"), **NEXT)
        lead = ", ".join(
            part
            for part in (
                action.lead.get_full_name() if action.lead else action.lead_role,
                action.organisation.name if action.organisation else "",
            )
            if part
        )
        dates = f"Start {action.start:%d %b %Y}" + (
            f", deadline {action.deadline:%d %b %Y}" if action.deadline else ""
        )
        paragraph(
            f"RAG now: {Rag(action.rag).label}"
            + (f" (overridden: {action.rag_override_reason})" if action.overridden else "")
            + f"; at last review: {then}. {action.get_status_display()}, {action.progress}% done. "
            + f"{dates}. Lead: {lead or 'not named'}."
        )
        for update in row.updates_since:
            paragraph(f"Since the review, {update.on:%d %b %Y}: {update.text}", size=9)
        for change in row.rag_changes_since:
            paragraph(
                f"Rating {Rag(change.shown_before).label if change.shown_before else '-'} -> "
                f"{Rag(change.shown).label} on {change.at:%d %b %Y}: {change.why}",
                size=9,
            )
        pdf.ln(1)

    heading("Decisions needed")
    if not report.decisions_needed:
        paragraph("None.")
    for decision in report.decisions_needed:
        paragraph(f"- {decision.text} (raised {decision.meeting})")
    heading("Decisions and actions agreed since the last review")
    if not report.decisions_since:
        paragraph("None.")
    for decision in report.decisions_since:
        paragraph(f"- {decision.get_kind_display()}: {decision.text} ({decision.meeting})")
    return bytes(pdf.output())


def _shown(value) -> str:
    return "fewer than 5" if value is None else str(value)


def annual_pdf(report) -> bytes:
    """The annual report (annual.annual_report) as a PDF: the same figures as its page."""
    year = report.year
    pdf = _Report(format="A4")
    pdf.title_text = latin1(f"Annual report {year.label}")
    pdf.set_title(latin1(f"Early Help Partnership annual report {year.label}"))
    pdf.set_author("Medway Early Help Partnership Board")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    def heading(text, size=13):
        pdf.set_font("helvetica", style="B", size=size)
        pdf.multi_cell(width, 7, latin1(text), **NEXT)
        pdf.ln(1)

    def paragraph(text, size=10, style=""):
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(width, 5, latin1(text), **NEXT)
        pdf.ln(1)

    heading(f"Annual report {year.label}", size=16)
    paragraph(
        f"1 April {year.first} to 31 March {year.first + 1}. Report of {report.today:%d %B %Y}"
        + ("." if report.complete else " (the year so far).")
    )

    heading("The plan in numbers")
    totals = report.totals
    paragraph(
        f"{totals['actions']} actions in the plan in the year; {totals['completed']} completed. "
        + "Ratings now: "
        + ", ".join(f"{label} {count}" for _value, label, count in totals["by_rag"])
    )
    for strategy, rows in report.plan:
        paragraph(str(strategy), style="B")
        for row in rows:
            paragraph(
                f"Priority {row.priority.number}: {row.priority.title}. "
                f"{len(row.actions)} actions. "
                + ", ".join(f"{label} {count}" for _v, label, count in row.by_rag)
                + ". "
                + ", ".join(f"{label} {count}" for _v, label, count in row.by_status)
                + f". Completed in the year: {len(row.completed)}"
                + (
                    " (" + ", ".join(a.reference for a in row.completed) + ")"
                    if row.completed
                    else ""
                )
                + ".",
                size=9,
            )

    heading("Decisions of the board")
    if report.reviews:
        paragraph(
            "The plan was reviewed on "
            + ", ".join(f"{review.held_on:%d %B %Y} ({review.group})" for review in report.reviews)
            + "."
        )
    if not report.decisions:
        paragraph("No decisions recorded in the year.")
    for decision in report.decisions:
        paragraph(
            f"- {decision.meeting.held_on:%d %b %Y}, {decision.get_kind_display()}: {decision.text}"
        )

    parents = report.parents
    heading("What parents told us")
    paragraph("Consultations and engagement events", style="B")
    if not parents.consultations:
        paragraph("None in the year.")
    for consultation, took_part in parents.consultations:
        paragraph(
            f"- {consultation.title} ({consultation.starts:%d %b %Y} to "
            f"{consultation.ends:%d %b %Y}): {_shown(took_part)} took part. {consultation.heard}",
            size=9,
        )
    if parents.consultations:
        paragraph(f"Took part in all: {_shown(parents.took_part)}.")
    paragraph("You said, we did", style="B")
    if not parents.you_said:
        paragraph("None in the year.")
    for entry in parents.you_said:
        paragraph(
            f"- {entry.on:%d %b %Y}. You said: {entry.you_said} We did: {entry.we_did}", size=9
        )
    paragraph("Parent forum meetings by town", style="B")
    paragraph(
        "; ".join(
            f"{town}: {meetings} meetings, {_shown(people)} parents"
            for town, meetings, people in parents.forums
        )
        + f". In all: {parents.forum_meetings} meetings, {_shown(parents.forum_parents)} parents."
    )
    paragraph("The Parent's Charter", style="B")
    paragraph(f"Parents told us the charter was not met {_shown(parents.charter_not_met)} times.")
    paragraph("Family feedback", style="B")
    figures = parents.feedback
    rate = "not shown" if figures.rate is None else f"{figures.rate}%"
    paragraph(
        f"Asked: {_shown(figures.invited)}. Answered: {_shown(figures.answered)}. "
        f"Response rate: {rate}. Answers given: {_shown(figures.answers)}."
    )
    for share in figures.shares:
        percent = "not shown" if share.percent is None else f"{share.percent}%"
        paragraph(f"- {share.label}: {percent} (of {_shown(share.counted)} answers)", size=9)
    change = "not shown" if figures.median_change is None else f"{figures.median_change:+g} points"
    paragraph(
        f"Median change in confidence (0 to 10), start to end: {change} "
        f"(of {_shown(figures.pairs)} answers)."
    )
    paragraph("Counts from 1 to 4 are not shown, nor what would give them away.", size=8)

    heading("What is next")
    if not report.next_actions:
        paragraph("No actions due in the next year.")
    for action in report.next_actions:
        paragraph(
            f"- {action.reference} {action.title}: due {action.deadline:%d %b %Y} "
            f"({action.get_status_display()}, {action.progress}% done)",
            size=9,
        )
    return bytes(pdf.output())
