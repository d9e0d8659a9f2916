-- Facts name companies as the article writes them ("JAC", "Huawei's Smart Car unit"). The mention
-- tables now hold the canonical company name when the mention resolved (so the aggregates and views
-- group one company under one name), and keep the name as written in *_text columns.
ALTER TABLE partnership_mentions ADD COLUMN company_a_text VARCHAR;
ALTER TABLE partnership_mentions ADD COLUMN company_b_text VARCHAR;
ALTER TABLE sales_mentions ADD COLUMN entity_text VARCHAR;

COMMENT ON COLUMN partnership_mentions.company_a IS 'First company of the pair (alphabetical): the canonical name from companies when resolved, else the name as written.';
COMMENT ON COLUMN partnership_mentions.company_b IS 'Second company of the pair: the canonical name from companies when resolved, else the name as written.';
COMMENT ON COLUMN partnership_mentions.company_a_text IS 'company_a as the article names it (legal suffixes dropped).';
COMMENT ON COLUMN partnership_mentions.company_b_text IS 'company_b as the article names it (legal suffixes dropped).';
COMMENT ON COLUMN sales_mentions.entity IS 'Company or brand that sold the vehicles: the canonical name from companies when resolved, else the name as written.';
COMMENT ON COLUMN sales_mentions.entity_text IS 'entity as the article names it.';
