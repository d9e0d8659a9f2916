"""The curated company table and name resolution."""

from __future__ import annotations

import pytest

from transforms.companies import (
    COMPANIES_VERSION,
    KINDS,
    CompanyTable,
    load_companies,
    normalise_name,
    parse_companies,
    parse_table,
)
from transforms.records import Company


@pytest.fixture(scope="module")
def table() -> CompanyTable:
    return load_companies()


def test_table_is_large_consistent_and_versioned(table):
    assert COMPANIES_VERSION
    companies = table.all()
    assert len(companies) >= 300
    ids = {c.id for c in companies}
    for c in companies:
        assert c.kind in KINDS
        assert c.parent_id is None or c.parent_id in ids
        assert c.country is None or (len(c.country) == 2 and c.country.isupper())
    assert load_companies() is table  # cached


@pytest.mark.parametrize(
    ("name", "company_id"),
    [
        ("Toyota", "toyota"),
        ("Toyota Motor Corp", "toyota"),
        ("TOYOTA MOTOR CORPORATION", "toyota"),
        ("Toyota's", "toyota"),
        ("toyota motor co., ltd.", "toyota"),
        ("TOYO.T", "toyota"),
        ("<TOYO.T>", "toyota"),
        ("7203.T", "toyota"),
        ("VW", "volkswagen"),
        ("Volkswagen AG", "volkswagen"),
        ("VOWG.DE", "volkswagen"),
        ("GM", "general-motors"),
        ("General Motors Corp", "general-motors"),
        ("Chery Automobile Co Ltd", "chery"),
        ("BAIC Motor", "baic"),
        ("Anhui Jianghuai Automobile Group", "jac"),
        ("JAC Motors", "jac"),
        ("Seres Group", "seres"),
        ("Huawei Technologies Co., Ltd.", "huawei"),
        ("Contemporary Amperex Technology Co Ltd", "catl"),
        ("1211.HK", "byd"),
        ("LG Energy Solution", "lg-energy-solution"),
        ("Skoda", "skoda"),
        ("Škoda Auto", "skoda"),
        ("Mercedes-Benz", "mercedes-benz"),
        ("mercedes benz", "mercedes-benz"),
        ("Daimler-Benz AG", "daimler-benz"),
        ("Regie Nationale des Usines Renault", "renault"),
        ("AB Volvo", "volvo-group"),
        ("Volvo Cars", "volvo-cars"),
        ("American Motors Corp", "amc"),
        ("Delta Motor Corp", "delta-motor"),
        ("MG Rover Group", "mg-rover"),
        ("Nanjing Automobile", "nanjing-auto"),
        ("Sony Honda Mobility", "sony-honda"),
        ("Ultium Cells LLC", "ultium-cells"),
        ("Deere and Co", "deere"),
        ("First Autoworks", "faw"),
        ("PGE Polska Grupa Energetyczna", "pge"),
    ],
)
def test_resolve_names_as_written(table, name, company_id):
    company = table.resolve(name)
    assert company is not None, name
    assert company.id == company_id


@pytest.mark.parametrize(
    ("name", "company_id"),
    [
        ("Volkswagen U.S. Inc", "vw-america"),
        ("Volkswagen of America Inc", "vw-america"),
        ("General Motors of Canada Ltd", "gm-canada"),
        ("Hyundai Motor America", "hyundai-america"),
        ("Huawei's Smart Car unit", "huawei"),
        ("Toyota's European sales division", "toyota"),
        ("Kia Motors Europe", "kia"),
        ("Ford Motor Co of Europe", "ford"),
        ("Japan's Nissan Motor Co Ltd", "nissan"),
        ("BYD Auto Sales Co", "byd"),
    ],
)
def test_units_resolve_to_the_unit_or_its_parent(table, name, company_id):
    company = table.resolve(name)
    assert company is not None, name
    assert company.id == company_id


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Acme Widgets",
        "American International Group",
        "General Electric",
        "Motor Co",
        "The Group",
        "Foo Ltd",
    ],
)
def test_unknown_names_do_not_resolve(table, name):
    assert table.resolve(name) is None


def test_owner_climbs_to_the_top_parent(table):
    assert table.owner(table.resolve("Lexus")).id == "toyota"
    assert table.owner(table.resolve("Aito")).id == "seres"
    assert table.owner(table.resolve("Zeekr")).id == "geely-holding"
    assert table.owner(table.resolve("Toyota")).id == "toyota"
    assert table.owner(table.resolve("SK On")).id == "sk"


