-- 011_a: page bodies stay in their landing files; a page records where (file and row), so cleaning streams
-- bodies from Parquet (in worker processes, on any machine that sees the landing folder) and loads and
-- snapshots no longer copy ~165 kB of HTML per page through DuckDB.

ALTER TABLE pages ADD COLUMN landing_path VARCHAR;
ALTER TABLE pages ADD COLUMN landing_row BIGINT;
COMMENT ON TABLE pages IS 'The latest successful (2xx) fetch of every page ever fetched: headers, validators, body sha1 and where the body is kept (landing_path, landing_row); replaced only when the body''s sha1 changes.';
COMMENT ON COLUMN pages.landing_path IS 'Landing Parquet file holding the stored body (absolute path; column body, row landing_row). Keep the landing folder: it is where bodies live. NULL for pages loaded before bodies stayed there (their body is in pages.body).';
COMMENT ON COLUMN pages.landing_row IS 'Row number (0-based) of the stored body in landing_path.';
COMMENT ON COLUMN pages.body IS 'Response body as served (undecoded bytes), only for pages loaded before bodies stayed in landing files (landing_path NULL); NULL otherwise. warehouse.pages.page_bodies() reads either.';
