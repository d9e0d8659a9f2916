-- 009_a: the MinHash sketch of every original article, so duplicate detection holds across runs and restarts.

ALTER TABLE articles ADD COLUMN minhash BLOB;
COMMENT ON COLUMN articles.minhash IS 'Bottom-k MinHash sketch of the text''s word 2-gram shingles: up to 64 big-endian uint64 hashes, ascending (transforms.dedupe.sketch). Seeds the near-duplicate index of later runs; NULL until first needed for articles stored before it existed.';
