-- 009_b: the process behind a run, so a later run can tell one still going from one whose process is gone.

ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host VARCHAR;
ALTER TABLE runs ADD COLUMN process_started BIGINT;
ALTER TABLE runs ADD COLUMN died_found_at TIMESTAMPTZ;
COMMENT ON COLUMN runs.pid IS 'Process id of the command that ran it (NULL for runs recorded before it was kept).';
COMMENT ON COLUMN runs.host IS 'Host name of the machine it ran on.';
COMMENT ON COLUMN runs.process_started IS 'Start time of that process (Linux clock ticks since boot), which tells a reused pid from the original.';
COMMENT ON COLUMN runs.died_found_at IS 'When a later command found the run still marked running with its process gone and set status died (UTC); finished_at stays NULL.';
COMMENT ON COLUMN runs.status IS 'running | completed | partial | failed | died (its process was found gone while it was still marked running; see died_found_at).';
