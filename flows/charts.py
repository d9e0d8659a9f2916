"""Charts for the run reports, drawn as plain SVG (no plotting library) and embedded as data URIs.

Prefect's UI renders markdown artifacts through a sanitiser that keeps `data:` images, so a chart
travels inside the report itself: no file server, no extra artifact store.
"""

from __future__ import annotations

import base64
from calendar import monthrange
from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

BAR_COLOR = "#2563eb"
TEXT_COLOR = "#1f2937"
GRID_COLOR = "#e5e7eb"
MAX_BARS = 15


def bar_chart_svg(title: str, rows: list[tuple[str, int]], width: int = 720) -> str:
    """A horizontal bar chart (label, value) as a standalone SVG document, largest bar first."""
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))[:MAX_BARS]
    label_w = min(220, 12 + 7 * max((len(label) for label, _ in rows), default=4))
    value_w = 90
    bar_h, gap, top = 22, 8, 44
    height = top + len(rows) * (bar_h + gap) + 12
    plot_w = width - label_w - value_w - 16
    peak = max((v for _, v in rows), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="24" font-size="16" font-weight="bold" fill="{TEXT_COLOR}">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(2, round(plot_w * value / peak))
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts += [
            f'<line x1="{label_w}" y1="{y + bar_h + gap / 2}" x2="{label_w + plot_w}" '
            f'y2="{y + bar_h + gap / 2}" stroke="{GRID_COLOR}"/>',
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="{TEXT_COLOR}">'
            f"{escape(shown)}</text>",
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" fill="{BAR_COLOR}"/>',
            f'<text x="{label_w + w + 6}" y="{y + 16}" fill="{TEXT_COLOR}">{value:,}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def svg_data_uri(svg: str) -> str:
    """An SVG document as a base64 data URI (safe inside a markdown image link)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def monthly_sales_by_company(sales: Iterable[Mapping[str, Any]]) -> tuple[date | None, list[tuple[str, int]]]:
    """The latest calendar month the sales facts cover for two or more companies, and each company's
    figure for it (the largest, when articles give several: segment splits are parts of it).

    Only whole-month, company-level (no model), non-regional figures count. With no month naming two
    companies, the latest month naming one; (None, []) when there is no monthly figure at all.
    """
    by_month: dict[date, dict[str, int]] = {}
    for s in sales:
        start, end = _as_date(s.get("period_start")), _as_date(s.get("period_end"))
        if not start or not end or s.get("model") or s.get("region") or s.get("units") is None:
            continue
        if start.day != 1 or end != start.replace(day=monthrange(start.year, start.month)[1]):
            continue
        month = by_month.setdefault(start, {})
        entity = str(s.get("entity") or "?")
        month[entity] = max(month.get(entity, 0), int(s["units"]))
    if not by_month:
        return None, []
    several = [m for m, companies in by_month.items() if len(companies) >= 2]
    month = max(several or by_month)
    return month, sorted(by_month[month].items(), key=lambda kv: (-kv[1], kv[0]))
