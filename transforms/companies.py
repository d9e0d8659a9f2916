"""Company knowledge: the curated table of auto-industry organisations and name resolution.

The table (transforms/data/companies.csv, versioned by COMPANIES_VERSION) lists automakers, brands
with their owners, battery makers, suppliers, tech firms, joint ventures and historic firms of 1987
wires and 2004-05 business news. `CompanyTable.resolve` maps a name as written ("Toyota Motor Corp",
"Toyota's", "Volkswagen U.S. Inc", "<NSAN.T>", "Huawei's Smart Car unit") to one company.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from transforms.records import Company

COMPANIES_VERSION = "2025.8"  # bump whenever transforms/data/companies.csv changes

KINDS = frozenset({"automaker", "brand", "battery", "supplier", "tech", "joint_venture", "other"})

# Words that name a legal form or a generic business, dropped when comparing names.
CORPORATE_WORDS = frozenset(
    """co cos company companies ltd limited inc incorporated corp corporation group holding holdings ag se
    sa spa nv bv plc gmbh kgaa kg llc lp bhd kk ab asa oyj pty pvt pte srl sas motor motors automobile
    automobiles automotive auto technologies technology tech industries industry international intl
    the""".split()
)
# Legal-form suffixes stripped by `normalise_name` (descriptive words such as Group or Motor stay).
_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:Co|Cos|Company|Ltd|Limited|Inc|Incorporated|Corp|Corporation|Plc|PLC|plc|LLC|L\.L\.C|"
    r"S\.?A|SpA|S\.p\.A|N\.?V|B\.?V|GmbH|AG|SE|KGaA|Pty|Pvt|Bhd|K\.?K|AB|ASA|Oyj|de\s+C\.?V|SAS|Srl)\.?)+$"
)
# Words that may follow a known name in the name of one of its units ("Toyota Motor Sales USA",
# "General Motors of Canada Ltd", "Huawei Smart Car Solution BU").
_UNIT_WORDS = frozenset(
    """unit units division divisions arm subsidiary subsidiaries affiliate business businesses operations
    operation manufacturing sales credit finance financial acceptance capital leasing services service
    distribution distributor importer importers parts engineering research design retail cars car
    vehicle vehicles truck trucks bus buses commercial passenger ev nev new energy smart solution
    solutions bu intelligent of in the and usa us america canada europe european china japan uk
    britain india korea mexico mexicana brazil brasil germany deutschland france italia italy espana spain
    australia north south latin asia pacific middle east africa global overseas de cv na plant factory
    mobility electric software battery batteries""".split()
)
# The unit words that, ending a possessive phrase, make it a unit of the possessor ("Huawei's X unit").
_UNIT_ENDINGS = frozenset(
    "unit units division arm subsidiary affiliate business operations brand bu venture team".split()
)
# Single tokens too generic to stand for a company once corporate words are stripped
# ("American Motors" must not claim "American International Group").
_GENERIC = frozenset(
    """american general national united international new first great china chinese japan japanese korea
    korean india indian british european asia asian pacific global world north south east west beijing
    shanghai guangzhou delta energy power electric mobility future smart""".split()
)
_KIND_PRIORITY = {"automaker": 0, "battery": 1, "tech": 2, "supplier": 3, "brand": 4, "joint_venture": 5}


def name_key(name: str) -> str:
    """A comparison key: accents folded, lower case, periods and apostrophes dropped, '&' as 'and'."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("&", " and ")
    s = re.sub(r"[.'’`]", "", s)
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return s.strip()


def _strip_corporate(tokens: list[str]) -> list[str]:
    """Tokens without leading "the"/"ab" and trailing corporate words (never down to nothing)."""
    out = list(tokens)
    while len(out) > 1 and out[0] in ("the", "ab"):
        out = out[1:]
    while len(out) > 1 and out[-1] in CORPORATE_WORDS:
        out = out[:-1]
    return out


