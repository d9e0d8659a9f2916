"""Bytes of a fetched HTML page → text, choosing the character encoding the way browsers do.

Order: a byte-order mark (unambiguous, so it wins as in the WHATWG encoding standard), the charset
declared in the HTTP Content-Type header, a <meta charset> / http-equiv declaration in the first
bytes, then detection (charset_normalizer) for undeclared pages. A declared charset that cannot
decode the bytes, or a single-byte one declared over valid multi-byte UTF-8, is treated as wrong and
the next source is tried. `UndecodableError` is raised only when nothing yields text.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

__all__ = ["UndecodableError", "decode_html", "declared_charset", "meta_charset"]


class UndecodableError(ValueError):
    """No encoding turns the page's bytes into text (one-line message)."""


# WHATWG label mapping for the labels whose Python codec differs in practice: browsers read
# latin-1/ascii as windows-1252 and gb2312/gbk as GBK (gb18030 is a strict superset of both).
_ALIASES = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "utf8": "utf-8",
    "utf8mb4": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-sjis": "shift_jis",
    "big5-hkscs": "big5hkscs",
}
# Single-byte Latin code pages that detection confuses with one another on short texts; for an
# undeclared page any of them is read as windows-1252, the web's default for undeclared Latin text.
_LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman",
    "mac_latin2", "cp850", "cp437", "ascii",
}
_MULTI_BYTE = {"utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
               "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "shift_jis", "cp932", "euc_jp",
               "euc_kr", "cp949", "iso2022_jp", "euc_jis_2004", "shift_jis_2004", "hz"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_META_SCAN = 4096  # browsers prescan the first 1024 bytes; pages in the wild put it later too


def codec_name(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None for an unknown or empty label."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(content_type: str | None) -> str | None:
    """The charset label of an HTTP Content-Type value, if it names one."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset a <meta charset> or http-equiv Content-Type tag declares near the top of the page."""
    m = _META_CHARSET.search(body[:_META_SCAN])
    return m.group(1).decode("ascii", "ignore") if m else None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """The page as text: BOM, then HTTP charset, then <meta> charset, then detection."""
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _try(body[len(bom):], codec)
            if text is not None:
                return text
            break
    for label in (declared_charset(content_type), meta_charset(body)):
        codec = codec_name(label)
        if codec is not None:
            text = _try_declared(body, codec)
            if text is not None:
                return text
    return _detect(body)


def _try(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _try_declared(body: bytes, codec: str) -> str | None:
    """Decode with a declared codec, unless the bytes show the declaration is wrong."""
    if codec not in _MULTI_BYTE and not body.isascii():
        # a single-byte charset decodes anything; valid multi-byte UTF-8 means the label is wrong
        utf8 = _try(body, "utf-8")
        if utf8 is not None:
            return utf8
    if codec == "utf_16" or codec.startswith("utf_16_") or codec.startswith("utf_32"):
        # an HTML file that declares UTF-16 in ASCII bytes is not UTF-16 (WHATWG: read as UTF-8)
        return None
    return _try(body, codec)


def _detect(body: bytes) -> str:
    """An undeclared (or wrongly declared) page: UTF-8 if it is, else what detection finds."""
    if body.isascii():
        return body.decode("ascii")
    utf8 = _try(body, "utf-8")
    if utf8 is not None:
        return utf8
    mostly_utf8 = _mostly_utf8(body)
    if mostly_utf8 is not None:
        return mostly_utf8
    best = charset_normalizer.from_bytes(body).best()
    if best is not None and best.encoding:
        codec = codec_name(best.encoding) or best.encoding
        if codec in _LATIN_SINGLE_BYTE:
            cp1252 = _try(body, "cp1252")
            if cp1252 is not None:
                return cp1252
        text = _try(body, codec)
        if text is not None and not _looks_binary(text):
            return text
    if not _looks_binary_bytes(body):
        # every Latin page decodes as windows-1252 except the five bytes it leaves undefined
        cp1252 = _try(body, "cp1252")
        if cp1252 is not None:
            return cp1252
    raise UndecodableError(f"no character encoding decodes these {len(body)} bytes as text")


def _mostly_utf8(body: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated or spliced page) stays UTF-8, with replacements."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return text if good >= 10 * bad and good >= 20 else None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > len(sample) * 0.02


def _looks_binary_bytes(body: bytes) -> bool:
    sample = body[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.02
