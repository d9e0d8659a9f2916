-- 001: the warehouse tables. Timestamps are TIMESTAMPTZ (UTC); JSON columns hold small documents.

COMMENT ON TABLE _migrations IS 'Numbered schema migrations already applied to this file (warehouse/migrations/NNN_*.sql).';
COMMENT ON COLUMN _migrations.name IS 'Migration file name, e.g. 001_schema.sql.';
COMMENT ON COLUMN _migrations.applied_at IS 'When the migration was applied (UTC).';

CREATE TABLE runs (
    run_id      VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    params      JSON,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL,
    stats       JSON
);
COMMENT ON TABLE runs IS 'One row per pipeline run (ingest, backfill, reprocess, crawl, load, ...), with its parameters and outcome.';
COMMENT ON COLUMN runs.run_id IS 'Unique, sortable run id, e.g. ingest-20260124T101500Z-3f2a9c.';
COMMENT ON COLUMN runs.kind IS 'What the run did: ingest | backfill | reprocess | crawl | load | clean | extract | ...';
COMMENT ON COLUMN runs.params IS 'Parameters the run was started with (sources, since, until, ...) as JSON.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished (UTC); NULL while running or if it died.';
COMMENT ON COLUMN runs.status IS 'running | completed | failed (or another final state the flow reports).';
COMMENT ON COLUMN runs.stats IS 'Counts the run reported per step (crawl, load, clean, extract) as JSON.';

CREATE TABLE fetches (
    run_id         VARCHAR NOT NULL,
    page_id        VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    source         VARCHAR,
    status         INTEGER,
    error          VARCHAR,
    discovered_via VARCHAR,
    lastmod        TIMESTAMPTZ,
    fetched_at     TIMESTAMPTZ,
    PRIMARY KEY (run_id, page_id)
);
COMMENT ON TABLE fetches IS 'Every fetch attempt a crawl landed, one row per run and page: successes, 304 Not Modified and failures.';
COMMENT ON COLUMN fetches.run_id IS 'The crawl run that made the request (runs.run_id).';
COMMENT ON COLUMN fetches.page_id IS 'Stable page id: sha1 of the requested URL (pages.page_id).';
COMMENT ON COLUMN fetches.url IS 'The URL requested.';
COMMENT ON COLUMN fetches.final_url IS 'The URL after redirects.';
COMMENT ON COLUMN fetches.source IS 'Source (site) name the URL was crawled for.';
COMMENT ON COLUMN fetches.status IS 'HTTP status code (304 = not modified since the last fetch); NULL or 0 when no response.';
COMMENT ON COLUMN fetches.error IS 'Why the fetch failed (timeout, DNS, http error, ...); NULL on success.';
COMMENT ON COLUMN fetches.discovered_via IS 'How the URL was found: sitemap, rss, atom, ... as the spider reported it.';
COMMENT ON COLUMN fetches.lastmod IS 'Last-modified date the sitemap or feed gave for the URL (UTC), if any.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the response (or failure) was received (UTC).';

