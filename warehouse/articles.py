"""Cleaning results ↔ `articles` and `skipped_pages`, and the articles awaiting extraction.

Writes go through Arrow tables registered with DuckDB and one upsert per table, so a batch is a
few statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.dedupe import sketch_bytes
from transforms.records import Article, Skip
from warehouse.db import registered, transaction
from warehouse.pages import copy_to_parquet, date_window

DUPLICATE_PREFIX = "duplicate_of:"

_ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("title", pa.string()),
        ("author", pa.string()), ("published", pa.date32()), ("language", pa.string()),
        ("sitename", pa.string()), ("text", pa.string()), ("content_hash", pa.string()),
        ("simhash", pa.uint64()), ("duplicate_of", pa.string()), ("body_sha1", pa.string()),
        ("text_cut", pa.string()), ("minhash", pa.binary()),
    ]
)  # fmt: skip
_SKIP_SCHEMA = pa.schema(
    [("page_id", pa.string()), ("url", pa.string()), ("reason", pa.string()), ("detail", pa.string()),
     ("body_sha1", pa.string())]
)  # fmt: skip


def duplicate_index_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(id, content_hash, simhash) of stored original articles, first seen first: seeds the dedupe index."""
    rows = con.execute(
        "SELECT id, content_hash, simhash FROM articles WHERE duplicate_of IS NULL ORDER BY first_seen_at, id"
    ).fetchall()
    return [(r[0], r[1] or "", int(r[2] or 0)) for r in rows]


def duplicate_index_seed(
    con: duckdb.DuckDBPyConnection, batch_rows: int = 50_000
) -> Iterator[tuple[str, str, int, date | None, str, bytes | None]]:
    """(id, content_hash, simhash, published, url, minhash) of every stored original, in one streamed pass.

    Read as Arrow record batches (never the text), so seeding costs O(n) in rows and bounded memory
    beyond the index itself.
    """
    reader = con.sql(
        "SELECT id, content_hash, simhash, published, url, minhash FROM articles"
        " WHERE duplicate_of IS NULL ORDER BY id"
    ).to_arrow_reader(batch_rows)
    for batch in reader:
        cols = batch.to_pydict()
        yield from zip(
            cols["id"], [h or "" for h in cols["content_hash"]], [int(x or 0) for x in cols["simhash"]],
            cols["published"], [u or "" for u in cols["url"]], cols["minhash"], strict=True,
        )  # fmt: skip


def articles_without_minhash(con: duckdb.DuckDBPyConnection, batch_size: int = 500) -> Iterator[list[tuple]]:
    """(id, text) of originals stored before sketches were kept, in batches: the sketch is computed once."""
    after = ""
    while True:
        rows = con.execute(
            "SELECT id, text FROM articles WHERE minhash IS NULL AND duplicate_of IS NULL AND id > $after"
            " ORDER BY id LIMIT $n",
            {"after": after, "n": batch_size},
        ).fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def store_minhash(con: duckdb.DuckDBPyConnection, sketches: dict[str, bytes]) -> None:
    """Keep the sketches computed for older articles (articles.minhash)."""
    table = pa.table({"id": list(sketches), "minhash": list(sketches.values())},
                     schema=pa.schema([("id", pa.string()), ("minhash", pa.binary())]))
    with transaction(con), registered(con, "_minhash", table):
        con.execute("UPDATE articles SET minhash = m.minhash FROM _minhash m WHERE articles.id = m.id")


def repoint_duplicates(con: duckdb.DuckDBPyConnection, moved: dict[str, str]) -> int:
    """Copies recorded as duplicates of a demoted original now name its new original; returns rows."""
    if not moved:
        return 0
    table = pa.table({"old": list(moved), "new": list(moved.values())})
    with transaction(con), registered(con, "_moved", table):
        n = _count(con.execute(
            "UPDATE skipped_pages SET reason = $p || m.new FROM _moved m"
            " WHERE skipped_pages.reason = $p || m.old",
            {"p": DUPLICATE_PREFIX},
        ))
        n += _count(con.execute(
            "UPDATE articles SET duplicate_of = m.new FROM _moved m WHERE articles.duplicate_of = m.old"
        ))
    return n


