-- 011_a: where each stored body also sits in a landing file, so cleaning streams bodies from Parquet
-- (in worker processes, on any machine that sees the landing folder) instead of reading them back
-- from the warehouse batch by batch.

ALTER TABLE pages ADD COLUMN landing_path VARCHAR;
ALTER TABLE pages ADD COLUMN landing_row BIGINT;
COMMENT ON COLUMN pages.landing_path IS 'Landing Parquet file holding the same body as pages.body (absolute path); NULL for pages loaded before it was kept. Cleaning reads the body from there when the file is still present and its sha1 matches, else from pages.body.';
COMMENT ON COLUMN pages.landing_row IS 'Row number (0-based) of the body in landing_path.';
