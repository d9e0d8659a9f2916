"""The CLEAN stage: one fetched HTML page → an `Article` (text + metadata) or a `Skip` with a reason.

trafilatura 2.3.1 extracts the main text (fast cascade, reader comments off: better and quicker
than its defaults on the article-extraction benchmark), retried with its full fallback cascade
when the fast pass returns a navigation dump; its metadata functions give title, author, date and
site name. A light post-filter drops the headline repeated as the first line and one-line
boilerplate (newsletter boxes, "Read more:" links, copyright lines).

Skip reasons (`Skip.reason`; `Skip.detail` says more):
- ``not_html``: the Content-Type or the leading bytes say the body is not an HTML page (PDF, image...)
- ``undecodable``: no character encoding turns the bytes into text
- ``empty``: no body, or a page without any text
- ``malformed_html``: the text is not HTML markup the parser can build a document from
- ``not_article:paywall``: a subscription stub (paywall markers and only a teaser of text)
- ``not_article:listing``: an index/section page: mostly linked headlines, little prose
- ``not_article:too_short``: the extracted text is too short to be an article
- ``extract_error``: the extractor failed on this page (detail names the exception)
- ``duplicate_of:<id>``: (batches only, see `clean_records`) an exact or near copy of an earlier page
- ``bad_record``: (batches only) an input line that is not a JSON object
A Skip is returned, never raised: one bad page never stops a batch.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as tmeta
from trafilatura.settings import Document
from trafilatura.utils import load_html

from transforms.bylines import dom_author
from transforms.dedupe import DuplicateIndex, fingerprints, sketch
from transforms.encoding import UndecodableError, decode_html
from transforms.records import Article, Skip
from transforms.urls import canonical_url

__all__ = ["CLEANER_VERSION", "clean_page", "clean_records"]

CLEANER_VERSION = f"clean-1/trafilatura-{trafilatura.__version__}"

MIN_CHARS = 250  # shorter extracted text is not an article
MIN_WORDS = 40  # ... nor is one with fewer words (CJK characters count half a word)
PAYWALL_MAX_WORDS = 80  # a paywalled page showing less than this is a stub
LISTING_MIN_ANCHOR_LINES = 5  # a listing shows at least this many linked headlines ...
LISTING_ANCHOR_SHARE = 0.35  # ... making up this share of its lines ...
LISTING_MAX_PARAGRAPH = 40  # ... and no paragraph of this many words
LISTING_LINK_TEXT_SHARE = 0.5  # a page with little text and this share of it in links is an index
# Article text kept per page: longer text (a data dump, a page of concatenated stories) is cut at the last
# paragraph break before this many characters, with the reason in Article.text_cut (articles.text_cut).
MAX_TEXT_CHARS = 1_000_000

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every discarded page
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
                 b"\x00\x00\x01\x00", b"ID3", b"OggS", b"\x7fELF")
_TAG = re.compile(r"<\s*[a-zA-Z!?/]")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# paywall evidence: schema.org's flag, or stub wording shown to the reader
_PAYWALL_FLAG = re.compile(r"""isAccessibleForFree["']?\s*[:=]\s*["']?false""", re.I)
_PAYWALL_TEXT = re.compile(
    r"(?:subscribe|subscription|sign in|log in|register|become a member|membership)\b.{0,60}"
    r"(?:to (?:continue|keep) reading|to read (?:the|this) (?:full|rest|whole|article|story))"
    r"|(?:to (?:continue|keep) reading|to read the full (?:article|story)).{0,60}"
    r"(?:subscribe|subscription|sign in|log in|member)"
    r"|(?:for|exclusive to) (?:paying |digital )?subscribers(?: only)?\b"
    r"|already a (?:subscriber|member)\?",
    re.I,
)
# one-line boilerplate that trafilatura keeps around article bodies
_BOILERPLATE = re.compile(
    r"""^(?:
      (?:read|see)\s+(?:more|also)\s*:.*
    | related(?:\s+(?:articles?|stories|posts?|coverage|reading|content))?\s*:.*
    | (?:you\s+(?:may|might)\s+also\s+like|don'?t\s+miss|most\s+read\b.*|popular\s+on\s.*|explore\s+further
       |more\s+from\s.*|recommended\s+for\s+you)\W*
    | .{0,80}\b(?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletters?|inbox)\b.{0,80}
    | thanks\s+for\s+signing\s+up.{0,40}
    | (?:like|share)\s+this\s+(?:story|article|post)\b.{0,60}
    | click\s+here\s+to\s+(?:subscribe|sign\s+up|get|download)\b.{0,80}
    | (?:copyright|©)\s*(?:©\s*)?(?:\d{4}|\w).{0,120}
    | .{0,100}\ball\s+rights\s+reserved\W{0,3}
    | (?:advertisement|sponsored\s+content|order\s+reprints|print\s+article|comments?|\d+\s+comments?)
    )$""",
    re.I | re.X,
)


def clean_page(
    page_id: str, url: str, body: bytes | str, headers: Mapping[str, str] | None = None
) -> Article | Skip:
    """One page → its article, or a Skip saying why not (never raises)."""
    try:
        return _clean(page_id, url, body, headers or {})
    except Exception as exc:  # a bug or an extractor crash on one odd page must not stop the batch
        return Skip(page_id, url, "extract_error", _one_line(f"{type(exc).__name__}: {exc}"))


def clean_records(records: Iterable[dict]) -> Iterator[dict]:
    """`autofacts clean` contract: {"id","url","html"[,"headers"]} lines → article or skip lines.

    Exact and near duplicates within the batch come out as ``{"id", "skipped": "duplicate_of:<id>"}``
    naming the first copy seen.
    """
    index = DuplicateIndex(by_rank=False)
    for n, record in enumerate(records, 1):
        if not isinstance(record, Mapping):
            yield {"id": None, "skipped": "bad_record"}
            continue
        page_id = record.get("id")
        page_id = str(page_id) if page_id is not None else f"line-{n}"
        url = str(record.get("url") or "")
        html = record.get("html")
        if not isinstance(html, str | bytes):
            yield Skip(page_id, url, "empty", "record has no html").to_contract()
            continue
        headers = record.get("headers") if isinstance(record.get("headers"), Mapping) else None
        result = clean_page(page_id, url, html, headers)
        if isinstance(result, Article):
            first = index.check(result)
            if first is not None:
                yield {"id": page_id, "skipped": f"duplicate_of:{first}"}
                continue
        yield result.to_contract()


# --- the stages ------------------------------------------------------------------------------


def _clean(page_id: str, url: str, body: bytes | str, headers: Mapping[str, str]) -> Article | Skip:
    content_type = _header(headers, "content-type")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return Skip(page_id, url, "not_html", f"content type {mime}")
    if isinstance(body, bytes):
        if body.lstrip()[:8].startswith(_BINARY_MAGIC):
            return Skip(page_id, url, "not_html", "body starts with a binary file signature")
        if not body.strip():
            return Skip(page_id, url, "empty", "empty body")
        try:
            html = decode_html(body, content_type)
        except UndecodableError as exc:
            return Skip(page_id, url, "undecodable", str(exc))
    else:
        html = body
    if not html.strip():
        return Skip(page_id, url, "empty", "empty body")
    if html.lstrip().startswith("%PDF"):
        return Skip(page_id, url, "not_html", "body is a PDF document")
    if not _TAG.search(html[:4096]):
        return Skip(page_id, url, "malformed_html", "no HTML markup in the first 4096 characters")

    tree = load_html(html)
    if tree is None:
        return Skip(page_id, url, "malformed_html", "the HTML parser built no document")
    page_text = " ".join(tree.text_content().split()) if _has_body_text(tree) else ""
    if not page_text:
        return Skip(page_id, url, "empty", "page has no text")

    meta = _metadata(tree, url)
    text = _extract(tree, url)
    text = _post_filter(text, meta.title, url)
    text, cut = _cut(text)
    if not text.strip():
        if _is_index(tree, page_text):
            return Skip(page_id, url, "not_article:listing", "links and no article text")
        return Skip(page_id, url, "not_article:too_short", "no article text found")

    words = _word_units(text)
    if words < PAYWALL_MAX_WORDS and (_PAYWALL_FLAG.search(html) or _PAYWALL_TEXT.search(page_text)):
        return Skip(page_id, url, "not_article:paywall", f"subscription stub ({words:.0f} words shown)")
    listing = _listing_reason(tree, text, page_text, words)
    if listing:
        return Skip(page_id, url, "not_article:listing", listing)
    if len(text) < MIN_CHARS or words < MIN_WORDS:
        return Skip(page_id, url, "not_article:too_short", f"{len(text)} characters, {words:.0f} words")

    exact, near = fingerprints(text)
    return Article(
        id=page_id,
        url=url,
        canonical_url=canonical_url(url, _html_canonical(tree)) if url else url,
        title=meta.title or None,
        author=meta.author or None,
        published=_as_date(meta.date),
        language=_language(tree, text),
        sitename=meta.sitename or None,
        text=text,
        content_hash=exact,
        simhash=near,
        minhash=sketch(text),
        text_cut=cut,
    )


def _cut(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, str | None]:
    """`text` within `limit` characters (cut at the last paragraph or line break before it, else at the
    limit) and the reason when cut, so a huge page costs bounded extraction time and says so."""
    if len(text) <= limit:
        return text, None
    end = text.rfind("\n", limit // 2, limit + 1)
    end = end if end > 0 else limit
    return text[:end].rstrip(), f"text_over_{limit}_chars:{len(text)}"


def _metadata(tree: HtmlElement, url: str) -> Document:
    """Title, author, date, site name: trafilatura's extract_metadata minus the parts we don't
    keep (categories, tags, licence: a quarter of its time)."""
    meta = tmeta.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = tmeta.extract_meta_json(tree, meta)
    except Exception:  # trafilatura's JSON-LD parser trips on some pages' JSON
        pass
    meta.title = meta.title or tmeta.extract_title(tree)
    meta.author = meta.author or dom_author(tree)
    meta.url = meta.url or tmeta.extract_url(tree, url or None)
    meta.date = find_date(tree, url=meta.url, **_date_params())
    if not meta.sitename:
        meta.sitename = tmeta.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (m := tmeta.META_URL.match(meta.url)):
        meta.sitename = m[1]
    meta.clean_and_trim()
    return meta


def _extract(tree: HtmlElement, url: str) -> str:
    """Main text: trafilatura's fast cascade, its full cascade when that returns a navigation dump."""
    doc = trafilatura.bare_extraction(tree, url=url or None, fast=True, include_comments=False)
    text = (doc.text or "") if doc is not None else ""
    if _looks_like_nav_dump(text):
        full = trafilatura.bare_extraction(tree, url=url or None, fast=False, include_comments=False)
        full_text = (full.text or "") if full is not None else ""
        if full_text and _short_line_share(full_text) < _short_line_share(text):
            text = full_text
    return text


def _post_filter(text: str, title: str | None, url: str) -> str:
    """Drop the headline repeated at the top, the page's own URL and one-line boilerplate."""
    lines = text.split("\n")
    wanted_title = _norm(title)
    if wanted_title:
        for i, line in enumerate(lines[:3]):
            got = _norm(line)
            if got and (got == wanted_title or (len(got) > 20 and (got in wanted_title or wanted_title in got)
                                                and 0.6 < len(got) / len(wanted_title) < 1.7)):
                del lines[i]
                break
    own_url = url.strip()
    kept = [
        line for line in lines
        if not (own_url and line.strip() == own_url)
        and not (len(line) < 240 and _BOILERPLATE.match(line.strip(" -–—|•*\xa0")))
    ]
    return "\n".join(kept).strip()


def _listing_reason(tree: HtmlElement, text: str, page_text: str, words: float) -> str | None:
    """Why the page is an index of other pages, or None for an article."""
    lines = [line.strip(" -•*") for line in text.split("\n") if line.strip()]
    longest = max((_word_units(line) for line in lines), default=0)
    if longest < LISTING_MAX_PARAGRAPH and len(lines) >= LISTING_MIN_ANCHOR_LINES:
        anchors = {a for a in (_norm(el.text_content()) for el in tree.iter("a")) if len(a) >= 15}
        linked = sum(1 for line in lines if _mostly_linked(_norm(line), anchors))
        if linked >= LISTING_MIN_ANCHOR_LINES and linked >= LISTING_ANCHOR_SHARE * len(lines):
            return f"{linked} of {len(lines)} lines are links, longest paragraph {longest:.0f} words"
    if words < MIN_WORDS and _is_index(tree, page_text):
        return "little text, most of the page's text is links"
    return None


def _mostly_linked(line: str, anchors: set[str]) -> bool:
    """True when a link's text makes up at least 40% of the line (a headline, perhaps with a teaser)."""
    if line in anchors:
        return True
    return any(len(a) >= 0.4 * len(line) and a in line for a in anchors)


def _is_index(tree: HtmlElement, page_text: str) -> bool:
    links = [el for el in tree.iter("a") if el.get("href")]
    if len(links) < 20 or not page_text:
        return False
    link_chars = sum(len(" ".join(el.text_content().split())) for el in links)
    return link_chars >= LISTING_LINK_TEXT_SHARE * len(page_text)


# --- small helpers ---------------------------------------------------------------------------


def _looks_like_nav_dump(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= 40 and _short_line_share(text) >= 0.6


def _short_line_share(text: str) -> float:
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return 1.0
    return sum(1 for line in lines if _word_units(line) < 5) / len(lines)


def _word_units(text: str) -> float:
    """Words, with each CJK character counted as half a word (no spaces to count there)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk / 2


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall(text.lower())) if text else ""


def _has_body_text(tree: HtmlElement) -> bool:
    return any(t.strip() for t in tree.itertext())


def _date_params() -> dict:
    # original (published, not modified) date; the non-extensive search is ~2x faster and finds
    # dates in the markup and URL, which is where news pages put them
    return {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _html_canonical(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            return link.get("href")
    return None


_LANG_META = ("content-language", "language", "og:locale", "dc.language", "lang")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auch", "ein"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "du", "sur"},
    "es": {"el", "la", "los", "las", "y", "que", "del", "en", "por", "una", "con", "para"},
    "it": {"il", "di", "che", "della", "per", "una", "sono", "gli", "nel", "alla", "con", "del"},
    "pt": {"o", "os", "que", "do", "da", "em", "uma", "para", "com", "não", "dos", "foi"},
    "nl": {"de", "het", "een", "van", "en", "is", "dat", "niet", "op", "voor", "met", "zijn"},
}


def _language(tree: HtmlElement, text: str) -> str | None:
    """ISO 639-1 code: the page's declared language, else a guess from script and stopwords."""
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        for meta in tree.iter("meta"):
            key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
            if key in _LANG_META and meta.get("content"):
                declared = meta.get("content")
                break
    if declared:
        code = re.split(r"[-_,;\s]", declared.strip().lower(), maxsplit=1)[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return _guess_language(text)


def _guess_language(text: str) -> str | None:
    sample = text[:3000]
    if re.search(r"[\u3040-\u30ff]", sample):
        return "ja"
    if re.search(r"[\uac00-\ud7af]", sample):
        return "ko"
    if len(_CJK.findall(sample)) > 50:
        return "zh"
    if len(re.findall(r"[\u0400-\u04ff]", sample)) > 50:
        return "ru"
    words = _WORD.findall(sample.lower())
    if len(words) < 20:
        return None
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPWORDS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 0.05 * len(words) else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
