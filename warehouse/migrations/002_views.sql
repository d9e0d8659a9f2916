-- 002: aggregates and analyst views. Views, not tables: always current, nothing to refresh.

CREATE VIEW partnerships AS
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
        AS latest_status
FROM partnership_mentions
GROUP BY company_a, company_b, company_a_id, company_b_id, kind;
COMMENT ON VIEW partnerships IS 'One row per company pair and kind of cooperation, over all articles that report it.';
COMMENT ON COLUMN partnerships.company_a IS 'First company of the pair (company_a < company_b).';
COMMENT ON COLUMN partnerships.company_b IS 'Second company of the pair.';
COMMENT ON COLUMN partnerships.company_a_id IS 'companies.id of company_a; NULL when unresolved.';
COMMENT ON COLUMN partnerships.company_b_id IS 'companies.id of company_b; NULL when unresolved.';
COMMENT ON COLUMN partnerships.kind IS 'Kind of cooperation (joint_venture, supply, ...); NULL when not stated.';
COMMENT ON COLUMN partnerships.first_reported IS 'Earliest publication date of an article reporting it.';
COMMENT ON COLUMN partnerships.last_reported IS 'Latest publication date of an article reporting it.';
COMMENT ON COLUMN partnerships.n_articles IS 'Number of articles reporting it.';
COMMENT ON COLUMN partnerships.latest_status IS 'Status (active | talks | ended) in the most recently published report.';

CREATE VIEW sales AS
SELECT
    entity,
    entity_id,
    brand,
    model,
    region,
    metric,
    period_start,
    period_end,
    units,
    count(DISTINCT article_id) AS n_articles,
    bool_or(approximate) AS approximate,
    bool_and(optional_comparison) AS only_comparison,
    min(published) AS first_reported,
    max(published) AS last_reported
FROM sales_mentions
GROUP BY entity, entity_id, brand, model, region, metric, period_start, period_end, units;
COMMENT ON VIEW sales IS 'One row per distinct sales figure (entity, model, region, metric, period, units) with how many articles state it.';
COMMENT ON COLUMN sales.entity IS 'Company or brand that sold the vehicles.';
COMMENT ON COLUMN sales.entity_id IS 'companies.id of the entity; NULL when unresolved.';
COMMENT ON COLUMN sales.brand IS 'Brand, if named.';
COMMENT ON COLUMN sales.model IS 'Vehicle model; NULL for a company- or brand-wide figure.';
COMMENT ON COLUMN sales.region IS 'Market the figure covers, if stated.';
COMMENT ON COLUMN sales.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN sales.period_start IS 'First day of the period.';
COMMENT ON COLUMN sales.period_end IS 'Last day of the period.';
COMMENT ON COLUMN sales.units IS 'Number of vehicles.';
COMMENT ON COLUMN sales.n_articles IS 'Number of articles stating this figure.';
COMMENT ON COLUMN sales.approximate IS 'True when any article hedges the figure.';
COMMENT ON COLUMN sales.only_comparison IS 'True when the figure only appears as a comparison for an earlier period.';
COMMENT ON COLUMN sales.first_reported IS 'Earliest publication date of an article stating it.';
COMMENT ON COLUMN sales.last_reported IS 'Latest publication date of an article stating it.';

CREATE VIEW v_company_partnerships AS
SELECT company_a AS company, company_a_id AS company_id, company_b AS partner, company_b_id AS partner_id,
       kind, latest_status AS status, first_reported, last_reported, n_articles
FROM partnerships
UNION ALL
SELECT company_b, company_b_id, company_a, company_a_id,
       kind, latest_status, first_reported, last_reported, n_articles
FROM partnerships;
COMMENT ON VIEW v_company_partnerships IS 'Every partnership seen from both sides: filter on company to list its partners.';
COMMENT ON COLUMN v_company_partnerships.company IS 'The company whose partners are listed.';
COMMENT ON COLUMN v_company_partnerships.company_id IS 'companies.id of company; NULL when unresolved.';
COMMENT ON COLUMN v_company_partnerships.partner IS 'The partner company.';
COMMENT ON COLUMN v_company_partnerships.partner_id IS 'companies.id of partner; NULL when unresolved.';
COMMENT ON COLUMN v_company_partnerships.kind IS 'Kind of cooperation.';
COMMENT ON COLUMN v_company_partnerships.status IS 'Status in the most recently published report.';
COMMENT ON COLUMN v_company_partnerships.first_reported IS 'Earliest publication date reporting it.';
COMMENT ON COLUMN v_company_partnerships.last_reported IS 'Latest publication date reporting it.';
COMMENT ON COLUMN v_company_partnerships.n_articles IS 'Number of articles reporting it.';

CREATE VIEW v_sales_series AS
WITH s AS (
    SELECT m.*, p.source,
           date_diff('month', m.period_start, m.period_end) + 1 AS n_months,
           day(m.period_start) = 1 AND m.period_end = last_day(m.period_end) AS whole_months
    FROM sales_mentions m
    LEFT JOIN pages p ON p.page_id = m.article_id
    WHERE NOT m.optional_comparison
)
SELECT
    entity,
    entity_id,
    brand,
    model,
    region,
    metric,
    period_start,
    period_end,
    CASE
        WHEN whole_months AND n_months = 1 THEN 'month'
        WHEN whole_months AND n_months = 3 AND month(period_start) IN (1, 4, 7, 10) THEN 'quarter'
        WHEN whole_months AND n_months = 6 AND month(period_start) IN (1, 7) THEN 'half'
        WHEN whole_months AND n_months = 12 AND month(period_start) = 1 THEN 'year'
        WHEN month(period_start) = 1 AND day(period_start) = 1 AND year(period_end) = year(period_start)
            THEN 'ytd'
        ELSE 'other'
    END AS granularity,
    units,
    bool_or(approximate) AS approximate,
    count(DISTINCT article_id) AS n_articles,
    count(DISTINCT source) AS n_sources,
    min(published) AS first_reported,
    max(published) AS last_reported
