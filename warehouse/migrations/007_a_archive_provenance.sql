-- 007_a: provenance of imported archives (`autofacts import`): which file and where in it a record was.

ALTER TABLE fetches ADD COLUMN archive_path VARCHAR;
ALTER TABLE fetches ADD COLUMN archive_offset BIGINT;
COMMENT ON COLUMN fetches.archive_path IS 'Archive file (WARC) the record was imported from, absolute path; NULL for crawled fetches.';
COMMENT ON COLUMN fetches.archive_offset IS 'Byte offset of the WARC record in archive_path (what warcio and CDX indexes call offset); NULL for crawled fetches.';

ALTER TABLE pages ADD COLUMN archive_path VARCHAR;
ALTER TABLE pages ADD COLUMN archive_offset BIGINT;
COMMENT ON COLUMN pages.archive_path IS 'Archive file (WARC) the stored body was imported from; NULL when it was crawled.';
COMMENT ON COLUMN pages.archive_offset IS 'Byte offset of the stored body''s WARC record in archive_path; NULL when crawled.';

ALTER TABLE articles ADD COLUMN archive_path VARCHAR;
ALTER TABLE articles ADD COLUMN archive_offset BIGINT;
COMMENT ON COLUMN articles.archive_path IS 'JSON Lines file of already-extracted articles (news-please, fundus) the article was imported from; NULL for articles cleaned from pages (see pages.archive_path).';
COMMENT ON COLUMN articles.archive_offset IS 'Byte offset of the article''s line in archive_path; NULL for articles cleaned from pages.';
