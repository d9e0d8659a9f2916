-- A conflict is two articles disagreeing, not one article splitting a figure by segment.
-- An article that states 232,600 NEVs and 158,900 BEVs for one month is not in conflict with
-- itself, nor with another article that also states 232,600: a figure is in conflict only when
-- another article gives a different figure for the same key and neither states the other's.
DROP VIEW IF EXISTS v_sales_conflicts;

CREATE VIEW v_sales_conflicts AS
WITH s AS (
    SELECT m.*, a.url, coalesce(m.model, '') AS model_key, coalesce(m.region, '') AS region_key
    FROM sales_mentions m
    LEFT JOIN articles a ON a.id = m.article_id
),
disputed AS (
    SELECT DISTINCT x.article_id, x.entity, x.model_key, x.metric, x.region_key,
           x.period_start, x.period_end, x.units
    FROM s x
    JOIN s y
      ON y.entity = x.entity AND y.model_key = x.model_key AND y.metric = x.metric
     AND y.region_key = x.region_key AND y.period_start = x.period_start AND y.period_end = x.period_end
     AND y.article_id <> x.article_id AND y.units <> x.units
    WHERE NOT EXISTS (  -- y's article does not also state x's figure …
        SELECT 1 FROM s z
        WHERE z.article_id = y.article_id AND z.entity = x.entity AND z.model_key = x.model_key
          AND z.metric = x.metric AND z.region_key = x.region_key
          AND z.period_start = x.period_start AND z.period_end = x.period_end AND z.units = x.units)
      AND NOT EXISTS (  -- … and x's article does not also state y's
        SELECT 1 FROM s z
        WHERE z.article_id = x.article_id AND z.entity = y.entity AND z.model_key = y.model_key
          AND z.metric = y.metric AND z.region_key = y.region_key
          AND z.period_start = y.period_start AND z.period_end = y.period_end AND z.units = y.units)
)
SELECT s.entity, s.model, s.metric, s.region, s.period_start, s.period_end, s.units, s.approximate,
       s.optional_comparison, s.article_id, s.url, s.published, s.sentence
FROM s
JOIN disputed d
  ON d.article_id = s.article_id AND d.entity = s.entity AND d.model_key = s.model_key
 AND d.metric = s.metric AND d.region_key = s.region_key
 AND d.period_start = s.period_start AND d.period_end = s.period_end AND d.units = s.units
ORDER BY s.entity, s.model, s.period_start, s.period_end, s.units, s.article_id;

COMMENT ON VIEW v_sales_conflicts IS 'Figures that articles disagree on: same entity, model, metric, region and period, different units in different articles (segment splits within one article are not conflicts), with the articles and sentences.';
COMMENT ON COLUMN v_sales_conflicts.entity IS 'Company or brand.';
COMMENT ON COLUMN v_sales_conflicts.model IS 'Vehicle model, if any.';
COMMENT ON COLUMN v_sales_conflicts.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN v_sales_conflicts.region IS 'Market, if stated.';
COMMENT ON COLUMN v_sales_conflicts.period_start IS 'First day of the period.';
COMMENT ON COLUMN v_sales_conflicts.period_end IS 'Last day of the period.';
COMMENT ON COLUMN v_sales_conflicts.units IS 'The figure this article states.';
COMMENT ON COLUMN v_sales_conflicts.approximate IS 'True when the article hedges the figure.';
COMMENT ON COLUMN v_sales_conflicts.optional_comparison IS 'True when the article quotes it as a comparison figure.';
COMMENT ON COLUMN v_sales_conflicts.article_id IS 'articles.id stating the figure.';
COMMENT ON COLUMN v_sales_conflicts.url IS 'URL of the article.';
COMMENT ON COLUMN v_sales_conflicts.published IS 'Publication date of the article.';
COMMENT ON COLUMN v_sales_conflicts.sentence IS 'Evidence sentence.';
