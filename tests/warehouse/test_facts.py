"""Facts: stored with provenance, replaced on re-extraction, aggregated in views; companies synced."""

from __future__ import annotations

from datetime import date

from tests.warehouse.helpers import article, page_id
from transforms.records import ArticleFacts, Company, Evidence, Mention, PartnershipFact, SaleFact
from warehouse.load import (
    store_clean_results,
    store_facts,
    sync_companies,
    unresolved_companies,
)

A = "http://127.0.0.1/a"
B = "http://127.0.0.1/b"


def _articles(con):
    store_clean_results(
        con,
        [article(A), article(B, text="other", published=date(2026, 2, 1))],
        [],
        run_id="r0",
        cleaner_version="c1",
        body_sha1={},
    )


def _partner(a="Globex", b="Acme", status="active", kind="joint_venture"):
    return PartnershipFact(
        a, b, a.lower(), b.lower(), kind, status, None, Evidence(f"{a} and {b} agreed.", 0, 20)
    )


def _sale(units=1000, entity="Acme", comparison=False, start=date(2026, 1, 1), end=date(2026, 1, 31)):
    return SaleFact(
        entity, "acme", None, None, units, False, "sold", start, end, "China",
        Evidence(f"{entity} sold {units} cars.", 5, 30), optional_comparison=comparison,
    )  # fmt: skip


def _facts(url, version="x1", partnerships=(), sales=(), mentions=()):
    return ArticleFacts(page_id(url), version, list(partnerships), list(sales), list(mentions))


def test_store_facts_round_trip_with_provenance(con):
    _articles(con)
    out = store_facts(
        con,
        [
            _facts(
                A,
                partnerships=[_partner()],
                sales=[_sale()],
                mentions=[Mention("ACME", 0, 4, "Acme", "acme")],
            )
        ],
        run_id="r1",
        published={page_id(A): date(2026, 1, 9)},
    )
    assert (out["partnerships"], out["sales"], out["mentions"], out["errors"]) == (1, 1, 1, [])
    row = con.execute(
        "SELECT company_a, company_b, company_a_id, sentence, start_offset, end_offset, published, run_id,"
        " extractor_version FROM partnership_mentions"
    ).fetchone()
    assert row == ("Acme", "Globex", "acme", "Globex and Acme agreed.", 0, 20, date(2026, 1, 9), "r1", "x1")
    assert con.execute(
        "SELECT n_partnerships, n_sales, content_hash IS NOT NULL FROM extractions"
    ).fetchone() == (
        1,
        1,
        True,
    )


def test_re_extraction_replaces_facts(con):
    _articles(con)
    store_facts(
        con,
        [_facts(A, partnerships=[_partner(), _partner(kind="supply")], sales=[_sale()])],
        run_id="r1",
        published={},
    )
    store_facts(
        con, [_facts(A, partnerships=[_partner(kind="supply")], sales=[_sale()])], run_id="r1", published={}
    )
    assert (
        con.execute("SELECT count(*) FROM partnership_mentions").fetchone()[0] == 1
    )  # same batch again: replaced
    store_facts(con, [_facts(A, version="x2", sales=[_sale(units=2000)])], run_id="r2", published={})
    assert con.execute("SELECT count(*) FROM partnership_mentions").fetchone()[0] == 0
    assert con.execute("SELECT units, extractor_version, run_id FROM sales_mentions").fetchall() == [
        (2000, "x2", "r2")
    ]
    assert con.execute("SELECT extractor_version FROM extractions").fetchone()[0] == "x2"
    assert con.execute("SELECT count(*) FROM extractions").fetchone()[0] == 1


def test_facts_for_unknown_articles_are_reported_not_stored(con):
    _articles(con)
    out = store_facts(con, [_facts("http://nowhere/x", sales=[_sale()]), _facts(A)], run_id="r", published={})
    assert out["articles"] == 1 and len(out["errors"]) == 1 and "no such article" in out["errors"][0]
    assert con.execute("SELECT count(*) FROM sales_mentions").fetchone()[0] == 0


def test_aggregates_and_analyst_views(con):
    _articles(con)
    comparison = _sale(900, comparison=True, start=date(2025, 1, 1), end=date(2025, 1, 31))
    quarter = _sale(50, start=date(2026, 1, 1), end=date(2026, 3, 31))
    names = [Mention("Initech Ltd", 0, 11, "Initech", None), Mention("Initech", 20, 27, "Initech", None)]
    facts = [
        _facts(A, partnerships=[_partner(status="talks")], sales=[_sale(1000), comparison]),
        _facts(B, partnerships=[_partner("Acme", "Globex")], sales=[_sale(1200), quarter], mentions=names),
    ]
    store_facts(con, facts, run_id="r1", published={})
    p = con.execute(
        "SELECT company_a, company_b, n_articles, first_reported, last_reported, latest_status"
        " FROM partnerships"
    )
    assert p.fetchall() == [("Acme", "Globex", 2, date(2026, 1, 9), date(2026, 2, 1), "active")]
    both = con.execute("SELECT company, partner FROM v_company_partnerships ORDER BY company").fetchall()
    assert both == [("Acme", "Globex"), ("Globex", "Acme")]
    assert con.execute("SELECT count(*) FROM sales").fetchone()[0] == 4
    series = con.execute(
        "SELECT granularity, units, n_articles FROM v_sales_series ORDER BY period_end, units"
    ).fetchall()
    assert series == [("month", 1000, 1), ("month", 1200, 1), ("quarter", 50, 1)]
    conflicts = con.execute("SELECT units, url FROM v_sales_conflicts ORDER BY units").fetchall()
    assert conflicts == [(1000, A), (1200, B)]
    assert unresolved_companies(con) == [("Initech", 2)]
    assert con.execute("SELECT name, mentions, articles FROM v_unresolved_companies").fetchall() == [
        ("Initech", 2, 1)
    ]


