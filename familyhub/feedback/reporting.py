"""The response-rate page's figures: invitations and answers by quarter and by what they were
about, with small numbers hidden (familyhub/suppression.py) so no family can be picked out. A rate
is shown only where both of its counts are."""

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from familyhub.feedback import queries
from familyhub.feedback.models import About, Respondent
from familyhub.suppression import TOTAL, suppress, suppress_counts

QUARTERS_SHOWN = 5


def quarter_label(start: date) -> str:
    end_month = date(start.year, start.month + 2, 1)
    return _("%(first)s to %(last)s %(year)s") % {
        "first": formats.date_format(start, "F"),
        "last": formats.date_format(end_month, "F"),
        "year": start.year,
    }


@dataclass
class Cell:
    invited: int | None
    answered: int | None

    @property
    def rate(self) -> str:
        if self.invited is None or self.answered is None or not self.invited:
            return ""
        return f"{round(100 * self.answered / self.invited)}%"


@dataclass
class Row:
    label: str
    cells: list  # one Cell per kind, then the total


def response_table(today: date | None = None) -> dict:
    quarters = queries.last_quarters(QUARTERS_SHOWN, today)
    kinds = list(About.values)
    invited, answered = queries.response_counts(quarters)
    invited_table = suppress(invited, rows=quarters, columns=kinds)
    answered_table = suppress(answered, rows=quarters, columns=kinds)

    def cell(row, column):
        if row == TOTAL and column == TOTAL:
            return Cell(invited_table.grand_total, answered_table.grand_total)
        if row == TOTAL:
            return Cell(invited_table.column_totals[column], answered_table.column_totals[column])
        if column == TOTAL:
            return Cell(invited_table.row_totals[row], answered_table.row_totals[row])
        return Cell(invited_table.value(row, column), answered_table.value(row, column))

    rows = [Row(quarter_label(q), [cell(q, k) for k in [*kinds, TOTAL]]) for q in quarters]
    rows.append(Row(_("All quarters"), [cell(TOTAL, k) for k in [*kinds, TOTAL]]))
    start, end = queries.period_of(quarters)
    voices, voices_total = suppress_counts(queries.answers_by_respondent(start, end))
    return {
        "kinds": [About(k).label for k in kinds],
        "rows": rows,
        "voices": [(Respondent(k).label, n) for k, n in voices.items()],
        "voices_total": voices_total,
        "first": quarter_label(quarters[0]),
        "last": quarter_label(quarters[-1]),
    }
