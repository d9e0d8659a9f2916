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
