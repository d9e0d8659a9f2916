"""Article → facts: the one entry point the CLI and the warehouse step call."""

from __future__ import annotations

from datetime import date
from typing import Any

from transforms.document import prepare
from transforms.partnerships import extract_partnerships
from transforms.records import ArticleFacts
from transforms.sales import extract_sales

# Bump when extraction output can change: the warehouse re-extracts articles whose facts were
# produced by another version, and replaces (never duplicates) their facts.
EXTRACTOR_VERSION = "0.1.5"


def parse_published(value: Any) -> date | None:
    """An ISO date (or datetime) string as a date; None when absent or unreadable."""
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_article(article: dict[str, Any]) -> ArticleFacts:
    """Facts from one article dict with keys id, title, text, published (per FACTS.md)."""
    doc = prepare(
        str(article.get("id")),
        article.get("title"),
        article.get("text") or "",
        parse_published(article.get("published")),
    )
    mentions = [m for s in doc.sections for m in s.mentions]
    return ArticleFacts(
        id=doc.id,
        extractor_version=EXTRACTOR_VERSION,
        partnerships=extract_partnerships(doc),
        sales=extract_sales(doc),
        mentions=mentions,
    )
