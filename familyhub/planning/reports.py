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
