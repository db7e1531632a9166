# SPDX-License-Identifier: MPL-2.0
"""evaluation: small-number suppression for every table and chart (cells of 1-4, and totals).

A count of 1 to 4, a cell's or a total's, is shown as "< 5" (primary suppression). A total
or cell that would let a reader work out a hidden count is hidden too (secondary suppression):
every row and column of a table with its total is one equation, and no equation may have
exactly one unknown. The grand total counts as known: the pages print the number of placements
in the period above every table, so hiding the grand total would not hide it, and another
cell is hidden instead. Zero is shown: it names no child. Rates and intervals built on a
hidden count are hidden with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

THRESHOLD = 5


@dataclass(frozen=True, slots=True)
class Cell:
    """One count as a page shows it."""

    value: int
    hidden: bool
    primary: bool

    @property
    def text(self) -> str:
        if not self.hidden:
            return str(self.value)
        return "< 5" if self.primary else _("hidden")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Table:
    """Counts with row totals, column totals and the grand total, suppressed together."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


def small(value: int) -> bool:
    return 0 < value < THRESHOLD


def cell(value: int) -> Cell:
    """A lone count with no total beside it."""
    return Cell(value, small(value), small(value))


def table(counts: list[list[int]], *, public_total: bool = True) -> Table:
    """Suppress a rows x columns table of counts and its totals so no hidden count shows.

    ``public_total``: the grand total is printed elsewhere on the page (the headline count), so
    it is never hidden as a secondary cell; a line that would need it hidden hides its smallest
    shown cell instead.
    """
    rows, cols = len(counts), len(counts[0]) if counts else 0
    # The full grid: cells, a total column at index ``cols`` and a total row at ``rows``.
    grid = [[*r, sum(r)] for r in counts]
    grid.append([sum(counts[i][j] for i in range(rows)) for j in range(cols)])
    grid[rows].append(sum(grid[rows][:cols]))
    # A total of 1-4 is itself a small count, hidden like a cell.
    primary = {(i, j) for i in range(rows + 1) for j in range(cols + 1) if small(grid[i][j])}
    hidden = set(primary)
    fixed = {(rows, cols)} if public_total and (rows, cols) not in primary else set()
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [p for p in line if p in hidden]
            if len(unknown) != 1:
                continue
            total = line[-1]
            if total not in hidden and total not in fixed:
                hidden.add(total)
            else:
                known = [
                    p
                    for p in line[:-1]
                    if p not in hidden and p not in fixed and grid[p[0]][p[1]] > 0
                ]
                if not known:
                    continue
                hidden.add(min(known, key=lambda p: grid[p[0]][p[1]]))
            changed = True

    def at(i: int, j: int) -> Cell:
        return Cell(grid[i][j], (i, j) in hidden, (i, j) in primary)

    return Table(
        cells=tuple(tuple(at(i, j) for j in range(cols)) for i in range(rows)),
        row_totals=tuple(at(i, cols) for i in range(rows)),
        column_totals=tuple(at(rows, j) for j in range(cols)),
        total=at(rows, cols),
    )


def column(counts: list[int], *, public_total: bool = True) -> tuple[tuple[Cell, ...], Cell]:
    """One column of counts and its total."""
    t = table([[c] for c in counts], public_total=public_total)
    return tuple(r[0] for r in t.cells), t.total