CREATE TABLE pages (
    page_id        VARCHAR PRIMARY KEY,
    url            VARCHAR NOT NULL,
    final_url      VARCHAR,
    source         VARCHAR,
    status         INTEGER,
    headers        JSON,
    etag           VARCHAR,
    last_modified  VARCHAR,
    lastmod        TIMESTAMPTZ,
    discovered_via VARCHAR,
    body_sha1      VARCHAR NOT NULL,
    body           BLOB,
    fetched_at     TIMESTAMPTZ,
    first_run_id   VARCHAR,
    last_run_id    VARCHAR
);
COMMENT ON TABLE pages IS 'The latest successful (2xx) body of every page ever fetched; replaced only when its sha1 changes.';
COMMENT ON COLUMN pages.page_id IS 'Stable page id: sha1 of the requested URL.';
COMMENT ON COLUMN pages.url IS 'The URL requested.';
COMMENT ON COLUMN pages.final_url IS 'The URL after redirects, for the stored body.';
COMMENT ON COLUMN pages.source IS 'Source (site) name the page belongs to.';
COMMENT ON COLUMN pages.status IS 'HTTP status of the fetch that produced the stored body (2xx).';
COMMENT ON COLUMN pages.headers IS 'Response headers of the stored body, as a JSON object.';
COMMENT ON COLUMN pages.etag IS 'ETag response header, sent back as If-None-Match on the next crawl.';
COMMENT ON COLUMN pages.last_modified IS 'Last-Modified response header, sent back as If-Modified-Since on the next crawl.';
COMMENT ON COLUMN pages.lastmod IS 'Latest last-modified date the sitemap or feed gave for the URL (UTC).';
COMMENT ON COLUMN pages.discovered_via IS 'How the URL was found (sitemap, rss, atom, ...).';
COMMENT ON COLUMN pages.body_sha1 IS 'sha1 (hex) of the stored body; articles and skips record the sha1 they were cleaned from.';
COMMENT ON COLUMN pages.body IS 'Response body exactly as served (undecoded bytes).';
COMMENT ON COLUMN pages.fetched_at IS 'When the stored body was fetched (UTC).';
COMMENT ON COLUMN pages.first_run_id IS 'Run that first stored a body for this page.';
COMMENT ON COLUMN pages.last_run_id IS 'Latest run that fetched the page (including 304 Not Modified).';

