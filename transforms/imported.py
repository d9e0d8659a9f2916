"""Already-extracted articles (news-please, fundus, our own JSON Lines) → Article records.

Archive tools write one JSON object per article, each in its own shape: news-please has
`maintext`, `date_publish`, `authors`, `source_domain`; fundus has `plaintext` (or `body`),
`publishing_date`, `authors`, `publisher`; ours and the shared corpus have `text` and `published`.
`article_from_record` reads any of them into the same Article the cleaner produces (same id from
the URL, same fingerprints), so imported articles dedupe and extract like crawled ones.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from transforms.dedupe import fingerprints, sketch
from transforms.records import Article, Skip

IMPORTER_VERSION = "import-jsonl-1"  # stored as articles.cleaner_version for imported articles
MIN_CHARS = 200  # the cleaner's floor for an article (transforms/clean.py MIN_CHARS)

TEXT_FIELDS = ("maintext", "plaintext", "text", "body", "article_text", "content")
DATE_FIELDS = ("date_publish", "publishing_date", "published", "date", "date_published")
TITLE_FIELDS = ("title", "headline")
SITE_FIELDS = ("source_domain", "publisher", "sitename", "source")

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def article_id(url: str | None, fallback: str) -> str:
    """The page id a crawl would give the URL (sha1 of it), else a sha1 of `fallback` (e.g. file:line)."""
    return hashlib.sha1((url or fallback).encode("utf-8")).hexdigest()


def article_from_record(record: Mapping[str, Any], fallback_id: str) -> Article | Skip:
    """One archive JSON object → an Article, or a Skip saying why not (never raises)."""
    url = _first_str(record, ("url", "canonical_url", "link")) or ""
    aid = article_id(url or None, fallback_id)
    text = _text(record)
    if text is None:
        return Skip(aid, url, "empty", "record has no text field (" + "/".join(TEXT_FIELDS) + ")")
    text = "\n".join(line.strip() for line in text.strip().splitlines())
    if len(text) < MIN_CHARS:
        return Skip(aid, url, "not_article:too_short", f"{len(text)} characters")
    exact, near = fingerprints(text)
    return Article(
        id=aid,
        url=url,
        canonical_url=_first_str(record, ("canonical_url",)) or url,
        title=_first_str(record, TITLE_FIELDS),
        author=_authors(record),
        published=_date(record),
        language=_first_str(record, ("language", "lang")),
        sitename=_first_str(record, SITE_FIELDS),
        text=text,
        content_hash=exact,
        simhash=near,
        minhash=sketch(text),
    )


def _first_str(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _text(record: Mapping[str, Any]) -> str | None:
    """The article text: a string field, or fundus' body as {"sections": [{"paragraphs": [...]}]}."""
    for name in TEXT_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, Mapping):
            paras = [p for s in value.get("sections") or [] for p in (s.get("paragraphs") or [])]
            if paras:
                return "\n".join(str(p) for p in paras)
    return None


def _authors(record: Mapping[str, Any]) -> str | None:
    value = record.get("authors", record.get("author"))
    if isinstance(value, list):
        names = [str(v).strip() for v in value if str(v).strip()]
        return ", ".join(names) or None
    return value.strip() or None if isinstance(value, str) else None


def _date(record: Mapping[str, Any]) -> date | None:
    for name in DATE_FIELDS:
        value = record.get(name)
        if isinstance(value, datetime | date):
            return value.date() if isinstance(value, datetime) else value
        if isinstance(value, str) and (m := _DATE.search(value)):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None
