-- 006_a: an article whose text was cut to the cleaner's size limit says so (and why).
ALTER TABLE articles ADD COLUMN text_cut VARCHAR;
COMMENT ON COLUMN articles.text_cut IS 'Why the text stops short of the page''s, e.g. text_over_1000000_chars:4200000 (limit, then the full length in characters; transforms/clean.py:MAX_TEXT_CHARS); NULL when the whole text is kept.';