CREATE TABLE landed_files (
    path       VARCHAR PRIMARY KEY,
    size       BIGINT NOT NULL,
    mtime      DOUBLE NOT NULL,
    n_rows     BIGINT NOT NULL,
    loaded_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE landed_files IS 'Landing Parquet files already loaded, so re-offered files are skipped without being read.';
COMMENT ON COLUMN landed_files.path IS 'Absolute path of the landing file.';
COMMENT ON COLUMN landed_files.size IS 'File size in bytes when loaded (a changed size means reload).';
COMMENT ON COLUMN landed_files.mtime IS 'File modification time (epoch seconds) when loaded.';
COMMENT ON COLUMN landed_files.n_rows IS 'Rows the file held.';
COMMENT ON COLUMN landed_files.loaded_at IS 'When the file was loaded (UTC).';

CREATE TABLE articles (
    id              VARCHAR PRIMARY KEY,
    url             VARCHAR NOT NULL,
    canonical_url   VARCHAR,
    title           VARCHAR,
    author          VARCHAR,
    published       DATE,
    language        VARCHAR,
    sitename        VARCHAR,
    text            VARCHAR NOT NULL,
    content_hash    VARCHAR,
    simhash         UBIGINT,
    duplicate_of    VARCHAR,
    body_sha1       VARCHAR,
    cleaner_version VARCHAR NOT NULL,
    run_id          VARCHAR,
    cleaned_at      TIMESTAMPTZ NOT NULL,
    first_run_id    VARCHAR,
    first_seen_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE articles IS 'Pages trafilatura turned into articles (main text and metadata), one per page.';
COMMENT ON COLUMN articles.id IS 'Article id = pages.page_id it was cleaned from.';
COMMENT ON COLUMN articles.url IS 'The page URL.';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL the page declares (or the URL itself).';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.author IS 'Byline, if found.';
COMMENT ON COLUMN articles.published IS 'Publication date, if found.';
COMMENT ON COLUMN articles.language IS 'Detected or declared language code.';
COMMENT ON COLUMN articles.sitename IS 'Publisher name, if found.';
COMMENT ON COLUMN articles.text IS 'Main text; fact evidence offsets point into it (section text).';
COMMENT ON COLUMN articles.content_hash IS 'Hash of the normalised text: the exact-duplicate key.';
COMMENT ON COLUMN articles.simhash IS '64-bit simhash of the text: the near-duplicate fingerprint.';
COMMENT ON COLUMN articles.duplicate_of IS 'Id of the earlier article this one duplicates; NULL for originals (duplicates are usually set aside in skipped_pages instead).';
COMMENT ON COLUMN articles.body_sha1 IS 'sha1 of the page body the article was cleaned from (pages.body_sha1).';
COMMENT ON COLUMN articles.cleaner_version IS 'Version of the cleaner that produced the article.';
COMMENT ON COLUMN articles.run_id IS 'Run that last cleaned the page.';
COMMENT ON COLUMN articles.cleaned_at IS 'When the page was last cleaned (UTC).';
COMMENT ON COLUMN articles.first_run_id IS 'Run that first produced the article.';
COMMENT ON COLUMN articles.first_seen_at IS 'When the article was first stored (UTC): the order duplicates are judged in.';

CREATE TABLE skipped_pages (
    page_id         VARCHAR PRIMARY KEY,
    url             VARCHAR,
    reason          VARCHAR NOT NULL,
    detail          VARCHAR,
    body_sha1       VARCHAR,
    cleaner_version VARCHAR NOT NULL,
    run_id          VARCHAR,
    skipped_at      TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE skipped_pages IS 'Pages the cleaner set aside instead of producing an article, with the reason.';
COMMENT ON COLUMN skipped_pages.page_id IS 'pages.page_id of the page set aside.';
COMMENT ON COLUMN skipped_pages.url IS 'The page URL.';
COMMENT ON COLUMN skipped_pages.reason IS 'Machine-readable reason, e.g. not_article:too_short, undecodable, duplicate_of:<article id>.';
COMMENT ON COLUMN skipped_pages.detail IS 'Human-readable detail of the reason.';
COMMENT ON COLUMN skipped_pages.body_sha1 IS 'sha1 of the page body that was judged (pages.body_sha1).';
COMMENT ON COLUMN skipped_pages.cleaner_version IS 'Version of the cleaner that set the page aside.';
COMMENT ON COLUMN skipped_pages.run_id IS 'Run that set the page aside.';
COMMENT ON COLUMN skipped_pages.skipped_at IS 'When the page was set aside (UTC).';

CREATE TABLE companies (
    id        VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    kind      VARCHAR,
    country   VARCHAR,
    parent_id VARCHAR,
    aliases   VARCHAR[],
    version   VARCHAR
);
COMMENT ON TABLE companies IS 'The curated company table (transforms/data/companies.csv) mentions are resolved against.';
COMMENT ON COLUMN companies.id IS 'Company slug, e.g. anhui-jianghuai.';
COMMENT ON COLUMN companies.name IS 'Canonical display name.';
COMMENT ON COLUMN companies.kind IS 'automaker | brand | battery | supplier | tech | joint_venture | other.';
COMMENT ON COLUMN companies.country IS 'Home country, if known.';
COMMENT ON COLUMN companies.parent_id IS 'companies.id of the parent group, if any.';
COMMENT ON COLUMN companies.aliases IS 'Other names the company is written as.';
COMMENT ON COLUMN companies.version IS 'Version of the company table this row came from.';

CREATE TABLE partnership_mentions (
    article_id        VARCHAR NOT NULL,
    company_a         VARCHAR NOT NULL,
    company_b         VARCHAR NOT NULL,
    company_a_id      VARCHAR,
    company_b_id      VARCHAR,
    kind              VARCHAR,
    status            VARCHAR,
    brand             VARCHAR,
    sentence          VARCHAR NOT NULL,
    section           VARCHAR NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    published         DATE,
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR
);
COMMENT ON TABLE partnership_mentions IS 'Each partnership an article states, with its evidence sentence (one row per fact per article).';
COMMENT ON COLUMN partnership_mentions.article_id IS 'articles.id the fact was read in.';
COMMENT ON COLUMN partnership_mentions.company_a IS 'First company of the pair (the pair is ordered so company_a < company_b).';
COMMENT ON COLUMN partnership_mentions.company_b IS 'Second company of the pair.';
COMMENT ON COLUMN partnership_mentions.company_a_id IS 'companies.id of company_a; NULL when unresolved.';
COMMENT ON COLUMN partnership_mentions.company_b_id IS 'companies.id of company_b; NULL when unresolved.';
COMMENT ON COLUMN partnership_mentions.kind IS 'joint_venture | co_development | manufacturing | supply | licensing | investment | alliance | mou | partnership.';
COMMENT ON COLUMN partnership_mentions.status IS 'active | talks | ended, as the sentence states it.';
COMMENT ON COLUMN partnership_mentions.brand IS 'Brand the cooperation is about, if named.';
COMMENT ON COLUMN partnership_mentions.sentence IS 'Evidence: the sentence the fact was read in.';
COMMENT ON COLUMN partnership_mentions.section IS 'Where the sentence is: text or title.';
COMMENT ON COLUMN partnership_mentions.start_offset IS 'Start character offset of the sentence in the section.';
COMMENT ON COLUMN partnership_mentions.end_offset IS 'End character offset (exclusive) of the sentence in the section.';
COMMENT ON COLUMN partnership_mentions.published IS 'Publication date of the article (when the fact was reported).';
COMMENT ON COLUMN partnership_mentions.extractor_version IS 'Extractor version that produced the fact.';
COMMENT ON COLUMN partnership_mentions.run_id IS 'Run that extracted the fact.';

CREATE TABLE sales_mentions (
    article_id          VARCHAR NOT NULL,
    entity              VARCHAR NOT NULL,
    entity_id           VARCHAR,
    brand               VARCHAR,
    model               VARCHAR,
    units               BIGINT NOT NULL,
    approximate         BOOLEAN NOT NULL,
    metric              VARCHAR NOT NULL,
    period_start        DATE NOT NULL,
    period_end          DATE NOT NULL,
    region              VARCHAR,
    optional_comparison BOOLEAN NOT NULL,
    sentence            VARCHAR NOT NULL,
    section             VARCHAR NOT NULL,
    start_offset        INTEGER NOT NULL,
    end_offset          INTEGER NOT NULL,
    published           DATE,
    extractor_version   VARCHAR NOT NULL,
    run_id              VARCHAR
);
COMMENT ON TABLE sales_mentions IS 'Each sales figure an article states, with its evidence sentence (one row per fact per article).';
COMMENT ON COLUMN sales_mentions.article_id IS 'articles.id the fact was read in.';
COMMENT ON COLUMN sales_mentions.entity IS 'Company or brand that sold the vehicles.';
COMMENT ON COLUMN sales_mentions.entity_id IS 'companies.id of the entity; NULL when unresolved.';
COMMENT ON COLUMN sales_mentions.brand IS 'Brand, if named.';
COMMENT ON COLUMN sales_mentions.model IS 'Vehicle model, if the figure is for one model.';
COMMENT ON COLUMN sales_mentions.units IS 'Number of vehicles.';
COMMENT ON COLUMN sales_mentions.approximate IS 'True when the text hedges the figure (about, nearly, more than, ...).';
COMMENT ON COLUMN sales_mentions.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN sales_mentions.period_start IS 'First day of the period the figure covers.';
COMMENT ON COLUMN sales_mentions.period_end IS 'Last day of the period the figure covers.';
COMMENT ON COLUMN sales_mentions.region IS 'Market the figure covers, if stated.';
COMMENT ON COLUMN sales_mentions.optional_comparison IS 'True for a comparison figure (an earlier period quoted for contrast).';
COMMENT ON COLUMN sales_mentions.sentence IS 'Evidence: the sentence the fact was read in.';
COMMENT ON COLUMN sales_mentions.section IS 'Where the sentence is: text or title.';
COMMENT ON COLUMN sales_mentions.start_offset IS 'Start character offset of the sentence in the section.';
COMMENT ON COLUMN sales_mentions.end_offset IS 'End character offset (exclusive) of the sentence in the section.';
COMMENT ON COLUMN sales_mentions.published IS 'Publication date of the article (when the fact was reported).';
COMMENT ON COLUMN sales_mentions.extractor_version IS 'Extractor version that produced the fact.';
COMMENT ON COLUMN sales_mentions.run_id IS 'Run that extracted the fact.';

CREATE TABLE company_mentions (
    article_id        VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    company_id        VARCHAR,
    mention_text      VARCHAR,
    start_offset      INTEGER,
    end_offset        INTEGER,
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR
);
COMMENT ON TABLE company_mentions IS 'Every organisation named in an article, resolved or not: the source of the unresolved-name report.';
COMMENT ON COLUMN company_mentions.article_id IS 'articles.id the name was read in.';
COMMENT ON COLUMN company_mentions.name IS 'Canonical name when resolved, else a normalised form of the text.';
COMMENT ON COLUMN company_mentions.company_id IS 'companies.id; NULL when the name is not in the company table.';
COMMENT ON COLUMN company_mentions.mention_text IS 'The name as written.';
COMMENT ON COLUMN company_mentions.start_offset IS 'Start character offset of the mention.';
COMMENT ON COLUMN company_mentions.end_offset IS 'End character offset (exclusive) of the mention.';
COMMENT ON COLUMN company_mentions.extractor_version IS 'Extractor version that found the mention.';
COMMENT ON COLUMN company_mentions.run_id IS 'Run that extracted the mention.';

CREATE TABLE extractions (
    article_id        VARCHAR PRIMARY KEY,
    extractor_version VARCHAR NOT NULL,
    content_hash      VARCHAR,
    run_id            VARCHAR,
    extracted_at      TIMESTAMPTZ NOT NULL,
    n_partnerships    INTEGER NOT NULL,
    n_sales           INTEGER NOT NULL
);
COMMENT ON TABLE extractions IS 'Which extractor version last read each article (also when it found nothing).';
COMMENT ON COLUMN extractions.article_id IS 'articles.id.';
COMMENT ON COLUMN extractions.extractor_version IS 'Extractor version whose facts are stored for the article.';
COMMENT ON COLUMN extractions.content_hash IS 'articles.content_hash of the text extracted from (a changed text is re-extracted).';
COMMENT ON COLUMN extractions.run_id IS 'Run that extracted the article.';
COMMENT ON COLUMN extractions.extracted_at IS 'When the article was extracted (UTC).';
COMMENT ON COLUMN extractions.n_partnerships IS 'Partnership facts found.';
COMMENT ON COLUMN extractions.n_sales IS 'Sales facts found.';

CREATE TABLE backfill_chunks (
    backfill_id VARCHAR NOT NULL,
    chunk_start DATE NOT NULL,
    chunk_end   DATE NOT NULL,
    sources     VARCHAR[],
    status      VARCHAR NOT NULL,
    run_id      VARCHAR,
    finished_at TIMESTAMPTZ,
    stats       JSON,
    PRIMARY KEY (backfill_id, chunk_start)
);
COMMENT ON TABLE backfill_chunks IS 'Progress of resumable backfills: one row per date chunk.';
COMMENT ON COLUMN backfill_chunks.backfill_id IS 'Id of the backfill (stable across resumes).';
COMMENT ON COLUMN backfill_chunks.chunk_start IS 'First day of the chunk.';
COMMENT ON COLUMN backfill_chunks.chunk_end IS 'Last day of the chunk.';
COMMENT ON COLUMN backfill_chunks.sources IS 'Sources the chunk covers.';
COMMENT ON COLUMN backfill_chunks.status IS 'running | done | failed.';
COMMENT ON COLUMN backfill_chunks.run_id IS 'Run that last worked on the chunk.';
COMMENT ON COLUMN backfill_chunks.finished_at IS 'When the chunk last changed status (UTC).';
COMMENT ON COLUMN backfill_chunks.stats IS 'Counts for the chunk as JSON.';