FROM s
GROUP BY ALL;
COMMENT ON VIEW v_sales_series IS 'Sales figures per entity/brand/model and period (comparison figures left out), with the period granularity; two rows for one period mean sources disagree (see v_sales_conflicts).';
COMMENT ON COLUMN v_sales_series.entity IS 'Company or brand that sold the vehicles.';
COMMENT ON COLUMN v_sales_series.entity_id IS 'companies.id of the entity; NULL when unresolved.';
COMMENT ON COLUMN v_sales_series.brand IS 'Brand, if named.';
COMMENT ON COLUMN v_sales_series.model IS 'Vehicle model; NULL for a company- or brand-wide figure.';
COMMENT ON COLUMN v_sales_series.region IS 'Market the figure covers, if stated.';
COMMENT ON COLUMN v_sales_series.metric IS 'sold | delivered | registered | retailed | wholesaled.';
COMMENT ON COLUMN v_sales_series.period_start IS 'First day of the period.';
COMMENT ON COLUMN v_sales_series.period_end IS 'Last day of the period.';
COMMENT ON COLUMN v_sales_series.granularity IS 'month | quarter | half | year | ytd (Jan 1 to a date in the same year) | other.';
COMMENT ON COLUMN v_sales_series.units IS 'Number of vehicles.';
COMMENT ON COLUMN v_sales_series.approximate IS 'True when any article hedges the figure.';
COMMENT ON COLUMN v_sales_series.n_articles IS 'Number of articles stating the figure.';
COMMENT ON COLUMN v_sales_series.n_sources IS 'Number of distinct sources (sites) stating the figure.';
COMMENT ON COLUMN v_sales_series.first_reported IS 'Earliest publication date stating it.';
COMMENT ON COLUMN v_sales_series.last_reported IS 'Latest publication date stating it.';

CREATE VIEW v_sales_conflicts AS
WITH s AS (
    SELECT m.*, a.url
    FROM sales_mentions m
    LEFT JOIN articles a ON a.id = m.article_id
),
conflicting AS (
    SELECT entity, coalesce(model, '') AS model_key, metric, coalesce(region, '') AS region_key,
           period_start, period_end
    FROM s
    GROUP BY ALL
    HAVING count(DISTINCT units) > 1
)
SELECT s.entity, s.model, s.metric, s.region, s.period_start, s.period_end, s.units, s.approximate,
       s.optional_comparison, s.article_id, s.url, s.published, s.sentence
FROM s
JOIN conflicting c
  ON c.entity = s.entity AND c.model_key = coalesce(s.model, '') AND c.metric = s.metric
 AND c.region_key = coalesce(s.region, '') AND c.period_start = s.period_start AND c.period_end = s.period_end
ORDER BY s.entity, s.model, s.period_start, s.period_end, s.units, s.article_id;
COMMENT ON VIEW v_sales_conflicts IS 'Figures that disagree: same entity, model, metric, region and period stated with different units, with the articles and sentences.';
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

CREATE VIEW v_unresolved_companies AS
SELECT name, count(*) AS mentions, count(DISTINCT article_id) AS articles,
       min(mention_text) AS example_text
FROM company_mentions
WHERE company_id IS NULL
GROUP BY name
ORDER BY mentions DESC, name;
COMMENT ON VIEW v_unresolved_companies IS 'Organisation names not in the company table, most mentioned first: candidates to add to companies.csv.';
COMMENT ON COLUMN v_unresolved_companies.name IS 'Normalised name as found.';
COMMENT ON COLUMN v_unresolved_companies.mentions IS 'Number of mentions.';
COMMENT ON COLUMN v_unresolved_companies.articles IS 'Number of articles mentioning it.';
COMMENT ON COLUMN v_unresolved_companies.example_text IS 'One way it was written.';

CREATE VIEW v_latest_runs AS
SELECT run_id, kind, status, started_at, finished_at,
       date_diff('second', started_at, coalesce(finished_at, started_at)) AS duration_s, params, stats
FROM runs
ORDER BY started_at DESC
LIMIT 50;
COMMENT ON VIEW v_latest_runs IS 'The 50 most recent runs, newest first.';
COMMENT ON COLUMN v_latest_runs.run_id IS 'Run id.';
COMMENT ON COLUMN v_latest_runs.kind IS 'ingest | backfill | reprocess | crawl | load | ...';
COMMENT ON COLUMN v_latest_runs.status IS 'running | completed | failed.';
COMMENT ON COLUMN v_latest_runs.started_at IS 'When it started (UTC).';
COMMENT ON COLUMN v_latest_runs.finished_at IS 'When it finished (UTC).';
COMMENT ON COLUMN v_latest_runs.duration_s IS 'Seconds from start to finish (0 while running).';
COMMENT ON COLUMN v_latest_runs.params IS 'Parameters as JSON.';
COMMENT ON COLUMN v_latest_runs.stats IS 'Counts as JSON.';