def normalise_name(name: str) -> str:
    """A canonical-looking form of an organisation name not in the table.

    Drops wire markup ("<Delta Motor Corp>"), possessive "'s", a leading "The", legal-form suffixes
    ("Co Ltd", "Inc", "SA de CV") and extra whitespace: "<Lancer Boss Group Ltd>" -> "Lancer Boss Group".
    """
    s = name.strip().strip("<>").strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"['’]s?$", "", s).strip()
    s = re.sub(r"^(?:The|the)\s+", "", s)
    s = s.rstrip(",;: ")
    stripped = _LEGAL_SUFFIX.sub("", s).rstrip(",. ")
    return stripped or s


class CompanyTable:
    """The curated companies with indexes for resolving names as written."""

    def __init__(
        self,
        companies: list[Company],
        since: dict[str, int] | None = None,
        partners: dict[str, tuple[str, ...]] | None = None,
        former: dict[str, tuple[tuple[str, int, int], ...]] | None = None,
    ):
        self._since = dict(since or {})  # company id -> first year its parent_id link holds
        self._former = dict(former or {})  # company id -> (earlier parent id, first year, last year)
        self._partners = dict(partners or {})  # joint venture id -> its parents' ids
        self._by_id: dict[str, Company] = {}
        for c in companies:
            if c.id in self._by_id:
                raise ValueError(f"duplicate company id {c.id!r}")
            self._by_id[c.id] = c
        for c in companies:
            if c.parent_id and c.parent_id not in self._by_id:
                raise ValueError(f"company {c.id!r} has unknown parent {c.parent_id!r}")
            for p in self._partners.get(c.id, ()):
                if p not in self._by_id:
                    raise ValueError(f"company {c.id!r} has unknown partner {p!r}")
            for p, _, _ in self._former.get(c.id, ()):
                if p not in self._by_id:
                    raise ValueError(f"company {c.id!r} has unknown former parent {p!r}")
        self._exact: dict[str, str] = {}
        stripped: dict[str, list[str]] = {}
        for c in companies:
            for alias in (c.name, *c.aliases):
                key = name_key(alias)
                if not key:
                    continue
                self._exact.setdefault(key, c.id)
                skey = " ".join(_strip_corporate(key.split()))
                if skey not in _GENERIC:
                    stripped.setdefault(skey, [])
                    if c.id not in stripped[skey]:
                        stripped[skey].append(c.id)
        self._stripped: dict[str, str] = {}
        for skey, ids in stripped.items():
            if skey in self._exact:
                self._stripped[skey] = self._exact[skey]
            else:
                self._stripped[skey] = min(ids, key=lambda i: _KIND_PRIORITY.get(self._by_id[i].kind, 9))
        self._cache: dict[str, Company | None] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, company_id: str) -> Company | None:
        """The company with this id, or None."""
        return self._by_id.get(company_id)

    def all(self) -> list[Company]:
        """Every company, in table order."""
        return list(self._by_id.values())

    def aliases(self) -> Iterator[tuple[str, str]]:
        """(name as written, company id) for every canonical name and alias."""
        for c in self._by_id.values():
            yield c.name, c.id
            for a in c.aliases:
                yield a, c.id

    def parent(self, company_id: str, year: int | None = None) -> str | None:
        """The parent's id of `company_id` in `year` (None: today).

        The current link holds from its `since` year; before it, an earlier owner listed under `formerly`
        ("Opel: General Motors 1929-2016") or none: Chrysler had no parent in 1987, MG none in 2005.
        """
        company = self._by_id.get(company_id)
        if company is None:
            return None
        since = self._since.get(company_id)
        if company.parent_id and (year is None or since is None or year >= since):
            return company.parent_id
        if year is not None:
            for parent, first, last in self._former.get(company_id, ()):
                if first <= year <= last:
                    return parent
        return None

    def parents(self, company_id: str, year: int | None = None) -> tuple[str, ...]:
        """Ids of the owners of `company_id` in `year`, nearest first (see `parent`)."""
        chain: list[str] = []
        cur = self.parent(company_id, year)
        while cur is not None and cur not in chain and cur != company_id:
            chain.append(cur)
            cur = self.parent(cur, year)
        return tuple(chain)

    def partners(self, company_id: str) -> tuple[str, ...]:
        """Ids of the parents of a joint venture (MMC Sittipol -> Mitsubishi Motors, Sittipol Motor)."""
        return self._partners.get(company_id, ())

    def owner(self, company: Company, year: int | None = None) -> Company:
        """The top of `company`'s parent chain in `year` (None: today): Lexus -> Toyota.

        Parents are owners at a date: a 1987 Chrysler stays Chrysler, a 2024 Jeep climbs to Stellantis.
        """
        chain = self.parents(company.id, year)
        return self._by_id[chain[-1]] if chain else company

    def lookup(self, name: str) -> Company | None:
        """The company whose own name or alias `name` is (corporate words aside), without climbing from
        a unit or possessive to its parent: "Toyota Motor Corp" -> Toyota, "Huawei's unit" -> None."""
        cid = self._lookup(name_key(name).split())
        return self._by_id[cid] if cid else None

    def resolve(self, name: str) -> Company | None:
        """The company `name` refers to, or None.

        Case, accents and punctuation are ignored; corporate words are stripped when needed; a
        possessive ("Toyota's") or a unit of a known company ("Volkswagen U.S. Inc",
        "Huawei's Smart Car unit") resolves to that company.
        """
        if name in self._cache:
            return self._cache[name]
        result = self._resolve(name)
        if len(self._cache) < 100_000:
            self._cache[name] = result
        return result

    def _lookup(self, tokens: list[str]) -> str | None:
        if not tokens:
            return None
        key = " ".join(tokens)
        if key in self._exact:
            return self._exact[key]
        skey = " ".join(_strip_corporate(tokens))
        return self._stripped.get(skey)

    def _resolve(self, name: str) -> Company | None:
        raw = re.sub(r"\s+", " ", name.strip().strip("<>").strip())
        if not raw:
            return None
        # possessive: "Huawei's Smart Car unit" -> Huawei; "Japan's Nissan Motor" -> Nissan
        m = re.match(r"^(.+?)(?:['’]s|(?<=s)['’])(?=\s|$)\s*(.*)$", raw)
        if m:
            head, rest = m.group(1), m.group(2)
            head_c = self._resolve_plain(head)
            rest_tokens = name_key(rest).split()
            if head_c and (not rest_tokens or rest_tokens[-1] in _UNIT_ENDINGS):
                return head_c
            rest_c = self._resolve(rest) if rest_tokens else None
            if rest_c:
                return rest_c
        return self._resolve_plain(raw)

    def _resolve_plain(self, name: str) -> Company | None:
        tokens = name_key(name).split()
        if not tokens:
            return None
        cid = self._lookup(tokens)
        if cid is None:
            stripped = _strip_corporate(tokens)
            # a unit of a known company: the longest known prefix followed only by unit words
            for n in range(len(stripped) - 1, 0, -1):
                rest = stripped[n:]
                if not all(t in _UNIT_WORDS or t in CORPORATE_WORDS for t in rest):
                    continue
                cid = self._lookup(stripped[:n])
                if cid:
                    break
        return self._by_id[cid] if cid else None


