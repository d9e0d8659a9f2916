-- 006_b: landing files set aside because they do not match spiders/landing.py:LANDING_SCHEMA.
CREATE TABLE quarantined_files (
    path           VARCHAR PRIMARY KEY,
    original_path  VARCHAR NOT NULL,
    reason         VARCHAR NOT NULL,
    size           BIGINT,
    run_id         VARCHAR,
    quarantined_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE quarantined_files IS 'Landing files that did not match the landing schema (drifted column type, missing column, corrupt or empty): moved to <landing>/_quarantine/ instead of loaded, so the rest of their batch loads. Shown by autofacts status; move a repaired file back under <landing>/<run>/ to load it.';
COMMENT ON COLUMN quarantined_files.path IS 'Where the file is now, under <landing>/_quarantine/<run folder>/.';
COMMENT ON COLUMN quarantined_files.original_path IS 'Where the file was when the load rejected it.';
COMMENT ON COLUMN quarantined_files.reason IS 'Why it was rejected, one line: empty file, not a readable Parquet file (...), lacks column(s) ..., column type drift: status is string, expected int32, unreadable rows (...).';
COMMENT ON COLUMN quarantined_files.size IS 'File size in bytes.';
COMMENT ON COLUMN quarantined_files.run_id IS 'The run whose load rejected the file (runs.run_id).';
COMMENT ON COLUMN quarantined_files.quarantined_at IS 'When the file was moved aside (UTC).';
