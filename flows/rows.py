"""Query rows on stdout as an aligned text table, CSV or JSON Lines, written batch by batch.

Streaming keeps `autofacts sql … | head` and large results cheap: nothing waits for the whole result.
In a table, column widths come from the first batch (capped at MAX_WIDTH) and a cell that does not fit
ends in an ellipsis, so a cut value is never mistaken for a whole one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any

MAX_WIDTH = 60
ELLIPSIS = "…"


def cell(value: Any) -> str:
    """A value as one line of text (None as empty)."""
    return "" if value is None else str(value).replace("\r", " ").replace("\n", " ")


def fit(text: str, width: int) -> str:
    """`text` padded to `width`, or cut to it with a trailing ellipsis."""
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(width - 1, 0)] + ELLIPSIS


def write_batches(columns: list[str], batches: Iterable[list[tuple]], fmt: str, out: Any) -> int:
    """Write row batches in `fmt` (table, csv or json); returns the number of rows written."""
    n = 0
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        for rows in batches:
            w.writerows(rows)
            n += len(rows)
        return n
    if fmt == "json":
        for rows in batches:
            for row in rows:
                record = dict(zip(columns, row, strict=True))
                out.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
            n += len(rows)
        return n
    widths: list[int] | None = None
    for rows in batches:
        cells = [[cell(v) for v in row] for row in rows]
        if widths is None:
            widths = _widths(columns, cells)
            _header(columns, widths, out)
        for r in cells:
            out.write("  ".join(fit(v, w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n")
        n += len(rows)
    if widths is None:
        _header(columns, _widths(columns, []), out)
    return n


def table_footer(n: int, truncated: bool) -> str:
    """The closing line of a table: the row count, and how to see more when the cap cut it."""
    shown = f"({n} row{'s' if n != 1 else ''}"
    if truncated:
        return shown + "; more not shown: --limit N or --no-limit)"
    return shown + ")"


def _widths(columns: list[str], cells: list[list[str]]) -> list[int]:
    return [min(MAX_WIDTH, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]


def _header(columns: list[str], widths: list[int], out: Any) -> None:
    out.write("  ".join(fit(c, w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
