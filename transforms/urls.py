"""Canonical URLs: one spelling per article, so the same page fetched twice is keyed once.

courlan normalises (lowercase scheme and host, default port dropped, path dot-segments resolved,
query sorted, tracking parameters such as utm_*/fbclid/gclid dropped); fragments go too. A page's
own <link rel=canonical> is preferred when it points to the same site and is not just the homepage.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import extract_domain, normalize_url

__all__ = ["canonical_url", "same_site"]


def canonical_url(url: str, html_canonical: str | None = None) -> str:
    """The canonical form of `url`, or of the page's same-site rel=canonical when it declares one."""
    base = _normalise(url)
    if html_canonical and html_canonical.strip():
        candidate = _normalise(urljoin(url, html_canonical.strip()))
        if _acceptable(base, candidate):
            return candidate
    return base


def same_site(a: str, b: str) -> bool:
    """True when two URLs belong to the same registrable domain (www/m subdomains alike)."""
    da, db = _domain(a), _domain(b)
    return da is not None and da == db


def _normalise(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return url
        out = urlsplit(normalize_url(parts, strict=False, trailing_slash=True))
    except ValueError:  # a malformed URL (bad port, bad IPv6 literal): keep it as given
        return url
    host = out.netloc.rstrip(".")
    return urlunsplit((out.scheme, host, out.path or "/", out.query, ""))


def _acceptable(page: str, candidate: str) -> bool:
    """A canonical link worth following: http(s), same site, and not a homepage for a deeper page."""
    cparts, pparts = urlsplit(candidate), urlsplit(page)
    if cparts.scheme not in ("http", "https") or not cparts.netloc:
        return False
    if not same_site(page, candidate):
        return False
    # CMS templates often declare the homepage as every page's canonical: ignore that
    return not (cparts.path in ("", "/") and not cparts.query and pparts.path not in ("", "/"))


def _domain(url: str) -> str | None:
    try:
        return extract_domain(url, fast=True)
    except ValueError:
        return None
