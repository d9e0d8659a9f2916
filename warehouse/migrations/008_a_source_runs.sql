-- 008_a: per-source outcome of every crawl run (what each source gave, or why it gave nothing), the
-- per-source ingest watermark, and the validators of sitemaps/feeds for conditional re-discovery.

CREATE TABLE source_runs (
    run_id              VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL,
    window_start        DATE,
    window_end          DATE,
    status              VARCHAR NOT NULL,
    reason              VARCHAR,
    discovery           VARCHAR NOT NULL,
    discovery_documents INTEGER,
    discovery_failed    JSON,
    discovered          INTEGER,
    in_window           INTEGER,
    requested           INTEGER,
    fetched             INTEGER,
    not_modified        INTEGER,
    unchanged           INTEGER,
    failed              INTEGER,
    failed_by_reason    JSON,
    articles            INTEGER,
    partnerships        INTEGER,
    sales               INTEGER,
    recorded_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, source)
);
COMMENT ON TABLE source_runs IS 'One row per source per crawl run (ingest, run, backfill fetch group): did discovery work, how many URLs were found, fetched or failed and why, what was added. A gap in coverage is a row with status failed.';
COMMENT ON COLUMN source_runs.run_id IS 'The run (runs.run_id).';
COMMENT ON COLUMN source_runs.source IS 'Source name from spiders/sources.toml.';
COMMENT ON COLUMN source_runs.kind IS 'Kind of the run: ingest (also `autofacts run`) or backfill. Only ingest rows move the ingest watermark.';
COMMENT ON COLUMN source_runs.window_start IS 'First day this source was crawled for (NULL: no lower bound).';
COMMENT ON COLUMN source_runs.window_end IS 'Last day this source was crawled for (NULL: up to the day of the run).';
COMMENT ON COLUMN source_runs.status IS 'ok | failed. failed: discovery failed (unreachable, robots_denied, bot_wall) or more than half of the requested pages failed; the window counts as not covered.';
COMMENT ON COLUMN source_runs.reason IS 'Why the source failed, one line (e.g. "unreachable: dns_error 2"); NULL when ok.';
COMMENT ON COLUMN source_runs.discovery IS 'ok (article URLs found) | empty (sitemaps/feeds read, no article URL) | unreachable | robots_denied | bot_wall (no sitemap or feed could be read, and why).';
COMMENT ON COLUMN source_runs.discovery_documents IS 'Sitemaps and feeds read successfully (304 Not Modified included).';
COMMENT ON COLUMN source_runs.discovery_failed IS 'Sitemaps/feeds that gave nothing, by reason, as JSON {reason: n}.';
COMMENT ON COLUMN source_runs.discovered IS 'Distinct article URLs listed by the sitemaps and feeds.';
COMMENT ON COLUMN source_runs.in_window IS 'Discovered URLs dated inside the window (or undated).';
COMMENT ON COLUMN source_runs.requested IS 'Article URLs requested (in window and new or changed).';
COMMENT ON COLUMN source_runs.fetched IS 'Pages fetched with a body (200, not a bot wall).';
COMMENT ON COLUMN source_runs.not_modified IS 'Pages answered 304 Not Modified to a conditional GET.';
COMMENT ON COLUMN source_runs.unchanged IS 'Known pages not requested because their sitemap/feed date had not moved.';
COMMENT ON COLUMN source_runs.failed IS 'Requested pages that failed (any reason, bot_wall included).';
COMMENT ON COLUMN source_runs.failed_by_reason IS 'Failed pages by reason as JSON {reason: n}: http_<status>, timeout, dns_error, connection_error, bot_wall, robots_disallowed, ...';
COMMENT ON COLUMN source_runs.articles IS 'New articles from this source the run added.';
COMMENT ON COLUMN source_runs.partnerships IS 'Partnership mentions the run extracted from this source''s articles.';
COMMENT ON COLUMN source_runs.sales IS 'Sales mentions the run extracted from this source''s articles.';
COMMENT ON COLUMN source_runs.recorded_at IS 'When the row was written (UTC).';

CREATE TABLE discovery_documents (
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    entries       JSON,
    fetched_at    TIMESTAMPTZ NOT NULL,
    run_id        VARCHAR,
    PRIMARY KEY (source, url)
);
COMMENT ON TABLE discovery_documents IS 'The last copy of every sitemap, sitemap index and feed read by a backfill: its validators (sent back as If-None-Match / If-Modified-Since) and its entries (reused when the server answers 304).';
COMMENT ON COLUMN discovery_documents.source IS 'Source name.';
COMMENT ON COLUMN discovery_documents.url IS 'URL of the sitemap or feed.';
COMMENT ON COLUMN discovery_documents.kind IS 'sitemapindex | urlset | feed.';
COMMENT ON COLUMN discovery_documents.etag IS 'ETag response header of the last 200 answer.';
COMMENT ON COLUMN discovery_documents.last_modified IS 'Last-Modified response header of the last 200 answer.';
COMMENT ON COLUMN discovery_documents.entries IS 'The document''s entries as JSON [{"loc", "lastmod"}] (child sitemaps of an index, URLs of a urlset or feed).';
COMMENT ON COLUMN discovery_documents.fetched_at IS 'When the document was last read or confirmed unchanged (UTC).';
COMMENT ON COLUMN discovery_documents.run_id IS 'Run that last read it.';
