"""Recognise a 200 response that is a bot challenge or a consent wall instead of the page asked for.

Such a page (Cloudflare "Just a moment…", Akamai "Access Denied … Reference #", a bare "enable
JavaScript" shell, a cookie/consent wall) must be landed as a blocked fetch (`bot_wall`), never
cleaned into an article. The markers are the vendors' own; the generic ones ("enable JavaScript",
consent) only count on a page with little visible text, so an article whose <noscript> says
"enable JavaScript" is still an article.
"""

from __future__ import annotations

import re

SCAN_BYTES = 200_000  # challenge pages are small; look at the head of a big page only
SHORT_TEXT = 1500  # visible characters below which a generic marker means "this is the wall"

# Markers that identify a challenge page whatever its length.
VENDOR_MARKERS = {
    "cloudflare": re.compile(
        r"<title>\s*(just a moment|attention required!?\s*\|\s*cloudflare)|cf-browser-verification|"
        r"/cdn-cgi/challenge-platform/|cf_chl_opt|cf-challenge",
        re.I,
    ),
    "akamai": re.compile(
        r"<title>\s*access denied\s*</title>.*reference(\s|&#32;)*(#|&#35;)|_abck|bm-verify|"
        r"akamai bot manager",
        re.I | re.S,
    ),
    "captcha": re.compile(
        r"(px-captcha|perimeterx|datadome|captcha-delivery\.com|hcaptcha\.com/1/api)", re.I
    ),
}
# Markers that only mean a wall on a page with almost no text of its own.
GENERIC_MARKERS = {
    "javascript": re.compile(
        r"(please\s+)?(enable|turn on)\s+javascript|javascript\s+is\s+(disabled|required)|"
        r"requires\s+javascript",
        re.I,
    ),
    "consent": re.compile(
        r"(accept|agree to|manage)\s+(all\s+)?(cookies|consent)|cookie\s+(consent|wall|settings)|"
        r"we\s+value\s+your\s+privacy|before\s+you\s+continue|consent\.(google|yahoo)\.",
        re.I,
    ),
}
_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def visible_text_length(html: str) -> int:
    """Characters of text outside tags, scripts and styles (a rough measure, whitespace collapsed)."""
    text = _TAG.sub(" ", _SCRIPT.sub(" ", html))
    return len(" ".join(text.split()))


def bot_wall(body: bytes | None) -> str | None:
    """The kind of wall `body` is (cloudflare, akamai, captcha, javascript, consent), or None."""
    if not body:
        return None
    html = body[:SCAN_BYTES].decode("utf-8", "replace")
    for kind, pattern in VENDOR_MARKERS.items():
        if pattern.search(html):
            return kind
    if visible_text_length(html) >= SHORT_TEXT:
        return None
    for kind, pattern in GENERIC_MARKERS.items():
        if pattern.search(html):
            return kind
    return None