def test_get_and_brand_parents(table):
    assert table.get("lexus").parent_id == "toyota"
    assert table.get("aito").parent_id == "seres"
    assert table.get("zeekr").parent_id == "geely"
    assert table.get("nope") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<Lancer Boss Group Ltd>", "Lancer Boss Group"),
        ("Nissan Mexicana SA de CV", "Nissan Mexicana"),
        ("Acme Widgets Co., Ltd.", "Acme Widgets"),
        ("Orbit  Motors\nInc", "Orbit Motors"),
        ("Acme's", "Acme"),
        ("The Zenith Company", "Zenith"),
        ("Ltd", "Ltd"),
    ],
)
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


def test_parse_rejects_bad_rows():
    header = "id,name,kind,country,parent_id,aliases\n"
    with pytest.raises(ValueError, match="unknown kind"):
        parse_companies(header + "x,X,spaceship,US,,\n")
    with pytest.raises(ValueError, match="header"):
        parse_companies("id,name\nx,X\n")
    with pytest.raises(ValueError, match="unknown parent"):
        CompanyTable([Company("a", "A", "brand", parent_id="missing")])


def test_parse_reads_aliases():
    companies = parse_companies(
        "id,name,kind,country,parent_id,aliases\nzen,Zenith,automaker,US,,ZEN|Zenith Motor\n"
    )
    assert companies == [Company("zen", "Zenith", "automaker", "US", None, ("ZEN", "Zenith Motor"))]


def test_parent_links_are_dated():
    t = parse_table(
        "id,name,kind,country,parent_id,aliases,since,partners\n"
        "big,Bigco,automaker,US,,,,\n"
        "old,Oldco,automaker,US,big,,2014,\n"
        "badge,Badge,brand,US,old,,,\n"
        "jv,Oldbig Motors,joint_venture,US,,,,old|big\n"
    )
    badge = t.get("badge")
    assert t.parents("badge") == ("old", "big")
    assert t.parents("badge", 1990) == ("old",)  # the brand was Oldco's; Oldco had no owner yet
    assert t.owner(t.get("old"), 1987).id == "old"
    assert t.owner(t.get("old"), 2020).id == "big"
    assert t.owner(badge).id == "big"
    assert t.parent("old", 2013) is None and t.parent("old", 2014) == "big"
    assert t.partners("jv") == ("old", "big") and t.partners("old") == ()


def test_parse_rejects_bad_links():
    header = "id,name,kind,country,parent_id,aliases,since,partners\n"
    with pytest.raises(ValueError, match="since"):
        parse_table(header + "a,A,automaker,US,,,soon,\n")
    with pytest.raises(ValueError, match="unknown partner"):
        parse_table(header + "a,A,joint_venture,US,,,,zz\n")


def test_historic_firms_keep_their_identity(table):
    chrysler = table.resolve("Chrysler Corp")
    assert table.owner(chrysler, 1987).id == "chrysler"
    assert table.owner(chrysler).id == "stellantis"
    assert table.owner(table.resolve("Jeep"), 2024).id == "stellantis"
    assert table.owner(table.resolve("MG"), 2005).id == "mg"
    assert table.owner(table.resolve("Maruti Udyog"), 1987).id == "maruti"


def test_named_ventures_and_units_have_their_own_rows(table):
    venture = table.resolve("MMC Sittipol Co Ltd")
    assert venture.kind == "joint_venture"
    assert set(table.partners(venture.id)) == {"mitsubishi-motors", "sittipol"}
    assert table.resolve("Sittipol Motor Co").id == "sittipol"
    bobcat = table.resolve("Doosan Bobcat")
    assert bobcat.id != "doosan" and bobcat.parent_id == "doosan"


def test_lookup_does_not_climb_to_a_parent(table):
    assert table.lookup("Toyota Motor Corp").id == "toyota"
    assert table.lookup("Huawei's Smart Car unit") is None
    assert table.resolve("Huawei's Smart Car unit").id == "huawei"


def test_a_1987_division_belongs_to_its_owner_then(table):
    assert table.parents("detroit-diesel", 1987) == ("general-motors",)
    assert "general-motors" not in table.parents("detroit-diesel", 2010)
