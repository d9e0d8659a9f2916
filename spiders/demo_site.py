"""The bundled demo news site ("Demo Auto Wire"), served from spiders/demo/ for `make demo` and tests.

Sitemaps, the feed and robots.txt need absolute URLs, but the base URL is only known at serve time, so
those files hold the placeholder {{BASE_URL}} and the handler substitutes it per response (for the
gzipped sitemap: decompress, substitute, recompress deterministically). ETags come from the substituted
bytes, so they stay stable across runs for unchanged files.
"""

from __future__ import annotations

import gzip
import re
from http.server import ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from spiders.site_server import StaticSiteHandler, make_server, serve_in_thread

DEMO_ROOT: Path = Path(str(resources.files("spiders").joinpath("demo")))
PLACEHOLDER = b"{{BASE_URL}}"
SUBSTITUTED_SUFFIXES = (".xml", ".txt", ".xml.gz")
_HOST_OK = re.compile(r"^[A-Za-z0-9.\-:\[\]]+$")


class DemoSiteHandler(StaticSiteHandler):
    """StaticSiteHandler that writes the real base URL into sitemaps, feed and robots.txt."""

    def base_url(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST_OK.match(host):
            h, port = self.server.server_address[:2]
            host = f"{h}:{port}"
        return f"http://{host}"

    def file_body(self, path: Path) -> bytes:
        raw = path.read_bytes()
        if not path.name.endswith(SUBSTITUTED_SUFFIXES):
            return raw
        base = self.base_url().encode()
        if path.suffix == ".gz":
            return gzip.compress(gzip.decompress(raw).replace(PLACEHOLDER, base), mtime=0)
        return raw.replace(PLACEHOLDER, base)


def start(port: int = 0, host: str = "127.0.0.1") -> tuple[ThreadingHTTPServer, str]:
    """Serve the demo site in a daemon thread; returns the server and its base URL (no trailing slash)."""
    return serve_in_thread(DEMO_ROOT, host, port, handler=DemoSiteHandler)


def serve(port: int = 8765, host: str = "127.0.0.1") -> None:
    """Serve the demo site until Ctrl-C."""
    server = make_server(DEMO_ROOT, host, port, handler=DemoSiteHandler)
    print(f"Demo Auto Wire at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    serve()
