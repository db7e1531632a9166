# SPDX-License-Identifier: MPL-2.0
"""Small-number suppression: a cell of 3 shows "< 5", and no total gives it away."""

from __future__ import annotations

import random

from placematch.evaluation import suppress


def _derivable(t: suppress.Table) -> bool:
    """True when some row or column (with its total) has exactly one hidden entry."""
    rows = [[*r, t.row_totals[i]] for i, r in enumerate(t.cells)]
    rows.append([*t.column_totals, t.total])
    columns = [list(c) for c in zip(*rows, strict=True)]
    return any(sum(c.hidden for c in line) == 1 for line in rows + columns)


def test_a_cell_of_three_shows_under_five_and_no_total_reveals_it():
    t = suppress.table([[3, 12], [7, 9]])
    assert t.cells[0][0].text == "< 5"
    assert t.cells[0][1].text == "12" or t.cells[0][1].hidden
    # The row total 15 and the column total 10 would give the 3 away: both are hidden.
    assert t.row_totals[0].hidden and t.column_totals[0].hidden
    assert not _derivable(t)
    assert "3" not in {c.text for row in t.cells for c in row if c.hidden}


def test_zero_and_large_counts_show_and_a_lone_count_under_five_hides():
    assert suppress.cell(0).text == "0"
    assert suppress.cell(5).text == "5"
    assert suppress.cell(4).text == "< 5"
    cells, total = suppress.column([8, 6, 0])
    assert [c.text for c in cells] == ["8", "6", "0"] and total.text == "14"


def test_no_random_table_leaves_a_hidden_count_derivable():
    rng = random.Random(7)
    for _ in range(300):
        counts = [[rng.choice([0, 1, 2, 3, 4, 5, 8, 13]) for _c in range(rng.randint(1, 4))]]
        counts += [
            [rng.choice([0, 2, 5, 9, 20]) for _c in counts[0]] for _r in range(rng.randint(0, 4))
        ]
        t = suppress.table(counts)
        assert not _derivable(t)
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                assert t.cells[i][j].hidden == (0 < value < 5) or t.cells[i][j].hidden