def store_clean_results(
    con: duckdb.DuckDBPyConnection,
    articles: list[Article],
    skips: list[Skip],
    *,
    run_id: str,
    cleaner_version: str,
    body_sha1: dict[str, str],
) -> dict[str, int]:
    """Upsert a batch of cleaning results in one transaction.

    A page that was an article and is now a skip (or the reverse) moves table; facts of pages that
    stopped being original articles are removed. An id given both as an Article and as a
    `duplicate_of:<id>` Skip is stored as an article with `duplicate_of` set. `body_sha1` maps page id
    to the body cleaned (falls back to the stored page's). Returns counts.
    """
    skip_by_id = {s.id: s for s in skips}
    article_by_id: dict[str, Article] = {}
    duplicate_of: dict[str, str] = {}
    for a in articles:
        s = skip_by_id.get(a.id)
        if s is not None and s.reason.startswith(DUPLICATE_PREFIX):
            duplicate_of[a.id] = s.reason[len(DUPLICATE_PREFIX) :]
            del skip_by_id[a.id]
        elif s is not None:
            continue  # the skip decides
        article_by_id[a.id] = a
    arts = pa.Table.from_pylist(
        [
            {
                "id": a.id,
                "url": a.url,
                "canonical_url": a.canonical_url,
                "title": a.title,
                "author": a.author,
                "published": a.published,
                "language": a.language,
                "sitename": a.sitename,
                "text": a.text,
                "content_hash": a.content_hash,
                "simhash": int(a.simhash) & 0xFFFFFFFFFFFFFFFF,
                "duplicate_of": duplicate_of.get(a.id),
                "body_sha1": body_sha1.get(a.id),
                "text_cut": a.text_cut,
                "minhash": sketch_bytes(a.minhash) if a.minhash else None,
            }  # fmt: skip
            for a in article_by_id.values()
        ],
        schema=_ARTICLE_SCHEMA,
    )
    skipped = pa.Table.from_pylist(
        [
            {
                "page_id": s.id,
                "url": s.url,
                "reason": s.reason,
                "detail": s.detail,
                "body_sha1": body_sha1.get(s.id),
            }
            for s in skip_by_id.values()
        ],
        schema=_SKIP_SCHEMA,
    )
    now = datetime.now(UTC)
    counts = {"articles": arts.num_rows, "skips": skipped.num_rows, "to_skips": 0, "to_articles": 0}
    with transaction(con), registered(con, "_clean_arts", arts), registered(con, "_clean_skips", skipped):
        gone = (
            "SELECT page_id FROM _clean_skips"
            " UNION ALL SELECT id FROM _clean_arts WHERE duplicate_of IS NOT NULL"
        )
        for table in ("partnership_mentions", "sales_mentions", "company_mentions", "extractions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN ({gone})")
        counts["to_articles"] = _count(
            con.execute("DELETE FROM skipped_pages WHERE page_id IN (SELECT id FROM _clean_arts)")
        )
        counts["to_skips"] = _count(
            con.execute("DELETE FROM articles WHERE id IN (SELECT page_id FROM _clean_skips)")
        )
        con.execute(
            """
            INSERT INTO articles (id, url, canonical_url, title, author, published, language, sitename, text,
                                  content_hash, simhash, duplicate_of, body_sha1, cleaner_version, run_id,
                                  cleaned_at, first_run_id, first_seen_at, text_cut, minhash)
            SELECT a.id, a.url, a.canonical_url, a.title, a.author, a.published, a.language, a.sitename,
                   a.text, a.content_hash, a.simhash, a.duplicate_of, coalesce(a.body_sha1, p.body_sha1),
                   $version, $run, $now, $run, $now, a.text_cut, a.minhash
            FROM _clean_arts a LEFT JOIN pages p ON p.page_id = a.id
            ON CONFLICT (id) DO UPDATE SET
                url = excluded.url, canonical_url = excluded.canonical_url, title = excluded.title,
                author = excluded.author, published = excluded.published, language = excluded.language,
                sitename = excluded.sitename, text = excluded.text, content_hash = excluded.content_hash,
                simhash = excluded.simhash, duplicate_of = excluded.duplicate_of,
                body_sha1 = excluded.body_sha1, cleaner_version = excluded.cleaner_version,
                run_id = excluded.run_id, cleaned_at = excluded.cleaned_at, text_cut = excluded.text_cut,
                minhash = excluded.minhash
            """,
            {"version": cleaner_version, "run": run_id, "now": now},
        )
        con.execute(
            """
            INSERT INTO skipped_pages (page_id, url, reason, detail, body_sha1, cleaner_version, run_id,
                                       skipped_at)
            SELECT s.page_id, s.url, s.reason, s.detail, coalesce(s.body_sha1, p.body_sha1),
                   $version, $run, $now
            FROM _clean_skips s LEFT JOIN pages p ON p.page_id = s.page_id
            ON CONFLICT (page_id) DO UPDATE SET
                url = excluded.url, reason = excluded.reason, detail = excluded.detail,
                body_sha1 = excluded.body_sha1, cleaner_version = excluded.cleaner_version,
                run_id = excluded.run_id, skipped_at = excluded.skipped_at
            """,
            {"version": cleaner_version, "run": run_id, "now": now},
        )
    return counts


