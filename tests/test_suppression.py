"""Small numbers are hidden, and no hidden number can be worked out from what is shown."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from familyhub.suppression import TOTAL, suppress, suppress_counts


def _determined(table, counts):
    """The hidden figures that the shown ones pin down exactly (by the table's sums).

    Each printed sum is an equation; the hidden figures are the unknowns. A hidden figure is
    determined exactly when its unit vector lies in the row space of the equations' matrix over
    the unknowns (Gaussian elimination with fractions)."""
    rows, columns = table.rows, table.columns
    figures = {(r, c): table.cells[(r, c)] for r in rows for c in columns}
    figures |= {(r, TOTAL): table.row_totals[r] for r in rows}
    figures |= {(TOTAL, c): table.column_totals[c] for c in columns}
    figures[(TOTAL, TOTAL)] = table.grand_total
    unknowns = [key for key, v in figures.items() if v is None]
    index = {key: i for i, key in enumerate(unknowns)}
    lines = [[(r, c) for c in columns] + [(r, TOTAL)] for r in rows]
    lines += [[(r, c) for r in rows] + [(TOTAL, c)] for c in columns]
    lines.append([(r, TOTAL) for r in rows] + [(TOTAL, TOTAL)])
    lines.append([(TOTAL, c) for c in columns] + [(TOTAL, TOTAL)])
    matrix = []
    for line in lines:  # the parts minus the total: 0
        row = [Fraction(0)] * len(unknowns)
        for key in line:
            if key in index:
                row[index[key]] += -1 if TOTAL in key and key == line[-1] else 1
        if any(row):
            matrix.append(row)
    reduced = _row_reduce(matrix, len(unknowns))
    determined = []
    for key, i in index.items():
        # In reduced row echelon form, x_i is determined iff some row is exactly e_i.
        if any(r[i] == 1 and sum(1 for v in r if v != 0) == 1 for r in reduced):
            determined.append(key)
    return determined


def _row_reduce(matrix, width):
    rows = [list(r) for r in matrix]
    pivot_row = 0
    for col in range(width):
        pivot = next((i for i in range(pivot_row, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for i in range(len(rows)):
            if i != pivot_row and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]


def test_a_small_count_and_its_neighbour_are_hidden():
    shown, total = suppress_counts({"Asian": 3, "Black": 12, "White": 40, "Mixed": 0})
    assert shown["Asian"] is None
    # With only one hidden, Asian = total - the rest: the next smallest (not 0) is hidden too.
    assert shown["Black"] is None
    assert shown["White"] == 40 and shown["Mixed"] == 0
    assert total == 55


def test_nothing_is_hidden_when_nothing_is_small():
    shown, total = suppress_counts({"a": 5, "b": 9, "c": 0})
    assert shown == {"a": 5, "b": 9, "c": 0} and total == 14


def test_a_small_count_cannot_be_worked_out_from_several_sums_together():
    # Each sum alone has two hidden figures, yet together they would give C.x = 1; one more
    # figure is hidden so they do not.
    counts = {("C", "x"): 1, ("A", "x"): 4, ("A", "y"): 2, ("B", "w"): 5}
    table = suppress(counts)
    assert table.value("C", "x") is None
    assert ("C", "x") not in _determined(table, counts)


def test_a_small_total_is_hidden_with_its_parts():
    shown, total = suppress_counts({"a": 1, "b": 2})
    assert shown == {"a": None, "b": None} and total is None


counts_2d = st.dictionaries(
    st.tuples(st.sampled_from("ABCD"), st.sampled_from("wxyz")),
    st.one_of(st.integers(0, 6), st.integers(0, 60)),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(counts_2d)
def test_no_hidden_figure_can_be_worked_out_and_shown_figures_are_true(counts):
    table = suppress(counts)
    for (r, c), v in table.cells.items():
        true = counts.get((r, c), 0)
        if 0 < true < 5:
            assert v is None
        assert v is None or v == true
    for r, v in table.row_totals.items():
        true = sum(counts.get((r, c), 0) for c in table.columns)
        assert v is None or v == true
        if 0 < true < 5:
            assert v is None
    # No small figure (a count or a total) can be pinned down from the printed sums. (A hidden
    # count of 0 or of 5 and more that the sums pin down reveals nothing small.)
    true = dict(counts)
    for r in table.rows:
        true[(r, TOTAL)] = sum(counts.get((r, c), 0) for c in table.columns)
    for c in table.columns:
        true[(TOTAL, c)] = sum(counts.get((r, c), 0) for r in table.rows)
    true[(TOTAL, TOTAL)] = sum(counts.values())
    for key in _determined(table, counts):
        assert not 0 < true.get(key, 0) < 5, key
