"""The board report: the dashboard's tables as a printable PDF (fpdf2). The same `DataTable`
objects as the page and the CSV files, so the figures agree. Text is written in the PDF's core
font (Helvetica), so it is kept to Latin-1 (dashes and quotation marks made plain)."""

from fpdf import FPDF
from fpdf.fonts import FontFace

from familyhub.outcomes.queries import LEGEND

PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def latin1(text) -> str:
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _table(pdf: FPDF, table):
    pdf.set_font("Helvetica", "B", 10)
    pdf.multi_cell(0, 5, latin1(table.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    first = max(30, 90 - 10 * (len(table.headers) - 2))
    rest = (pdf.epw - first) / max(1, len(table.headers) - 1)
    widths = (first, *([rest] * (len(table.headers) - 1)))
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"),
                   line_height=4.5, text_align="LEFT") as grid:  # fmt: skip
        header = grid.row()
        for cell in table.headers:
            header.cell(latin1(cell))
        for values in table.rows:
            row = grid.row()
            for cell in values:
                row.cell(latin1(cell))
    pdf.ln(4)


def board_report(data: dict, *, title: str, made_on: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(latin1(title))
    pdf.set_author("Family Hub")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, latin1(f"Made on {made_on}. {LEGEND}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table(pdf, data["summary"])
    _table(pdf, data["unmet"])
    for group in data["terms"]:
        for outcome_view in group["outcomes"]:
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(
                0, 6, latin1(f"{group['term'].label}: {outcome_view.outcome.words}"),
                new_x="LMARGIN", new_y="NEXT",
            )  # fmt: skip
            for view in outcome_view.measures:
                pdf.set_font("Helvetica", "I", 8)
                pdf.multi_cell(0, 4, latin1(view.measure.definition), new_x="LMARGIN", new_y="NEXT")
                for table in view.tables:
                    _table(pdf, table)
    return bytes(pdf.output())