def test_sync_companies_upserts_and_drops(con):
    companies = [
        Company("acme", "Acme", "automaker", "US", None, ("ACME Corp",)),
        Company("globex", "Globex", "supplier"),
    ]
    sync_companies(con, companies, "v1")
    sync_companies(con, companies, "v1")
    assert con.execute("SELECT count(*) FROM companies").fetchone()[0] == 2
    out = sync_companies(con, [Company("acme", "Acme Motors", "automaker", aliases=("Acme",))], "v2")
    assert out["removed"] == 1
    assert con.execute("SELECT id, name, aliases, version FROM companies").fetchall() == [
        ("acme", "Acme Motors", ["Acme"], "v2")
    ]
    sync_companies(con, [], "v3")  # an empty list never wipes the table
    assert con.execute("SELECT count(*) FROM companies").fetchone()[0] == 1


def test_segment_splits_within_one_article_are_not_conflicts(con):
    _articles(con)
    # A states a total and a segment for one month; B repeats the total: no disagreement.
    store_facts(con, [_facts(A, sales=[_sale(1000), _sale(700)]), _facts(B, sales=[_sale(1000)])],
                run_id="r1", published={})
    assert con.execute("SELECT count(*) FROM v_sales_conflicts").fetchone()[0] == 0
    # B now states only a different total: A's 1000 and B's 1200 disagree; A's 700 is disputed too.
    store_facts(con, [_facts(B, version="x2", sales=[_sale(1200)])], run_id="r2", published={})
    rows = con.execute("SELECT units, url FROM v_sales_conflicts ORDER BY units").fetchall()
    assert rows == [(700, A), (1000, A), (1200, B)]


def test_resolved_names_group_under_the_canonical_name(con):
    _articles(con)
    sync_companies(con, [Company("jac", "Anhui Jianghuai Automobile Group", "automaker", "CN"),
                         Company("huawei", "Huawei", "tech", "CN")], "v1")
    as_written = [
        PartnershipFact("JAC", "Huawei", "jac", "huawei", "co_development", "active", None,
                        Evidence("JAC and Huawei agreed.", 0, 22)),
        PartnershipFact("Huawei", "Jianghuai", "huawei", "jac", "co_development", "active", None,
                        Evidence("Huawei and Jianghuai agreed.", 0, 28)),
    ]
    store_facts(con, [_facts(A, partnerships=as_written[:1]), _facts(B, partnerships=as_written[1:])],
                run_id="r1", published={})
    rows = con.execute("SELECT company_a, company_b, n_articles FROM partnerships").fetchall()
    assert rows == [("Anhui Jianghuai Automobile Group", "Huawei", 2)]
    texts = con.execute(
        "SELECT company_a_text, company_b_text FROM partnership_mentions ORDER BY company_a_text"
    ).fetchall()
    assert texts == [("JAC", "Huawei"), ("Jianghuai", "Huawei")]


def test_unstated_facts_are_kept_for_review_not_shown(con):
    """Facts under the scorer's threshold land in the mention tables with their confidence, stay out of
    the analysts' views and are listed in v_facts_to_review with their evidence."""
    _articles(con)
    from dataclasses import replace

    low_pair = replace(_partner("Initech", "Acme"), confidence=0.35, stated=False)
    low_sale = replace(_sale(units=7), confidence=0.3, stated=False)
    bev = replace(_sale(units=500), segment="bev", confidence=0.9)
    store_facts(
        con,
        [_facts(A, partnerships=[_partner(), low_pair], sales=[_sale(), low_sale, bev])],
        run_id="r1",
        published={},
    )
    assert con.execute("SELECT count(*) FROM partnerships").fetchone() == (1,)
    rows = sorted(con.execute("SELECT units, segment FROM sales").fetchall())
    assert rows == [(500, "bev"), (1000, "total")]
    review = con.execute("SELECT fact_kind, fact, confidence, sentence FROM v_facts_to_review").fetchall()
    assert review == [
        ("partnership", "Acme & Initech", 0.35, "Initech and Acme agreed."),
        ("sale", "Acme: 7 sold", 0.3, "Acme sold 7 cars."),
    ]
    assert con.execute("SELECT n_partnerships, n_sales FROM extractions").fetchone() == (1, 2)


def test_a_segment_figure_is_no_conflict_with_the_total(con):
    _articles(con)
    from dataclasses import replace

    store_facts(con, [_facts(A, sales=[_sale(units=1000)])], run_id="r1", published={})
    store_facts(con, [_facts(B, sales=[replace(_sale(units=400), segment="bev")])], run_id="r1", published={})
    assert con.execute("SELECT count(*) FROM v_sales_conflicts").fetchone() == (0,)
    store_facts(con, [_facts(B, sales=[_sale(units=900)])], run_id="r2", published={})
    assert con.execute("SELECT count(*) FROM v_sales_conflicts").fetchone() == (2,)