def _count(result: duckdb.DuckDBPyConnection) -> int:
    row = result.fetchone()
    return int(row[0]) if row else 0


def export_articles_to_extract(
    con: duckdb.DuckDBPyConnection,
    extractor_version: str,
    path: Path,
    *,
    since: date | None = None,
    until: date | None = None,
    all_articles: bool = False,
    batch_size: int = 250,
) -> int:
    """Write the original articles awaiting this extractor version to a Parquet work file; returns how many.

    Pending: original (non-duplicate) articles not yet extracted by this version, or whose text changed
    since (`all_articles=True`: every original, for reprocess). since/until filter on the publication
    date, else the day the article was cleaned. Columns id, url, title, text, published; one row group
    per `batch_size` articles, so the extract step reads it back a batch at a time. One streamed pass
    over `articles`, instead of a keyset-paged query per batch that re-read every stored text.
    """
    window, params = date_window("coalesce(a.published, a.cleaned_at::DATE)", since, until)
    pending = (
        ""
        if all_articles
        else """
        AND (e.article_id IS NULL OR e.extractor_version <> $version
             OR coalesce(e.content_hash, '') <> coalesce(a.content_hash, ''))
        """
    )
    if not all_articles:
        params["version"] = extractor_version
    query = f"""
        SELECT a.id, a.url, a.title, a.text, a.published
        FROM articles a LEFT JOIN extractions e ON e.article_id = a.id
        WHERE a.duplicate_of IS NULL {pending} {window}
    """  # no ORDER BY: sorting every pending text would hold them all (it ran out of memory at 100k)
    return copy_to_parquet(con, query, params, path, batch_size)


def mark_imported(con: duckdb.DuckDBPyConnection, provenance: dict[str, tuple[str, int]]) -> None:
    """Record where imported articles came from (archive file, byte offset of their line), set-based."""
    if not provenance:
        return
    table = pa.table(
        {
            "id": list(provenance),
            "archive_path": [p for p, _ in provenance.values()],
            "archive_offset": pa.array([o for _, o in provenance.values()], pa.int64()),
        }
    )
    with transaction(con), registered(con, "_imported", table):
        con.execute(
            """
            UPDATE articles SET archive_path = i.archive_path, archive_offset = i.archive_offset
            FROM _imported i WHERE articles.id = i.id
            """
        )
