"""Extracted facts → `partnership_mentions`, `sales_mentions`, `company_mentions`, `extractions`;
the company table; the unresolved-name report.

Re-extracting an article replaces its facts: delete-then-insert per batch of articles inside one
transaction, from Arrow tables. The aggregates (`partnerships`, `sales`) are views over these
tables, so they are current as soon as the transaction commits.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from transforms.records import ArticleFacts, Company
from warehouse.articles import registered
from warehouse.db import transaction

log = logging.getLogger(__name__)

_EVIDENCE = [("sentence", pa.string()), ("section", pa.string()), ("start_offset", pa.int32()),
             ("end_offset", pa.int32())]  # fmt: skip
_PARTNERSHIPS = pa.schema(
    [("article_id", pa.string()), ("company_a", pa.string()), ("company_b", pa.string()),
     ("company_a_id", pa.string()), ("company_b_id", pa.string()), ("kind", pa.string()),
     ("status", pa.string()), ("brand", pa.string()), *_EVIDENCE, ("published", pa.date32()),
     ("extractor_version", pa.string()), ("confidence", pa.float64()), ("stated", pa.bool_())]
)  # fmt: skip
_SALES = pa.schema(
    [("article_id", pa.string()), ("entity", pa.string()), ("entity_id", pa.string()), ("brand", pa.string()),
     ("model", pa.string()), ("units", pa.int64()), ("approximate", pa.bool_()), ("metric", pa.string()),
     ("period_start", pa.date32()), ("period_end", pa.date32()), ("region", pa.string()),
     ("optional_comparison", pa.bool_()), *_EVIDENCE, ("published", pa.date32()),
     ("extractor_version", pa.string()), ("segment", pa.string()), ("confidence", pa.float64()),
     ("stated", pa.bool_())]
)  # fmt: skip
_MENTIONS = pa.schema(
    [("article_id", pa.string()), ("name", pa.string()), ("company_id", pa.string()),
     ("mention_text", pa.string()), ("start_offset", pa.int32()), ("end_offset", pa.int32()),
     ("extractor_version", pa.string())]
)  # fmt: skip
_EXTRACTIONS = pa.schema(
    [("article_id", pa.string()), ("extractor_version", pa.string()), ("n_partnerships", pa.int32()),
     ("n_sales", pa.int32())]
)  # fmt: skip
_COMPANIES = pa.schema(
    [("id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("country", pa.string()),
     ("parent_id", pa.string()), ("aliases", pa.list_(pa.string()))]
)  # fmt: skip


def _fact_tables(
    facts: list[ArticleFacts], published: dict[str, date | None]
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    partnerships: list[dict[str, Any]] = []
    sales: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    extractions: list[dict[str, Any]] = []
    for f in facts:
        pub = published.get(f.id)
        for p in f.partnerships:
            a, b, a_id, b_id = p.company_a, p.company_b, p.company_a_id, p.company_b_id
            ev = p.evidence
            partnerships.append(
                {"article_id": f.id, "company_a": a, "company_b": b, "company_a_id": a_id,
                 "company_b_id": b_id,
                 "kind": p.kind, "status": p.status, "brand": p.brand, "sentence": ev.sentence,
                 "section": ev.section, "start_offset": ev.start, "end_offset": ev.end, "published": pub,
                 "extractor_version": f.extractor_version, "confidence": p.confidence, "stated": p.stated}
            )  # fmt: skip
        for s in f.sales:
            ev = s.evidence
            sales.append(
                {"article_id": f.id, "entity": s.entity, "entity_id": s.entity_id, "brand": s.brand,
                 "model": s.model, "units": s.units, "approximate": s.approximate, "metric": s.metric,
                 "period_start": s.period_start, "period_end": s.period_end, "region": s.region,
                 "optional_comparison": s.optional_comparison, "sentence": ev.sentence, "section": ev.section,
                 "start_offset": ev.start, "end_offset": ev.end, "published": pub,
                 "extractor_version": f.extractor_version, "segment": s.segment, "confidence": s.confidence,
                 "stated": s.stated}
            )  # fmt: skip
        for m in f.mentions:
            mentions.append(
                {"article_id": f.id, "name": m.name, "company_id": m.company_id, "mention_text": m.text,
                 "start_offset": m.start, "end_offset": m.end, "extractor_version": f.extractor_version}
            )  # fmt: skip
        extractions.append(
            {"article_id": f.id, "extractor_version": f.extractor_version,
             "n_partnerships": sum(p.stated for p in f.partnerships),
             "n_sales": sum(s.stated for s in f.sales)}
        )  # fmt: skip
    return (
        pa.Table.from_pylist(partnerships, schema=_PARTNERSHIPS),
        pa.Table.from_pylist(sales, schema=_SALES),
        pa.Table.from_pylist(mentions, schema=_MENTIONS),
        pa.Table.from_pylist(extractions, schema=_EXTRACTIONS),
    )


def store_facts(
    con: duckdb.DuckDBPyConnection,
    facts: list[ArticleFacts],
    *,
    run_id: str,
    published: dict[str, date | None],
) -> dict[str, Any]:
    """Replace the facts of each article in `facts` (one transaction, set-based via Arrow).

    `published` gives each article's publication date (falls back to articles.published). Facts
    for ids that are not stored articles are left out and named in `errors`. Returns counts.
    """
    latest = {f.id: f for f in facts}  # one result per article: the last given wins
    ids = pa.table({"id": pa.array(list(latest), pa.string())})
    with registered(con, "_fact_ids", ids):
        known = {
            r[0]
            for r in con.execute("SELECT id FROM articles WHERE id IN (SELECT id FROM _fact_ids)").fetchall()
        }
    errors = [f"{i}: no such article in the warehouse; facts not stored" for i in latest if i not in known]
    for line in errors:
        log.warning(line)
    kept = [f for i, f in latest.items() if i in known]
    pm, sm, cm, ex = _fact_tables(kept, published)
    now = datetime.now(UTC)
    with (
        transaction(con),
        registered(con, "_pm", pm),
        registered(con, "_sm", sm),
        registered(con, "_cm", cm),
        registered(con, "_ex", ex),
    ):
        for table in ("partnership_mentions", "sales_mentions", "company_mentions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ex)")
        # Resolved names become the table's canonical name (as written kept in *_text), and each
        # pair is put in alphabetical order, so A–B and B–A, "JAC" and "Jianghuai", are one partnership.
        con.execute(
            """
            INSERT INTO partnership_mentions BY NAME
            WITH n AS (
                SELECT f.*,
                       coalesce(ca.name, f.company_a) AS name_a,
                       coalesce(cb.name, f.company_b) AS name_b,
                       coalesce(ca.name, f.company_a) <= coalesce(cb.name, f.company_b) AS in_order
                FROM _pm f
                LEFT JOIN companies ca ON ca.id = f.company_a_id
                LEFT JOIN companies cb ON cb.id = f.company_b_id
            )
            SELECT n.article_id,
                   CASE WHEN in_order THEN name_a ELSE name_b END AS company_a,
                   CASE WHEN in_order THEN name_b ELSE name_a END AS company_b,
                   CASE WHEN in_order THEN n.company_a_id ELSE n.company_b_id END AS company_a_id,
                   CASE WHEN in_order THEN n.company_b_id ELSE n.company_a_id END AS company_b_id,
                   CASE WHEN in_order THEN n.company_a ELSE n.company_b END AS company_a_text,
                   CASE WHEN in_order THEN n.company_b ELSE n.company_a END AS company_b_text,
                   n.kind, n.status, n.brand, n.sentence, n.section, n.start_offset, n.end_offset,
                   coalesce(n.published, a.published) AS published, n.extractor_version, $run AS run_id,
                   n.confidence, n.stated
            FROM n LEFT JOIN articles a ON a.id = n.article_id
            """,
            {"run": run_id},
        )
        con.execute(
            """
            INSERT INTO sales_mentions BY NAME
            SELECT f.article_id, coalesce(c.name, f.entity) AS entity, f.entity AS entity_text, f.entity_id,
                   f.brand, f.model, f.units, f.approximate, f.metric, f.period_start, f.period_end,
                   f.region, f.optional_comparison, f.sentence, f.section, f.start_offset, f.end_offset,
                   coalesce(f.published, a.published) AS published, f.extractor_version, $run AS run_id,
                   f.segment, f.confidence, f.stated
            FROM _sm f
            LEFT JOIN articles a ON a.id = f.article_id
            LEFT JOIN companies c ON c.id = f.entity_id
            """,
            {"run": run_id},
        )
        con.execute("INSERT INTO company_mentions SELECT *, $run FROM _cm", {"run": run_id})
        con.execute(
            """
            INSERT INTO extractions
            SELECT e.article_id, e.extractor_version, a.content_hash, $run, $now, e.n_partnerships, e.n_sales
            FROM _ex e JOIN articles a ON a.id = e.article_id
            ON CONFLICT (article_id) DO UPDATE SET
                extractor_version = excluded.extractor_version, content_hash = excluded.content_hash,
                run_id = excluded.run_id, extracted_at = excluded.extracted_at,
                n_partnerships = excluded.n_partnerships, n_sales = excluded.n_sales
            """,
            {"run": run_id, "now": now},
        )
    return {
        "articles": ex.num_rows,
        "partnerships": pm.num_rows,
        "sales": sm.num_rows,
        "mentions": cm.num_rows,
        "errors": errors,
    }


def sync_companies(con: duckdb.DuckDBPyConnection, companies: list[Company], version: str) -> dict[str, int]:
    """Make `companies` equal the curated list (upsert, then drop ids no longer listed).

    An empty list is ignored rather than wiping the table.
    """
    if not companies:
        return {"companies": con.execute("SELECT count(*) FROM companies").fetchone()[0], "removed": 0}
    by_id = {c.id: c for c in companies}
    table = pa.Table.from_pylist(
        [
            {"id": c.id, "name": c.name, "kind": c.kind, "country": c.country, "parent_id": c.parent_id,
             "aliases": list(c.aliases)}
            for c in by_id.values()
        ],
        schema=_COMPANIES,
    )  # fmt: skip
    with transaction(con), registered(con, "_companies", table):
        removed = con.execute("DELETE FROM companies WHERE id NOT IN (SELECT id FROM _companies)").fetchone()[
            0
        ]
        con.execute(
            """
            INSERT INTO companies SELECT c.*, $version FROM _companies c
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                country = excluded.country,
                parent_id = excluded.parent_id, aliases = excluded.aliases, version = excluded.version
            """,
            {"version": version},
        )
    return {"companies": table.num_rows, "removed": int(removed)}


def unresolved_companies(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[tuple[str, int]]:
    """Names not in the company table with how often they were mentioned, most frequent first."""
    return [
        (r[0], int(r[1]))
        for r in con.execute("SELECT name, mentions FROM v_unresolved_companies LIMIT ?", [limit]).fetchall()
    ]
