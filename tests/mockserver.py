"""A real HTTP server in a subprocess for the spider tests (like Scrapy's tests/mockserver.py).

It serves a fixture site from tests/fixtures/sites/<site>/ through spiders.site_server (conditional
GET → 304) plus fault endpoints under /fault/ (5xx, 429 + Retry-After, slow, truncated, oversized,
non-HTML, redirects, hang-ups, pages in GBK / Windows-1252, an endless sitemap index, big urlsets).
Every request is logged; GET /__log__ returns the log as JSON so tests can check what the spider asked
for.

Run standalone: `python -m tests.mockserver --site news` prints "READY <base url>" and serves.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from spiders.site_server import StaticSiteHandler, make_server
from spiders.sources import Source

SITES = Path(__file__).resolve().parent / "fixtures" / "sites"
REPO_ROOT = Path(__file__).resolve().parents[1]

_GBK_TEXT = (
    "<html><head><title>比亚迪一月销量</title></head>"
    "<body><p>比亚迪一月销量为300,000辆，同比增长。</p></body></html>"
)
_CP1252_BODY = (
    "<title>Citroën “déjà vu”</title></head><body><p>Renault’s café sold 1,000 cars — €5m.</p></body></html>"
)

# path → (Content-Type, body bytes): the bytes must land untouched.
CHARSET_PAGES: dict[str, tuple[str, bytes]] = {
    "/fault/charset/gbk-header": ("text/html; charset=gbk", _GBK_TEXT.encode("gbk")),
    "/fault/charset/gbk-none": ("text/html", _GBK_TEXT.encode("gbk")),
    "/fault/charset/cp1252-meta": (
        "text/html",
        ('<html><head><meta charset="windows-1252">' + _CP1252_BODY).encode("cp1252"),
    ),
    "/fault/charset/cp1252-none": ("text/html", ("<html><head>" + _CP1252_BODY).encode("cp1252")),
}

OK_PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>OK</title></head>"
    b"<body><p>Recovered.</p></body></html>"
)
OFFSITE_TARGET = "http://elsewhere.example/stolen.html"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SLOW_SECONDS = 3.0
HUGE_BYTES = 300_000


def render_site(site: str, base: str, dest: Path, values: dict[str, str] | None = None) -> Path:
    """Copy fixture site `site` to `dest`, rendering *.tmpl files ({base}, its parts {netloc}, {host} and
    {port}, and {name} for each of `values`; *.gz.tmpl gzipped)."""
    src = SITES / site
    if not src.is_dir():
        raise FileNotFoundError(f"no fixture site {site!r} under {SITES}")
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        out = dest / rel
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".tmpl":
            text = path.read_text(encoding="utf-8").replace("{base}", base)
            parts = urlsplit(base)
            for name, value in (("netloc", parts.netloc), ("host", parts.hostname), ("port", parts.port)):
                text = text.replace("{" + name + "}", str(value or ""))
            for name, value in (values or {}).items():
                text = text.replace("{" + name + "}", value)
            out = out.with_suffix("")
            data = text.encode("utf-8")
            if out.suffix == ".gz":
                data = gzip.compress(data, mtime=0)
            out.write_bytes(data)
        else:
            shutil.copyfile(path, out)
    return dest


class FaultHandler(StaticSiteHandler):
    """Static files plus the /fault/ endpoints; records every request in server.request_log."""

    def _record(self, status: int) -> None:
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.request_log.append(  # type: ignore[attr-defined]
                {
                    "path": self.path,
                    "status": status,
                    "if_none_match": self.headers.get("If-None-Match"),
                    "if_modified_since": self.headers.get("If-Modified-Since"),
                    "user_agent": self.headers.get("User-Agent"),
                    "at": time.time(),
                }
            )

    def send_response(self, code: int, message: str | None = None) -> None:
        self._record(code)
        super().send_response(code, message)

    def _hits(self, key: str) -> int:
        with self.server.lock:  # type: ignore[attr-defined]
            hits = self.server.hits  # type: ignore[attr-defined]
            hits[key] = hits.get(key, 0) + 1
            return hits[key]

    def _send(
        self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path.split("?", 1)[0]
        if path == "/__log__":
            with self.server.lock:  # type: ignore[attr-defined]
                body = json.dumps(self.server.request_log).encode()  # type: ignore[attr-defined]
            super().send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if not path.startswith("/fault/"):
            super().do_GET()
            return
        name = path.removeprefix("/fault/")
        if path in CHARSET_PAGES:
            ctype, body = CHARSET_PAGES[path]
            self._send(200, body, ctype)
        elif name == "flaky-500":
            if self._hits(name) == 1:
                self._send(500, b"<html><body>oops</body></html>")
            else:
                self._send(200, OK_PAGE)
        elif name == "always-503":
            self._send(503, b"<html><body>down</body></html>")
        elif name == "429":
            if self._hits(name) == 1:
                self._send(429, b"slow down", "text/plain", Retry_After="1")
            else:
                self._send(200, OK_PAGE)
        elif name == "slow":
            time.sleep(SLOW_SECONDS)
            try:
                self._send(200, OK_PAGE)
            except OSError:
                pass
        elif name == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>" + b"x" * 100)
            self.wfile.flush()
            self.close_connection = True
        elif name == "huge":
            self._send(200, b"<html><body>" + b"y" * HUGE_BYTES + b"</body></html>")
        elif name == "huge-stream":  # no Content-Length: the size is only known while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(HUGE_BYTES // 10_000):
                    self.wfile.write(b"z" * 10_000)
                    self.wfile.flush()
            except OSError:
                pass
        elif name == "pdf":
            self._send(200, b"%PDF-1.4\n% fixture\n", "application/pdf")
        elif name == "redirect-offsite":
            self._send(302, b"", Location=OFFSITE_TARGET)
        elif name.startswith("sitemap-tree/"):  # an endless index: every one names two new ones
            node = name.removeprefix("sitemap-tree/").removesuffix(".xml")
            children = "".join(
                f"<sitemap><loc>/fault/sitemap-tree/{node}-{i}.xml</loc></sitemap>" for i in range(2)
            )
            body = f'<sitemapindex xmlns="{SITEMAP_NS}">{children}</sitemapindex>'
            self._send(200, body.encode(), "application/xml")
        elif name.startswith("urlset/"):  # a urlset of N article URLs (they answer 404)
            n = int(name.removeprefix("urlset/").removesuffix(".xml") or 0)
            urls = "".join(f"<url><loc>/news/generated-{i}.html</loc></url>" for i in range(n))
            self._send(200, f'<urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'.encode(), "application/xml")
        elif name == "redirect":  # an open redirect: Location is the `to` query parameter, verbatim
            target = parse_qs(urlsplit(self.path).query).get("to", ["/"])[0]
            self._send(302, b"", Location=target)
        elif name == "redirect-local":
            self._send(301, b"", Location="/news/malformed.html?via=redirect")
        elif name == "hangup":
            self._record(0)
            self.close_connection = True
            self.wfile.flush()
        else:
            self.send_error(404, "Not found")


def serve(site: str, host: str = "127.0.0.1", port: int = 0, values: dict[str, str] | None = None) -> None:
    """Render `site`, serve it, print READY <base url>, run until stdin closes."""
    with tempfile.TemporaryDirectory(prefix=f"mocksite-{site}-") as tmp:
        root = Path(tmp)
        server = make_server(root, host, port, handler=FaultHandler)
        server.lock = threading.Lock()  # type: ignore[attr-defined]
        server.request_log = []  # type: ignore[attr-defined]
        server.hits = {}  # type: ignore[attr-defined]
        server.handle_error = lambda request, client_address: None  # aborted downloads are expected
        base = f"http://{host}:{server.server_address[1]}"
        render_site(site, base, root, values)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"READY {base}", flush=True)
        sys.stdin.read()  # parent closes our stdin (or dies) → stop
        server.shutdown()


class MockServer:
    """Context manager: the mock server for one fixture site in a subprocess; `.base` is its URL."""

    def __init__(self, site: str, host: str = "127.0.0.1", values: dict[str, str] | None = None):
        self.site = site
        self.host = host  # any loopback address: 127.0.0.2 makes a second, "foreign" host
        self.values = values or {}  # extra {name} placeholders of the site's *.tmpl files
        self.base = ""
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> MockServer:
        sets = [arg for name, value in self.values.items() for arg in ("--set", f"{name}={value}")]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.mockserver", "--site", self.site, "--host", self.host, *sets],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.__exit__(None, None, None)
            raise RuntimeError(f"mock server for {self.site!r} did not start: {line!r}")
        self.base = line.removeprefix("READY ")
        return self

    def url(self, path: str) -> str:
        return self.base + path

    def request_log(self) -> list[dict]:
        """Requests the server has seen so far (path, status, conditional headers, user agent, time)."""
        with urllib.request.urlopen(self.base + "/__log__", timeout=10) as resp:
            return json.loads(resp.read())

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        finally:
            if self.proc.stdout:
                self.proc.stdout.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="serve a fixture site with fault endpoints")
    parser.add_argument("--site", required=True, help="folder name under tests/fixtures/sites/")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a {NAME} placeholder of the *.tmpl files")
    args = parser.parse_args()
    serve(args.site, host=args.host, port=args.port, values=dict(v.split("=", 1) for v in args.set))


# Politeness off, so crawls of the fixture sites take seconds.
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_BACKOFF_BASE": 0.05,
}
# Small limits, so every fault of the fault site shows in one quick crawl.
FAULT_OVERRIDES = {
    **FAST,
    "DOWNLOAD_TIMEOUT": 1,  # /fault/slow sleeps 3 s
    "RETRY_TIMES": 1,
    "RETRY_AFTER_MAX": 2,
    "DOWNLOAD_MAXSIZE": 100_000,  # /fault/huge* send 300 kB
    "DOWNLOAD_WARNSIZE": 50_000,
}


def fault_source(server: MockServer) -> Source:
    """The fault site as a source: a corrupt gzip and a missing sitemap count as discovery failures."""
    return Source(
        name="faults",
        sitemaps=tuple(server.url(p) for p in ("/sitemap.xml", "/broken-sitemap.xml.gz", "/no.xml")),
        allowed_domains=("127.0.0.1", "autofacts-test.invalid"),
        article_patterns=(r"^/(news|fault|private)/",),
    )
