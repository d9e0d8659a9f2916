"""The one URL policy for every request the spider makes (sitemaps, feeds, robots.txt, articles,
redirects): a URL is parsed once, the way Scrapy fetches it (w3lib's `safe_url_string`, then
`urllib.parse` as Scrapy's download handlers do), and the host of *that* form is checked against the
source's allowed domains.

Forms that two parsers read differently are refused rather than guessed at: backslashes (WHATWG
parsers read them as `/`, `urllib` does not), userinfo (`a@b`), percent-encoded or otherwise odd
characters in the host, and numeric hosts that are not a plain dotted quad (`2130706434`, `0x7f.1`,
`127.1`). Hosts are compared lowercased and without a trailing dot, and the URL that is fetched is
rebuilt from exactly the parsed scheme, host and port, so the check and the fetch cannot disagree.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import safe_url_string

__all__ = ["UrlVerdict", "host_allowed", "vet_url"]

_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
_DNS_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_AUTHORITY_END = re.compile(r"[/?#\\]")


@dataclass(frozen=True)
class UrlVerdict:
    """The outcome of vetting a URL: the form to fetch, or why it is refused (`offsite`, `bad_url:…`)."""

    url: str | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when the URL may be fetched (as `url`)."""
        return self.reason is None


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def host_allowed(host: str | None, allowed_domains: tuple[str, ...] | list[str]) -> bool:
    """True when `host` is an allowed domain or a subdomain of one; IP addresses must match exactly."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    ip = _ip(host)
    for domain in allowed_domains:
        domain = domain.lower().rstrip(".")
        allowed_ip = _ip(domain.strip("[]"))
        if ip is not None or allowed_ip is not None:
            if ip is not None and allowed_ip is not None and ip == allowed_ip:
                return True
            continue
        if host == domain or host.endswith("." + domain):
            return True
    return False


def _raw_authority(url: str) -> str:
    """The text between `//` and the first `/ ? # \\` of a URL as written (what a lenient reader sees)."""
    rest = url.split("//", 1)[1] if "//" in url else ""
    end = _AUTHORITY_END.search(rest)
    return rest[: end.start()] if end else rest


def _raw_host(authority: str) -> str:
    """The host of an authority as written: without a port, brackets kept, case and dots untouched."""
    if authority.startswith("["):
        return authority[: authority.find("]") + 1] if "]" in authority else authority
    return authority.rsplit(":", 1)[0]


def _raw_host_problem(host: str) -> str | None:
    """Why a host as written is ambiguous, judged before any library normalises it: w3lib 2.6 rewrites
    `127.1` and `127%2e0%2e0%2e1` to `127.0.0.1` (WHATWG host parsing), 2.5 leaves them as they are."""
    if not host:
        return "bad_url:no_host"
    if "%" in host:
        return "bad_url:encoded_host"
    if host.startswith("["):
        return None
    bare = host.lower().rstrip(".")
    if _NUMERIC_LABEL.match(bare.rsplit(".", 1)[-1]) and not isinstance(_ip(bare), ipaddress.IPv4Address):
        return "bad_url:numeric_host"  # 127.1, 2130706434, 0x7f.0.0.1, x.127.0.0.1: IPs in disguise
    return None


def vet_url(url: str, allowed_domains: tuple[str, ...] | list[str]) -> UrlVerdict:
    """The fetchable form of `url` when it is unambiguous and its host is allowed; else the reason."""
    raw = (url or "").strip()
    if "\\" in raw:
        return UrlVerdict(None, "bad_url:backslash")
    authority = _raw_authority(raw)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw) or " " in authority:
        return UrlVerdict(None, "bad_url:whitespace")  # a space elsewhere is percent-encoded as usual
    if "@" in authority:
        return UrlVerdict(None, "bad_url:userinfo")
    web = raw.partition(":")[0].lower() in ("http", "https")
    if web and (problem := _raw_host_problem(_raw_host(authority))):
        return UrlVerdict(None, problem)
    try:
        safe = safe_url_string(raw)
        parts = urlsplit(safe)
        port = parts.port
    except ValueError:
        return UrlVerdict(None, "bad_url:unparsable")
    if parts.scheme not in ("http", "https"):
        return UrlVerdict(None, "bad_url:scheme")
    if "@" in parts.netloc or parts.username is not None:
        return UrlVerdict(None, "bad_url:userinfo")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return UrlVerdict(None, "bad_url:no_host")
    if "%" in host:
        return UrlVerdict(None, "bad_url:encoded_host")
    bracketed = parts.netloc.startswith("[")
    ip = _ip(host)
    if bracketed:
        if not isinstance(ip, ipaddress.IPv6Address):
            return UrlVerdict(None, "bad_url:ipv6")
        netloc_host = f"[{ip.compressed}]"
        host = ip.compressed
    else:
        if not _DNS_HOST.match(host):
            return UrlVerdict(None, "bad_url:host_chars")
        if _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]) and not isinstance(ip, ipaddress.IPv4Address):
            return UrlVerdict(None, "bad_url:numeric_host")  # 127.1, 2130706434, 0x7f.0.0.1: IPs in disguise
        netloc_host = host
    if not host_allowed(host, allowed_domains):
        return UrlVerdict(None, "offsite")
    netloc = netloc_host if port is None else f"{netloc_host}:{port}"
    return UrlVerdict(urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)))
