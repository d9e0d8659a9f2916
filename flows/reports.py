"""Markdown run reports and progress artifacts for the Prefect UI.

`render_report` is a pure function over the dicts the steps return (so it is tested without a
server): pages by outcome, one row (and bar) per source, articles, a chart of the month's sales by
company, the newest facts with evidence and article links, unresolved names. `facts_table` turns
every fact of the run into the rows of a Prefect table artifact. `publish_report`,
`publish_facts_table` and `Progress` put the results into Prefect artifacts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

TOP_N = 10
EVIDENCE_CHARS = 240
LINK_CHARS = 60  # article titles as link text
BAR_WIDTH = 12  # characters of the widest per-source bar (a wider table runs off the Prefect UI)

# Crawl counters shown in the "Pages" table, in this order (anything else is appended).
PAGE_KEYS = (
    "discovered",
    "requested",
    "fetched",
    "not_modified",
    "unchanged",
    "out_of_window",
    "bytes",
    "downloaded_bytes",
)


def _cell(value: Any, limit: int | None = None) -> str:
    """A value made safe for one markdown table cell."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " + ".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        value = value.isoformat()
    text = clip(" ".join(str(value).split()), limit)
    return text.replace("|", "\\|")


def clip(text: str, limit: int | None) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut."""
    if not limit or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a word boundary not too far back; otherwise cut inside the long word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


class Markdown(str):
    """A cell already in markdown (a link): `_table` leaves it as it is."""


def _table(header: list[str], rows: Iterable[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(v if isinstance(v, Markdown) else _cell(v, EVIDENCE_CHARS) for v in row) + " |"
        for row in rows
    ]
    return lines


def _fact_item(who: str, detail: str, published: Any, source: str, evidence: Any) -> list[str]:
    """One fact as a list item with its evidence quoted under it: unlike a table row, it wraps in the
    Prefect UI, so the evidence and the article link stay on screen."""
    when = f" · published {_cell(published)}" if published else ""
    quote = clip(" ".join(str(evidence or "").split()), EVIDENCE_CHARS)
    return [f"- **{who}** · {detail}{when} · {source}"] + ([f"  > {quote}"] if quote else [])


def _counts(value: Any) -> dict[str, int]:
    """A {reason: n} mapping from a dict, a list of (reason, n) pairs or a list of dicts."""
    if not value:
        return {}
    if isinstance(value, Mapping):
        return {str(k): int(v) for k, v in value.items()}
    out: Counter[str] = Counter()
    for item in value:
        if isinstance(item, Mapping):
            key = item.get("reason") or item.get("name") or item.get("key")
            out[str(key)] += int(item.get("n") or item.get("count") or item.get("pages") or 1)
        elif isinstance(item, list | tuple) and len(item) == 2:
            out[str(item[0])] += int(item[1])
        else:
            out[str(item)] += 1
    return dict(out)


def _total(value: Any) -> int:
    if isinstance(value, int | float):
        return int(value)
    return sum(_counts(value).values())


def _first(report: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    """The value of the first of `keys` present (and not None) in `report`."""
    for key in keys:
        if report.get(key) is not None:
            return report[key]
    return default


def _facts(report: Mapping[str, Any], kind: str, extract_stats: Mapping[str, Any]) -> tuple[list, int]:
    """(top facts, total count) of `kind` from a run report: `top_<kind>` rows and a `<kind>` count
    (older shapes: `<kind>` as the list itself)."""
    top = report.get(f"top_{kind}")
    total = report.get(kind)
    if top is None and isinstance(total, list):
        top, total = total, len(total)
    top = list(top or [])
    if not isinstance(total, int):
        total = extract_stats.get(kind, len(top))
    return top, int(total)


def _entity(row: Mapping[str, Any]) -> str:
    entity, model = _cell(row.get("entity")), _cell(row.get("model"))
    return f"{entity} ({model})" if model else entity


def _companies(row: Mapping[str, Any]) -> str:
    if row.get("companies"):
        return _cell(row["companies"])
    a, b = row.get("company_a"), row.get("company_b")
    return _cell([a, b]) if a or b else ""


def _source(row: Mapping[str, Any]) -> str:
    """The article as a markdown link, its title (clipped) as the text."""
    url = row.get("url") or row.get("article_url") or row.get("canonical_url")
    if not url:
        return _cell(row.get("article_id") or row.get("id"))
    text = _cell(row.get("title"), LINK_CHARS) or _cell(str(url).rstrip("/").rsplit("/", 1)[-1], LINK_CHARS)
    text = text.replace("[", "(").replace("]", ")") or "article"
    href = str(url).replace(" ", "%20").replace("|", "%7C").replace("(", "%28").replace(")", "%29")
    return Markdown(f"[{text}]({href})")


def _period(row: Mapping[str, Any]) -> str:
    start, end = row.get("period_start"), row.get("period_end")
    if start and end and start != end:
        return f"{_cell(start)} – {_cell(end)}"
    return _cell(start or end or row.get("period"))


def _unresolved(value: Any) -> list[tuple[str, int]]:
    if not value:
        return []
    if isinstance(value, Mapping):
        pairs = [(str(k), int(v)) for k, v in value.items()]
    else:
        pairs = []
        for item in value:
            if isinstance(item, Mapping):
                name = item.get("name") or item.get("text") or item.get("mention")
                pairs.append(
                    (str(name), int(item.get("n") or item.get("count") or item.get("mentions") or 1))
                )
            elif isinstance(item, list | tuple) and len(item) == 2:
                pairs.append((str(item[0]), int(item[1])))
            else:
                pairs.append((str(item), 1))
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def render_report(
    title: str,
    *,
    params: Mapping[str, Any] | None = None,
    crawl: Mapping[str, Any] | None = None,
    report: Mapping[str, Any] | None = None,
    stats: Mapping[str, Any] | None = None,
    status: str = "completed",
    facts_label: str = "New",
    facts: Mapping[str, Any] | None = None,
    facts_key: str | None = None,
) -> str:
    """A markdown run report: pages by outcome and by source, articles, skips, a chart of the month's
    sales by company, the newest facts with evidence and links, unresolved names.

    `crawl` is the CrawlResult.stats of the run (absent for reprocess), `report` is steps.run_report(),
    `stats` the clean/extract counters the flow collected and `facts` steps.run_facts() (every fact of
    the run; the top rows and the chart come from it when given). `facts_key` names the table
    artifact holding all facts, for the "… and N more" lines. Every section tolerates missing data.
    """
    report = dict(report or {})
    crawl = dict(crawl or {})
    stats = dict(stats or {})
    if facts:  # the full lists replace the report's top 10
        report["top_partnerships"] = list(facts.get("partnerships") or [])
        report["top_sales"] = list(facts.get("sales") or [])
        report["partnerships"] = int(facts.get("n_partnerships", len(report["top_partnerships"])))
        report["sales"] = int(facts.get("n_sales", len(report["top_sales"])))
    lines = [f"# {title}", "", f"**Status:** {status}"]
    if params:
        shown = ", ".join(f"{k}=`{_cell(v)}`" for k, v in params.items() if v not in (None, [], ""))
        lines += ["", f"**Parameters:** {shown or 'defaults'}"]

    # Pages (the crawl's own counters first, the warehouse's fetch log as fallback)
    if crawl or any(report.get(k) for k in ("fetched", "not_modified", "failed")):
        pages: dict[str, Any] = {}
        for key in PAGE_KEYS:
            value = crawl.get(key, report.get(key))
            if value is not None:
                pages[key] = value
        failed = _counts(crawl.get("failed")) or _counts(report.get("failed_by_reason"))
        if not failed and isinstance(report.get("failed"), int | dict):
            failed = _counts(report["failed"]) if isinstance(report["failed"], dict) else {}
        n_failed = sum(failed.values()) or (
            report.get("failed") if isinstance(report.get("failed"), int) else 0
        )
        lines += ["", "## Pages", ""]
        lines += _table(["outcome", "pages"], [[k.replace("_", " "), v] for k, v in pages.items()])
        lines += [f"| failed | {n_failed} |"]
        if failed:
            lines += ["", "Failed by reason:", ""]
            lines += _table(["reason", "pages"], sorted(failed.items(), key=lambda kv: (-kv[1], kv[0])))
    lines += _sources_section(
        stats.get("source_outcomes") or stats.get("sources") or report.get("sources") or crawl.get("sources")
    )

    # Articles
    clean_stats = stats.get("clean") or {}
    new_articles = _first(report, "new_articles", default=clean_stats.get("articles", 0))
    duplicates = _first(report, "duplicates", default=clean_stats.get("duplicates", 0))
    skipped = _counts(_first(report, "skipped_by_reason", "skipped", default=clean_stats.get("skipped")))
    rows = [["new articles", _total(new_articles)]]
    if report.get("recleaned_articles"):
        rows.append(["re-cleaned articles", _total(report["recleaned_articles"])])
    rows += [["duplicates", _total(duplicates)], ["skipped", sum(skipped.values())]]
    lines += ["", "## Articles", ""]
    lines += _table(["outcome", "count"], rows)
    if skipped:
        lines += ["", "Skipped by reason:", ""]
        lines += _table(["reason", "pages"], sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))

    # Facts: counts of everything this run extracted, a chart, the top 10 with evidence
    extract_stats = stats.get("extract") or {}
    partnerships, n_partnerships = _facts(report, "partnerships", extract_stats)
    sales, n_sales = _facts(report, "sales", extract_stats)
    lines += _chart_section(sales)
    lines += ["", f"## {facts_label} partnerships ({n_partnerships})", ""]
    if partnerships:
        for p in partnerships[:TOP_N]:
            detail = ", ".join(str(x) for x in (p.get("kind"), p.get("status")) if x)
            lines += _fact_item(_companies(p), detail, p.get("published"), _source(p),
                                p.get("evidence") or p.get("sentence"))
        lines += _more(n_partnerships, min(len(partnerships), TOP_N), facts_key)
    else:
        lines += ["None."]
    lines += ["", f"## {facts_label} sales figures ({n_sales})", ""]
    if sales:
        for f in sales[:TOP_N]:
            detail = " ".join(str(x) for x in (_units(f), f.get("metric"), _period(f)) if x)
            detail += f" ({f['region']})" if f.get("region") else ""
            lines += _fact_item(_entity(f), detail, f.get("published"), _source(f),
                                f.get("evidence") or f.get("sentence"))
        lines += _more(n_sales, min(len(sales), TOP_N), facts_key)
    else:
        lines += ["None."]

    # Unresolved names
    unresolved = _unresolved(_first(report, "unresolved_names", "unresolved", "unresolved_companies"))
    lines += ["", f"## Unresolved company names ({len(unresolved)})", ""]
    if unresolved:
        lines += _table(["name", "mentions"], unresolved[: TOP_N * 2])
        lines += _more(len(unresolved), TOP_N * 2, None, "`autofacts companies unresolved`")
    else:
        lines += ["None."]
    return "\n".join(lines) + "\n"


def _more(total: int, shown: int, facts_key: str | None, where: str | None = None) -> list[str]:
    """"… and N more" under a table that shows fewer rows than its header counts."""
    if total <= shown:
        return []
    where = where or (f"the `{facts_key}` table artifact" if facts_key else None)
    return ["", f"… and {total - shown:,} more" + (f" (all {total:,} in {where})" if where else "") + "."]


# per-source counters shown, in this order, when the stats carry them
# Few enough columns to stay on screen in the Prefect UI; every count is in the source_runs table.
SOURCE_KEYS = ("discovered", "fetched", "not_modified", "failed", "discovery_failed", "articles",
               "partnerships", "sales")
# per-source text columns (flows.outcomes rows): ok/failed and the discovery outcome first, why last
SOURCE_STATE = ("status", "outcome", "discovery")
SOURCE_WHY = ("failed_by_reason", "reason", "error")


def _source_rows(value: Any) -> list[tuple[str, dict[str, Any]]]:
    """(name, counters) per source from {name: {...}} or [{"source"|"name": ..., ...}, ...]."""
    if isinstance(value, Mapping):
        return [(str(k), dict(v)) for k, v in value.items() if isinstance(v, Mapping)]
    rows = []
    for item in value or []:
        if isinstance(item, Mapping):
            rows.append((str(item.get("source") or item.get("name") or "?"), dict(item)))
    return rows


def _sources_section(value: Any) -> list[str]:
    """One row per source, with a bar of its fetched pages (the crawl's per-source stats)."""
    rows = _source_rows(value)
    if not rows:
        return []
    keys = [k for k in SOURCE_KEYS if any(k in r for _, r in rows)]
    state = [k for k in SOURCE_STATE if any(r.get(k) for _, r in rows)]
    why = [k for k in SOURCE_WHY if any(r.get(k) for _, r in rows)]
    peak = max((_total(r.get("fetched")) for _, r in rows), default=0) or 1

    def text(value: Any) -> Any:
        return _reason_text(value) if isinstance(value, Mapping) else value

    body = []
    for name, r in rows:
        fetched = _total(r.get("fetched"))
        bar = "█" * round(BAR_WIDTH * fetched / peak) if fetched else "·"
        body.append([name, *(text(r.get(k)) for k in state), bar, *(_total(r.get(k)) for k in keys),
                     *(text(r.get(k)) for k in why)])
    header = ["source", *state, "fetched pages", *(k.replace("_", " ") for k in keys), *why]
    return ["", f"## Sources ({len(rows)})", "", *_table(header, body)]


def _reason_text(counts: Mapping[str, Any]) -> str:
    """{reason: n} as "reason n, reason n" (largest first)."""
    return ", ".join(f"{k} {v}" for k, v in sorted(_counts(counts).items(), key=lambda kv: (-kv[1], kv[0])))


def _chart_section(sales: list[Mapping[str, Any]]) -> list[str]:
    """The month's sales by company as an embedded SVG bar chart (nothing without monthly figures)."""
    from flows.charts import bar_chart_svg, monthly_sales_by_company, svg_data_uri

    month, rows = monthly_sales_by_company(sales)
    if month is None:
        return []
    title = f"Sales by company, {month:%B %Y}"
    svg = bar_chart_svg(title + " (units)", rows)
    companies = f"{len(rows)} compan{'y' if len(rows) == 1 else 'ies'}"
    return ["", f"## {title}", "", f"![{title}]({svg_data_uri(svg)})", "",
            f"{companies}: the largest figure each reported for the month (whole company, worldwide)."]


def facts_table(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every fact of a run as rows of one Prefect table artifact (partnerships, then sales)."""
    rows: list[dict[str, Any]] = []
    for p in facts.get("partnerships") or []:
        rows.append({
            "fact": "partnership",
            "who": _companies(p),
            "what": " ".join(x for x in (p.get("kind"), p.get("status")) if x),
            "published": _cell(p.get("published")),
            "article": p.get("url") or "",
            "source": p.get("source") or "",
            "evidence": " ".join(str(p.get("sentence") or p.get("evidence") or "").split()),
        })
    for s in facts.get("sales") or []:
        what = f"{_units(s)} {s.get('metric') or ''} {_period(s)}".strip()
        if s.get("region"):
            what += f" ({s['region']})"
        rows.append({
            "fact": "sales",
            "who": _entity(s),
            "what": what,
            "published": _cell(s.get("published")),
            "article": s.get("url") or "",
            "source": s.get("source") or "",
            "evidence": " ".join(str(s.get("sentence") or s.get("evidence") or "").split()),
        })
    return rows


def _units(row: Mapping[str, Any]) -> str:
    units = row.get("units")
    if units is None:
        return ""
    text = f"{int(units):,}"
    return ("~" + text) if row.get("approximate") else text


def merge_reports(reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Several run reports (one per backfill chunk) folded into one: counters summed, lists joined."""
    merged: dict[str, Any] = {}
    for report in reports:
        for key, value in report.items():
            if isinstance(value, bool) or value is None:
                merged.setdefault(key, value)
            elif isinstance(value, int | float):
                merged[key] = merged.get(key, 0) + value
            elif isinstance(value, Mapping):
                if all(isinstance(v, int | float) for v in value.values()):
                    acc = Counter(merged.get(key) or {})
                    acc.update({str(k): v for k, v in value.items()})
                    merged[key] = dict(acc)
                elif value and all(isinstance(v, Mapping) for v in value.values()):  # per source
                    acc_map = dict(merged.get(key) or {})
                    for k, v in value.items():
                        acc_map[k] = merge_reports([acc_map.get(k) or {}, v])
                    merged[key] = acc_map
                else:
                    merged.setdefault(key, {})
                    merged[key] = {**merged[key], **value}
            elif isinstance(value, list):
                merged[key] = list(merged.get(key) or []) + list(value)
            else:
                merged[key] = value
    for key in ("unresolved", "unresolved_names"):
        if isinstance(merged.get(key), list):
            acc: Counter[str] = Counter()
            for name, n in _unresolved(merged[key]):
                acc[name] += n
            merged[key] = dict(acc)
    for key in ("top_partnerships", "top_sales"):  # newest first, as each run's own top list
        if isinstance(merged.get(key), list):
            merged[key] = sorted(merged[key], key=lambda r: str(r.get("published") or ""), reverse=True)
    return merged


def publish_report(key: str, markdown: str, description: str) -> UUID | None:
    """Attach the report to the current flow run as a markdown artifact (no-op outside a run)."""
    from prefect.artifacts import create_markdown_artifact
    from prefect.context import FlowRunContext, TaskRunContext

    if FlowRunContext.get() is None and TaskRunContext.get() is None:
        return None
    return create_markdown_artifact(markdown=markdown, key=key, description=description)


def publish_facts_table(key: str, facts: Mapping[str, Any], description: str) -> UUID | None:
    """Every fact of the run as a table artifact (no-op outside a run, or without facts)."""
    from prefect.artifacts import create_table_artifact
    from prefect.context import FlowRunContext, TaskRunContext

    rows = facts_table(facts)
    if not rows or (FlowRunContext.get() is None and TaskRunContext.get() is None):
        return None
    return create_table_artifact(table=rows, key=key, description=description)


class Progress:
    """A progress artifact (0-100 %) moved chunk by chunk; silent outside a flow run."""

    def __init__(self, key: str, total: int, description: str, stage: str = "chunks") -> None:
        from prefect.artifacts import create_progress_artifact
        from prefect.context import FlowRunContext

        self.total = max(total, 1)
        self.stage = stage
        self.artifact_id: UUID | None = None
        if FlowRunContext.get() is not None:
            self.artifact_id = create_progress_artifact(progress=0.0, key=key, description=description)

    def update(self, done: int, description: str | None = None) -> float:
        """Set progress to done/total (also a progress line in the run log); returns the percentage."""
        from prefect.artifacts import update_progress_artifact
        from prefect.logging import get_run_logger

        from flows.console import ProgressLine

        pct = round(100.0 * min(done, self.total) / self.total, 1)
        if self.artifact_id is not None:
            update_progress_artifact(artifact_id=self.artifact_id, progress=pct, description=description)
            get_run_logger().info(ProgressLine(description or f"{done}/{self.total}", self.stage, done,
                                               self.total))
        return pct
