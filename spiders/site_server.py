"""A small static HTTP server for a folder of site files, with conditional GET (ETag, Last-Modified).

It serves the bundled demo site (`autofacts demo-site`) and the test fixture sites. Conditional
requests matter: a second crawl of an unchanged site must get 304s and download no bodies.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

mimetypes.add_type("application/xml", ".xml")
mimetypes.add_type("application/rss+xml", ".rss")
mimetypes.add_type("application/atom+xml", ".atom")


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Serves files under `directory`; answers 304 to a matching If-None-Match / If-Modified-Since.

    `/foo/` serves `foo/index.html`; `/foo` also serves `foo.html` when it exists.
    """

    server_version = "autofacts-site/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def translate_path(self, path: str) -> str:
        local = Path(super().translate_path(path))
        if not local.exists() and local.with_suffix(".html").is_file():
            return str(local.with_suffix(".html"))
        return str(local)

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?", 1)[0].endswith("/") or not index.is_file():
                return super().send_head()
            path = index
        if not path.is_file():
            self.send_error(404, "Not found")
            return None
        body = self.file_body(path)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = path.stat().st_mtime
        if self._not_modified(etag, mtime):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.end_headers()
        return BytesIO(body)

    def file_body(self, path: Path) -> bytes:
        """The bytes served for a file; subclasses may rewrite them (the ETag follows what is served)."""
        return path.read_bytes()

    def _not_modified(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return int(mtime) <= parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 0, handler: type[StaticSiteHandler] = StaticSiteHandler
) -> ThreadingHTTPServer:
    """A server for `root` bound to host:port (port 0 picks a free one; see server.server_port)."""
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(root)))
    server.daemon_threads = True
    return server


def serve_in_thread(
    root: Path, host: str = "127.0.0.1", port: int = 0, handler: type[StaticSiteHandler] = StaticSiteHandler
) -> tuple[ThreadingHTTPServer, str]:
    """Start a server for `root` in a daemon thread; returns it and its base URL (no trailing slash)."""
    server = make_server(root, host, port, handler)
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