_COLUMNS = ["id", "name", "kind", "country", "parent_id", "aliases"]
_LINK_COLUMNS = ["since", "partners", "formerly"]


# The month a company's fiscal year starts, by its country: Japanese and Indian companies report
# April-March years ("fiscal 2012" = April 2012 - March 2013); elsewhere the fiscal year is the calendar one.
FISCAL_START_BY_COUNTRY = {"JP": 4, "IN": 4}


def fiscal_start_month(company: Company | None) -> int:
    """The first month of `company`'s fiscal year (1 when unknown)."""
    if company is None or company.country is None:
        return 1
    return FISCAL_START_BY_COUNTRY.get(company.country, 1)


def parse_companies(text: str) -> list[Company]:
    """Companies from CSV text (columns id,name,kind,country,parent_id,aliases[,since,partners[,formerly]]).

    Aliases and partners are '|'-separated; `since` is the year the parent link starts; `formerly` lists
    earlier owners as "parent_id@first-last" ('|'-separated).
    """
    return [row[0] for row in _parse_rows(text)]


def parse_table(text: str) -> CompanyTable:
    """A `CompanyTable` from CSV text, with dated parent links and joint-venture partners."""
    rows = _parse_rows(text)
    since = {c.id: y for c, y, _, _ in rows if y is not None}
    partners = {c.id: p for c, _, p, _ in rows if p}
    former = {c.id: f for c, _, _, f in rows if f}
    return CompanyTable([c for c, _, _, _ in rows], since, partners, former)


