# SPDX-License-Identifier: MPL-2.0
"""Small-number suppression: a cell of 3 shows "< 5", and no total gives it away."""

from __future__ import annotations

import random

from placematch.evaluation import suppress


def _derivable(t: suppress.Table, *, total_known: bool = False) -> bool:
    """True when a reader can work out a hidden count of 1-4 from what the table shows.

    Every row and column with its total is an equation; a line with one unknown gives it away,
    and what it gives away may open another line. ``total_known``: the reader knows the grand
    total from the page's headline count.
    """
    rows = [[*r, t.row_totals[i]] for i, r in enumerate(t.cells)]
    rows.append([*t.column_totals, t.total])
    known = {(i, j) for i, r in enumerate(rows) for j, c in enumerate(r) if not c.hidden}
    if total_known:
        known.add((len(rows) - 1, len(rows[0]) - 1))
    lines = [[(i, j) for j in range(len(rows[0]))] for i in range(len(rows))]
    lines += [[(i, j) for i in range(len(rows))] for j in range(len(rows[0]))]
    solved = True
    while solved:
        solved = False
        for line in lines:
            unknown = [p for p in line if p not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                solved = True
    return any(rows[i][j].primary for i, j in known if rows[i][j].hidden)


def test_a_cell_of_three_shows_under_five_and_no_total_reveals_it():
    t = suppress.table([[3, 12], [7, 9]])
    assert t.cells[0][0].text == "< 5"
    assert t.cells[0][1].text == "12" or t.cells[0][1].hidden
    # The row total 15 and the column total 10 would give the 3 away: both are hidden.
    assert t.row_totals[0].hidden and t.column_totals[0].hidden
    assert not _derivable(t)
    assert "3" not in {c.text for row in t.cells for c in row if c.hidden}


def test_the_headline_count_does_not_give_a_hidden_cell_away():
    # 9 placements in the headline: 7 new, 2 changes of place, 0 re-placements. Showing the 7
    # and the 0 would give the 2 away, so the 7 is hidden too and the total stays shown.
    t = suppress.table([[7, 2, 0]])
    assert [c.text for c in t.column_totals] == ["skjult", "< 5", "0"] or [
        c.hidden for c in t.column_totals
    ] == [True, True, False]
    assert t.total.text == "9"
    assert not _derivable(t, total_known=True)
    cells, total = suppress.column([7, 2])
    assert [c.hidden for c in cells] == [True, True] and total.text == "9"


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
        # A grand total of 1-4 is small itself: no page prints it as a headline.
        assert not _derivable(t, total_known=not t.total.primary)
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                assert t.cells[i][j].hidden == (0 < value < 5) or t.cells[i][j].hidden
