"""Small numbers kept from view, so no published table can identify a family.

Every count the partnership publishes by a characteristic, a town or a ward goes through
`suppress`: a count from 1 to 4 is hidden ("primary" suppression; 0 is shown, it identifies no
one), and then, so the hidden counts cannot be worked out from the totals printed beside them,
more counts are hidden ("secondary" suppression) until no row, column or total line has exactly
one hidden count, and then until no small count can be worked out from all the sums together
(checked exactly, by solving the printed sums as equations). The totals are counted from every
record (hidden ones included), and are themselves hidden when they are small.

A table is rows × columns of counts; a one-way table (counts by ethnicity, say) is one row.
"""

from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5
TOTAL = "Total"


@dataclass(frozen=True)
class Table:
    """Counts with their totals; a value of None is hidden."""

    rows: list
    columns: list
    cells: dict  # (row, column) -> int | None
    row_totals: dict  # row -> int | None
    column_totals: dict  # column -> int | None
    grand_total: int | None

    def value(self, row, column):
        return self.cells[(row, column)]

    @property
    def hidden(self) -> int:
        """How many figures (counts and totals) are hidden."""
        values = [
            *self.cells.values(),
            *self.row_totals.values(),
            *self.column_totals.values(),
            self.grand_total,
        ]
        return sum(1 for v in values if v is None)


def is_small(count: int, threshold: int = THRESHOLD) -> bool:
    return 0 < count < threshold


def suppress(counts: dict, rows=None, columns=None, threshold: int = THRESHOLD) -> Table:
    """The table of `counts` ({(row, column): n}; a missing pair counts 0) with small numbers
    hidden and enough others hidden that no hidden number can be worked out from the rest."""
    rows = list(rows) if rows is not None else _in_order(r for r, _ in counts)
    columns = list(columns) if columns is not None else _in_order(c for _, c in counts)
    value = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    for r in rows:
        value[(r, TOTAL)] = sum(value[(r, c)] for c in columns)
    for c in columns:
        value[(TOTAL, c)] = sum(value[(r, c)] for r in rows)
    value[(TOTAL, TOTAL)] = sum(value[(r, TOTAL)] for r in rows)

    hidden = {key for key, n in value.items() if is_small(n, threshold)}
    lines = _lines(rows, columns)
    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                if sum(1 for key in line if key in hidden) == 1:
                    hidden.add(_next_to_hide(line, hidden, value))
                    changed = True
        exposed = [key for key in _pinned_down(hidden, value, lines) if is_small(value[key])]
        if not exposed:
            break
        # Hide one more figure beside the first exposed count, in its line with most shown.
        key = exposed[0]
        line = max((ln for ln in lines if key in ln), key=lambda ln: len(set(ln) - hidden))
        hidden.add(_next_to_hide(line, hidden, value))

    def shown(key):
        return None if key in hidden else value[key]

    return Table(
        rows=rows,
        columns=columns,
        cells={(r, c): shown((r, c)) for r in rows for c in columns},
        row_totals={r: shown((r, TOTAL)) for r in rows},
        column_totals={c: shown((TOTAL, c)) for c in columns},
        grand_total=shown((TOTAL, TOTAL)),
    )


def suppress_counts(counts: dict, threshold: int = THRESHOLD) -> tuple[dict, int | None]:
    """A one-way table ({category: n}): the counts shown (None where hidden) and the total."""
    table = suppress({("all", k): n for k, n in counts.items()}, rows=["all"],
                     columns=list(counts), threshold=threshold)  # fmt: skip
    return {k: table.value("all", k) for k in counts}, table.row_totals["all"]


def _lines(rows, columns):
    """Every sum the table prints: each row and column with its total, and the totals' own."""
    lines = [[(r, c) for c in columns] + [(r, TOTAL)] for r in rows]
    lines += [[(r, c) for r in rows] + [(TOTAL, c)] for c in columns]
    lines.append([(r, TOTAL) for r in rows] + [(TOTAL, TOTAL)])
    lines.append([(TOTAL, c) for c in columns] + [(TOTAL, TOTAL)])
    return lines


def _pinned_down(hidden, value, lines):
    """The hidden figures that the shown ones and the printed sums determine exactly.

    Each line is an equation (its parts less its total are 0) in the hidden figures. A hidden
    figure is determined when, after Gaussian elimination (exact, in fractions), some equation
    names it alone."""
    unknowns = sorted(hidden, key=str)
    index = {key: i for i, key in enumerate(unknowns)}
    equations = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for key in line:
            if key in index:
                row[index[key]] += -1 if key == line[-1] else 1
        if any(row):
            equations.append(row)
    pinned = []
    for row in _reduced(equations, len(unknowns)):
        named = [i for i, v in enumerate(row) if v != 0]
        if len(named) == 1:
            pinned.append(unknowns[named[0]])
    return pinned


def _reduced(rows, width):
    """Reduced row echelon form of `rows` (lists of Fractions)."""
    rows = [list(r) for r in rows]
    top = 0
    for col in range(width):
        pivot = next((i for i in range(top, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[top], rows[pivot] = rows[pivot], rows[top]
        lead = rows[top][col]
        rows[top] = [v / lead for v in rows[top]]
        for i, row in enumerate(rows):
            if i != top and row[col] != 0:
                factor = row[col]
                rows[i] = [a - factor * b for a, b in zip(row, rows[top], strict=True)]
        top += 1
    return rows[:top]


def _next_to_hide(line, hidden, value):
    """The figure to hide beside a lone hidden one: the smallest count (not a total) first, a
    count that is not 0 before one that is, and the line's total only when nothing else is left."""
    candidates = [key for key in line if key not in hidden]
    return min(
        candidates,
        key=lambda key: (TOTAL in key, value[key] == 0, value[key]),
    )


def _in_order(keys):
    seen = {}
    for key in keys:
        seen.setdefault(key, None)
    return list(seen)