_FORMER = re.compile(r"^([\w-]+)@(\d{4})-(\d{4})$")
_Row = tuple[Company, int | None, tuple[str, ...], tuple[tuple[str, int, int], ...]]


def _parse_rows(text: str) -> list[_Row]:
    out: list[_Row] = []
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames not in (_COLUMNS, _COLUMNS + _LINK_COLUMNS[:2], _COLUMNS + _LINK_COLUMNS):
        raise ValueError(
            f"companies table header must be {','.join(_COLUMNS)}[,{','.join(_LINK_COLUMNS)}], "
            f"got {reader.fieldnames}"
        )
    for line_no, row in enumerate(reader, start=2):
        cid, name, kind = row["id"].strip(), row["name"].strip(), row["kind"].strip()
        if not cid or not name:
            raise ValueError(f"companies table line {line_no}: empty id or name")
        if kind not in KINDS:
            raise ValueError(f"companies table line {line_no}: unknown kind {kind!r}")
        aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
        since_raw = (row.get("since") or "").strip()
        if since_raw and not since_raw.isdigit():
            raise ValueError(f"companies table line {line_no}: since must be a year, got {since_raw!r}")
        partners = tuple(p.strip() for p in (row.get("partners") or "").split("|") if p.strip())
        former: list[tuple[str, int, int]] = []
        for item in (row.get("formerly") or "").split("|"):
            if not item.strip():
                continue
            m = _FORMER.match(item.strip())
            if not m:
                raise ValueError(
                    f"companies table line {line_no}: formerly must be parent@first-last, got {item!r}"
                )
            former.append((m.group(1), int(m.group(2)), int(m.group(3))))
        company = Company(
            id=cid,
            name=name,
            kind=kind,
            country=(row["country"] or "").strip() or None,
            parent_id=(row["parent_id"] or "").strip() or None,
            aliases=aliases,
        )
        out.append((company, int(since_raw) if since_raw else None, partners, tuple(former)))
    return out


@lru_cache(maxsize=1)
def load_companies() -> CompanyTable:
    """The packaged company table (read once per process)."""
    text = resources.files("transforms").joinpath("data/companies.csv").read_text(encoding="utf-8")
    return parse_table(text)


TICKER = re.compile(r"^[A-Z0-9.]{1,7}$")  # a name that is a stock ticker ("GM", "7203.T")


@lru_cache(maxsize=4096)
def display_name(text: str, company_id: str | None, canonical: str) -> str:
    """The name a fact shows for a mention: as written when the text names the company itself ("Maruti
    Udyog", "Shanghai GM", "Toyota Motor"), the table's name for units, possessives and tickers ("Huawei's
    Smart Car unit" -> "Huawei"), and the table's spelling when they differ only in case or punctuation.
    Readers of the facts (and the gold) know a company by what the story calls it."""
    if company_id is None:
        return canonical
    surface = normalise_name(re.sub(r"\s+", " ", text))
    if not surface or TICKER.match(surface) and not surface.isalpha():
        return canonical
    if name_key(surface) == name_key(canonical) or surface.isupper() and len(surface) > 4:
        return canonical
    found = load_companies().lookup(surface)
    return surface if found is not None and found.id == company_id else canonical
