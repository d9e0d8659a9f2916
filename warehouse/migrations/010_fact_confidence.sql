-- 010: every fact carries the scorer's confidence; analysts' views show the stated facts (confidence at
-- or above the kind's threshold, transforms/data/scorer.json), v_facts_to_review lists the rest with
-- their evidence. Sales carry a segment, so a series and its conflicts compare like with like.
ALTER TABLE partnership_mentions ADD COLUMN confidence DOUBLE DEFAULT 1.0;
ALTER TABLE partnership_mentions ADD COLUMN stated BOOLEAN DEFAULT true;
ALTER TABLE sales_mentions ADD COLUMN confidence DOUBLE DEFAULT 1.0;
ALTER TABLE sales_mentions ADD COLUMN stated BOOLEAN DEFAULT true;
ALTER TABLE sales_mentions ADD COLUMN segment VARCHAR DEFAULT 'total';

COMMENT ON COLUMN partnership_mentions.confidence IS 'Calibrated probability (0-1) that the sentence states this cooperation: of facts at 0.8 or more, at least 80% were right on the frozen validation set.';
COMMENT ON COLUMN partnership_mentions.stated IS 'True when confidence reached the extractor''s threshold (shown in partnerships and the v_ views); false: kept for review (v_facts_to_review).';
COMMENT ON COLUMN sales_mentions.confidence IS 'Calibrated probability (0-1) that the sentence states this figure as this seller''s sale in this period.';
COMMENT ON COLUMN sales_mentions.stated IS 'True when confidence reached the extractor''s threshold (shown in sales and the v_ views); false: kept for review (v_facts_to_review).';
COMMENT ON COLUMN sales_mentions.segment IS 'What the figure covers: total (no split stated) | bev | phev | nev | hybrid | ice | export | domestic | truck | commercial | passenger.';
COMMENT ON COLUMN sales_mentions.region IS 'The figure''s own market ("China" in "sold 50,000 cars in China"), NULL for a global figure or when the text does not tie it to one.';

CREATE OR REPLACE VIEW partnerships AS
SELECT
    company_a,
    company_b,
    company_a_id,
    company_b_id,
    kind,
    min(published) AS first_reported,
    max(published) AS last_reported,
    count(DISTINCT article_id) AS n_articles,
    arg_max(status, strftime(coalesce(published, DATE '0001-01-01'), '%Y-%m-%d') || '|' || article_id)
        AS latest_status,
    max(confidence) AS confidence
FROM partnership_mentions
WHERE stated
GROUP BY company_a, company_b, company_a_id, company_b_id, kind;
COMMENT ON VIEW partnerships IS 'One row per company pair and kind of cooperation, over all articles that state it (stated facts only; see v_facts_to_review for the rest).';
COMMENT ON COLUMN partnerships.company_a IS 'First company of the pair (company_a < company_b).';
COMMENT ON COLUMN partnerships.company_b IS 'Second company of the pair.';
COMMENT ON COLUMN partnerships.company_a_id IS 'companies.id of company_a; NULL when unresolved.';
COMMENT ON COLUMN partnerships.company_b_id IS 'companies.id of company_b; NULL when unresolved.';
COMMENT ON COLUMN partnerships.kind IS 'Kind of cooperation (joint_venture, supply, ...); NULL when not stated.';
COMMENT ON COLUMN partnerships.first_reported IS 'Earliest publication date of an article reporting it.';
COMMENT ON COLUMN partnerships.last_reported IS 'Latest publication date of an article reporting it.';
COMMENT ON COLUMN partnerships.n_articles IS 'Number of articles reporting it.';
COMMENT ON COLUMN partnerships.latest_status IS 'Status (active | talks | ended) in the most recently published report.';
COMMENT ON COLUMN partnerships.confidence IS 'Highest confidence among the articles stating it.';

CREATE OR REPLACE VIEW sales AS
SELECT
    entity,
    entity_id,
    brand,
    model,
    segment,
    region,
    metric,
    period_start,
    period_end,
    units,
    count(DISTINCT article_id) AS n_articles,
    bool_or(approximate) AS approximate,
    bool_and(optional_comparison) AS only_comparison,
    min(published) AS first_reported,
    max(published) AS last_reported,
    max(confidence) AS confidence
FROM sales_mentions
WHERE stated
GROUP BY entity, entity_id, brand, model, segment, region, metric, period_start, period_end, units;
COMMENT ON VIEW sales IS 'One row per distinct sales figure (entity, model, segment, region, metric, period, units) with how many articles state it (stated facts only).';
COMMENT ON COLUMN sales.entity IS 'Company or brand that sold the vehicles.';
COMMENT ON COLUMN sales.entity_id IS 'companies.id of the entity; NULL when unresolved.';
COMMENT ON COLUMN sales.brand IS 'Brand, if named.';
COMMENT ON COLUMN sales.model IS 'Vehicle model; NULL for a company- or brand-wide figure.';
COMMENT ON COLUMN sales.segment IS 'What the figure covers: total | bev | phev | nev | hybrid | ice | export | domestic | truck | commercial | passenger.';
COMMENT ON COLUMN sales.region IS 'Market the figure covers; NULL when global or not stated.';
COMMENT ON COLUMN sales.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN sales.period_start IS 'First day of the period.';
COMMENT ON COLUMN sales.period_end IS 'Last day of the period.';
COMMENT ON COLUMN sales.units IS 'Number of vehicles.';
COMMENT ON COLUMN sales.n_articles IS 'Number of articles stating this figure.';
COMMENT ON COLUMN sales.approximate IS 'True when any article hedges the figure.';
COMMENT ON COLUMN sales.only_comparison IS 'True when the figure only appears as a comparison for an earlier period.';
COMMENT ON COLUMN sales.first_reported IS 'Earliest publication date of an article stating it.';
COMMENT ON COLUMN sales.last_reported IS 'Latest publication date of an article stating it.';
COMMENT ON COLUMN sales.confidence IS 'Highest confidence among the articles stating it.';

CREATE OR REPLACE VIEW v_sales_series AS
WITH s AS (
    SELECT m.*, p.source,
           date_diff('month', m.period_start, m.period_end) + 1 AS n_months,
           day(m.period_start) = 1 AND m.period_end = last_day(m.period_end) AS whole_months
    FROM sales_mentions m
    LEFT JOIN pages p ON p.page_id = m.article_id
    WHERE m.stated AND NOT m.optional_comparison
)
SELECT
    entity,
    entity_id,
    brand,
    model,
    segment,
    region,
    metric,
    period_start,
    period_end,
    CASE
        WHEN whole_months AND n_months = 1 THEN 'month'
        WHEN whole_months AND n_months = 3 AND month(period_start) IN (1, 4, 7, 10) THEN 'quarter'
        WHEN whole_months AND n_months = 6 AND month(period_start) IN (1, 4, 7, 10) THEN 'half'
        WHEN whole_months AND n_months = 12 AND month(period_start) = 1 THEN 'year'
        WHEN whole_months AND n_months = 12 THEN 'fiscal_year'
        WHEN month(period_start) = 1 AND day(period_start) = 1 AND year(period_end) = year(period_start)
            THEN 'ytd'
        ELSE 'other'
    END AS granularity,
    units,
    bool_or(approximate) AS approximate,
    count(DISTINCT article_id) AS n_articles,
    count(DISTINCT source) AS n_sources,
    min(published) AS first_reported,
    max(published) AS last_reported,
    max(confidence) AS confidence
FROM s
GROUP BY ALL;
COMMENT ON VIEW v_sales_series IS 'Stated sales figures per entity/model/segment/region/metric and period (comparison figures left out), with the period granularity: filter on one segment and region to read a series; two rows for one key mean sources disagree (v_sales_conflicts).';
COMMENT ON COLUMN v_sales_series.entity IS 'Company or brand that sold the vehicles.';
COMMENT ON COLUMN v_sales_series.entity_id IS 'companies.id of the entity; NULL when unresolved.';
COMMENT ON COLUMN v_sales_series.brand IS 'Brand, if named.';
COMMENT ON COLUMN v_sales_series.model IS 'Vehicle model; NULL for a company- or brand-wide figure.';
COMMENT ON COLUMN v_sales_series.segment IS 'What the figure covers: total | bev | phev | nev | hybrid | ice | export | domestic | truck | commercial | passenger.';
COMMENT ON COLUMN v_sales_series.region IS 'Market the figure covers; NULL when global or not stated.';
COMMENT ON COLUMN v_sales_series.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN v_sales_series.period_start IS 'First day of the period.';
COMMENT ON COLUMN v_sales_series.period_end IS 'Last day of the period.';
COMMENT ON COLUMN v_sales_series.granularity IS 'month | quarter | half | year | fiscal_year (12 months not starting in January) | ytd (Jan 1 to a date in the same year) | other.';
COMMENT ON COLUMN v_sales_series.units IS 'Number of vehicles.';
COMMENT ON COLUMN v_sales_series.approximate IS 'True when any article hedges the figure.';
COMMENT ON COLUMN v_sales_series.n_articles IS 'Number of articles stating the figure.';
COMMENT ON COLUMN v_sales_series.n_sources IS 'Number of distinct sources (sites) stating the figure.';
COMMENT ON COLUMN v_sales_series.first_reported IS 'Earliest publication date stating it.';
COMMENT ON COLUMN v_sales_series.last_reported IS 'Latest publication date stating it.';
COMMENT ON COLUMN v_sales_series.confidence IS 'Highest confidence among the articles stating it.';

-- Conflicts: two articles giving different figures for the same entity, model, segment, region, metric and
-- period (a BEV figure and an all-vehicle figure never conflict), stated facts only.
CREATE OR REPLACE VIEW v_sales_conflicts AS
WITH s AS (
    SELECT m.*, a.url, coalesce(m.model, '') AS model_key, coalesce(m.region, '') AS region_key
    FROM sales_mentions m
    LEFT JOIN articles a ON a.id = m.article_id
    WHERE m.stated
),
disputed AS (
    SELECT DISTINCT x.article_id, x.entity, x.model_key, x.segment, x.metric, x.region_key,
           x.period_start, x.period_end, x.units
    FROM s x
    JOIN s y
      ON y.entity = x.entity AND y.model_key = x.model_key AND y.segment = x.segment AND y.metric = x.metric
     AND y.region_key = x.region_key AND y.period_start = x.period_start AND y.period_end = x.period_end
     AND y.article_id <> x.article_id AND y.units <> x.units
    WHERE NOT EXISTS (  -- y's article does not also state x's figure …
        SELECT 1 FROM s z
        WHERE z.article_id = y.article_id AND z.entity = x.entity AND z.model_key = x.model_key
          AND z.segment = x.segment AND z.metric = x.metric AND z.region_key = x.region_key
          AND z.period_start = x.period_start AND z.period_end = x.period_end AND z.units = x.units)
      AND NOT EXISTS (  -- … and x's article does not also state y's
        SELECT 1 FROM s z
        WHERE z.article_id = x.article_id AND z.entity = y.entity AND z.model_key = y.model_key
          AND z.segment = y.segment AND z.metric = y.metric AND z.region_key = y.region_key
          AND z.period_start = y.period_start AND z.period_end = y.period_end AND z.units = y.units)
)
SELECT s.entity, s.model, s.segment, s.metric, s.region, s.period_start, s.period_end, s.units, s.approximate,
       s.optional_comparison, s.confidence, s.article_id, s.url, s.published, s.sentence
FROM s
JOIN disputed d
  ON d.article_id = s.article_id AND d.entity = s.entity AND d.model_key = s.model_key
 AND d.segment = s.segment AND d.metric = s.metric AND d.region_key = s.region_key
 AND d.period_start = s.period_start AND d.period_end = s.period_end AND d.units = s.units
ORDER BY s.entity, s.model, s.segment, s.period_start, s.period_end, s.units, s.article_id;
COMMENT ON VIEW v_sales_conflicts IS 'Figures that articles disagree on: same entity, model, segment, metric, region and period, different units in different articles (a segment''s figure never conflicts with the total), with the articles and sentences.';
COMMENT ON COLUMN v_sales_conflicts.entity IS 'Company or brand.';
COMMENT ON COLUMN v_sales_conflicts.model IS 'Vehicle model, if any.';
COMMENT ON COLUMN v_sales_conflicts.segment IS 'What the figure covers (total, bev, phev, ...).';
COMMENT ON COLUMN v_sales_conflicts.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN v_sales_conflicts.region IS 'Market, if stated.';
COMMENT ON COLUMN v_sales_conflicts.period_start IS 'First day of the period.';
COMMENT ON COLUMN v_sales_conflicts.period_end IS 'Last day of the period.';
COMMENT ON COLUMN v_sales_conflicts.units IS 'The figure this article states.';
COMMENT ON COLUMN v_sales_conflicts.approximate IS 'True when the article hedges the figure.';
COMMENT ON COLUMN v_sales_conflicts.optional_comparison IS 'True when the article quotes it as a comparison figure.';
COMMENT ON COLUMN v_sales_conflicts.confidence IS 'The fact''s confidence (0-1).';
COMMENT ON COLUMN v_sales_conflicts.article_id IS 'articles.id stating the figure.';
COMMENT ON COLUMN v_sales_conflicts.url IS 'URL of the article.';
COMMENT ON COLUMN v_sales_conflicts.published IS 'Publication date of the article.';
COMMENT ON COLUMN v_sales_conflicts.sentence IS 'Evidence sentence.';

CREATE VIEW v_facts_to_review AS
SELECT 'partnership' AS fact_kind, m.article_id, a.url, a.title, m.published, m.confidence,
       m.company_a || ' & ' || m.company_b AS fact,
       m.status || coalesce(' ' || m.kind, '') AS detail,
       m.sentence, m.section, m.start_offset, m.end_offset, m.extractor_version, m.run_id
FROM partnership_mentions m LEFT JOIN articles a ON a.id = m.article_id
WHERE NOT m.stated
UNION ALL
SELECT 'sale', m.article_id, a.url, a.title, m.published, m.confidence,
       m.entity || coalesce(' ' || m.model, '') || ': ' || m.units::VARCHAR || ' ' || m.metric,
       strftime(m.period_start, '%Y-%m-%d') || '..' || strftime(m.period_end, '%Y-%m-%d')
           || ' ' || m.segment || coalesce(' ' || m.region, ''),
       m.sentence, m.section, m.start_offset, m.end_offset, m.extractor_version, m.run_id
FROM sales_mentions m LEFT JOIN articles a ON a.id = m.article_id
WHERE NOT m.stated
ORDER BY confidence DESC, published DESC;
COMMENT ON VIEW v_facts_to_review IS 'Facts the extractor found but did not state (confidence between the review floor and the threshold), most likely first, with their evidence: confirm or dismiss them by reading the sentence.';
COMMENT ON COLUMN v_facts_to_review.fact_kind IS 'partnership | sale.';
COMMENT ON COLUMN v_facts_to_review.article_id IS 'articles.id the fact was read in.';
COMMENT ON COLUMN v_facts_to_review.url IS 'URL of the article.';
COMMENT ON COLUMN v_facts_to_review.title IS 'Title of the article.';
COMMENT ON COLUMN v_facts_to_review.published IS 'Publication date of the article.';
COMMENT ON COLUMN v_facts_to_review.confidence IS 'Calibrated probability (0-1) that the fact is right.';
COMMENT ON COLUMN v_facts_to_review.fact IS 'The pair, or the seller (and model), units and metric.';
COMMENT ON COLUMN v_facts_to_review.detail IS 'Partnership: status and kind; sale: period, segment and region.';
COMMENT ON COLUMN v_facts_to_review.sentence IS 'Evidence sentence.';
COMMENT ON COLUMN v_facts_to_review.section IS 'text or title.';
COMMENT ON COLUMN v_facts_to_review.start_offset IS 'Start character offset of the sentence in the section.';
COMMENT ON COLUMN v_facts_to_review.end_offset IS 'End character offset (exclusive) of the sentence in the section.';
COMMENT ON COLUMN v_facts_to_review.extractor_version IS 'Extractor version that produced the fact.';
COMMENT ON COLUMN v_facts_to_review.run_id IS 'Run that extracted the fact.';
