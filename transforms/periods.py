"""Periods named in news text ("Q3 2023", "late March", "January-September", "last month") as date ranges.

Sales figures are only useful with the period they cover; this module finds period phrases in a
sentence (with offsets) and resolves them to first/last days, relative to the publication date.

Rules (documented so they can be argued with):
- A month, quarter, half or day range without a year is the latest one that starts on or before
  publication; with no publication date, the caller's context year is used.
- "early/mid/late March" are the U.S. industry's ten-day selling periods: 1-10, 11-20, 21-end.
- "last year"/"last month"/"last quarter" are relative to publication.
- Year-to-date, "for the month", "the period" and year-ago phrases depend on what the article reports;
  they are returned with a `kind` and no dates (or provisional dates) for the caller to resolve.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from transforms.screens import DIGIT, Needs, screened
from transforms.text import unemphasised

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12}

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DASH = r"\s*(?:-|–|—|to|through|thru|until)\s*"
# "... of the fiscal year", "of its current business year": a part of a company's fiscal year
_OF_FISCAL = r"\s+(?:the|its|their|this)\s+(?:current\s+)?(?:fiscal|financial|business)\s+year"
# a part of a year named relative to publication: "the first half of this year", "the first 10 months of last
# year", "the fourth quarter last year" (one period: the part of that year)
_OF_RELATIVE = (r"\s+(?:of\s+)?(?P<rel>this|last|current|previous|prior|past"
                r"|the\s+(?:current|previous|prior|past))\s+year\b")


@dataclass(frozen=True)
class Period:
    """A date range, both ends inclusive."""

    start: date
    end: date


@dataclass(frozen=True)
class PeriodSpan:
    """A period phrase found in a text.

    kind: "explicit" (dates known), "ytd" (January 1 to the latest reported period), "full_year" ("for
    the full year": the calendar year of the latest reported period), "mtd" ("for the
    month": the month of the latest reported period), "this_period" ("in the period"), "year_ago"
    ("a year earlier", "same period last year"), "last_year" ("last year": the year before
    publication, or the year-ago period in a comparison), "cumulative" ("as of", "since launch").
    """

    start: int
    end: int
    text: str
    kind: str
    period: Period | None
    year_given: bool = True  # the phrase itself named the year


def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_years(d: date, years: int) -> date:
    """The same day `years` earlier/later (February 29 becomes 28)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def year_ago(period: Period) -> Period:
    """The same span one year earlier (month ends stay month ends)."""
    start = shift_years(period.start, -1)
    end = shift_years(period.end, -1)
    if period.end == month_end(period.end.year, period.end.month):
        end = month_end(end.year, end.month)
    return Period(start, end)


def _month_num(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _infer_year(start_month: int, published: date | None, context_year: int | None,
                start_day: int = 1) -> int | None:
    """The year of the latest occurrence of (month, day) on or before publication."""
    if published is not None:
        if (start_month, start_day) <= (published.month, published.day):
            return published.year
        return published.year - 1
    return context_year


# What a month name heads as a noun's modifier ("May auto sales", "U.S. May sales"): no modal does
_MONTH_MODIFIES = re.compile(
    r"\s+(?:(?:U\.S\.|auto|car|vehicle|light[- ]vehicle|new[- ](?:car|vehicle)|industry|global|retail|total|"
    r"domestic|export)\s+)*(?:sales|deliveries|registrations|results|figures|volumes?)\b", re.I)


def _is_month_word(text: str, start: int, word: str) -> bool:
    """A capitalised month name, not the modal 'May' or the verb 'march'."""
    if not word[0].isupper():
        return False
    if word.lower().rstrip(".") in ("may", "mar"):
        before = text[max(0, start - 12):start].lower()
        after = text[start + len(word):start + len(word) + 6]
        if not (re.search(r"(?:in|of|during|for|since|until|through|early|mid|late|end|to|and)[\s-]*$",
                          before) or re.match(r"\s*(?:\d|'\d|saw|was|were|had|brought)\b", after)
                or word.isupper() or not before.strip()
                or re.search(r"\)\s*(?:-|--|—)\s*$", before)  # after a dateline: "(Reuters) - May ..."
                or _MONTH_MODIFIES.match(text, start + len(word))):
            return False
    return True


# What each pattern cannot match without (transforms/screens.py): _M, a month name or abbreviation; _D, a
# digit. A sentence lacking them skips the pattern: the same result, without some 25 regexes a sentence.
_M = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_D = (DIGIT,)

# Each pattern: (regex, handler name, needs). Order matters: longer, more specific phrases first.
_PATTERNS: list[tuple[re.Pattern[str], str, Needs]] = [
    # "year-to-date truck sales through February", "cumulative sales up to March": January 1 to that month.
    (re.compile(rf"\b(?:(?:the\s+)?(?:calendar\s+)?year[\s-]+to[\s-]+date|YTD|cumulative(?:ly)?|so\s+far)\b"
                rf"[^,.;:()\d]{{0,40}}?\b(?:through|thru|until|up\s+to)\s+(?:the\s+end\s+of\s+)?"
                rf"(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b", re.I),
     "ytd_to_month", (_M, ("through", "thru", "until", "up"))),
    (re.compile(r"\b(?:(?:the\s+)?(?:calendar\s+)?year[\s-]+to[\s-]+date|YTD|so\s+far\s+(?:this|in\s+the)\s+year"
                rf"|so\s+far\s+(?:in|this\s+year|during)\s+{YEAR}(?!\d)"
                # ("the year to March" is a fiscal year; "for the year to 188,072 cars" is the year itself)
                r"|for\s+the\s+(?:calendar\s+)?year(?!\s+(?:ago|earlier|before|ended|ending|to\b(?!\s+[\d$])))"
                r"|year[\s-]+to[\s-]+date)\b", re.I), "ytd", (("year", "ytd", "far"),)),
    # ("full-year 2011" names the year itself: the year pattern below reads it)
    (re.compile(r"\b(?:(?:for|in|during|over)\s+the\s+(?:full|whole|entire)[\s-]+year|over\s+the\s+year)\b"
                r"(?![\s-]+(?:ago|earlier|before|ended|ending|to\b|(?:of\s+)?(?:19|20)\d\d\b))"
                r"|\bfull[\s-]+year\b(?![\s-]+(?:ago|earlier|before|to\b|(?:of\s+)?(?:19|20)\d\d\b))"
                # "annual sales of 645,316", "an annual tally of": the year's total, not a yearly rate
                r"|\bannual\b(?=\s+(?:(?:global|worldwide|domestic|U\.S\.|US)\s+)?(?:sales|tally|total|"
                r"volume|deliveries|registrations)\b)",
                re.I), "full_year", (("year", "annual"),)),
    (re.compile(rf"\bas\s+of\s+(?:the\s+end\s+of\s+)?{MONTH}(?:\s+\d{{1,2}})?,?\s*(?:{YEAR})?"
                rf"|\bcumulative\w*|\bsince\s+(?:its\s+)?(?:launch|inception|start)\b"
                rf"|\bsince\s+(?:the\s+(?:[\w-]+\s+){{0,2}}|it\s+|they\s+)(?:went|was|were|first|began|started|hit|"
                rf"arrived|debuted|launched|came)\b"
                rf"|\bsince\s+(?:(?:early|mid|late)[\s-]+)?(?:{MONTH}\s+)?(?:19[5-9]\d|20[0-4]\d)\b"
                rf"|\bto\s+date\b|\ball[- ]time\b|\balready\b|\bso\s+far\b|\bin\s+total\b"
                rf"|\blifetime\b", re.I),
     "cumulative", ()),
    (re.compile(rf"\b(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}){_DASH}(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}})"
                rf"(?:,?\s+(?P<y>{YEAR}))?", re.I), "day_range2", (_M, _D)),
    (re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{_DASH}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
                rf"(?:,?\s+(?P<y>{YEAR}))?\b", re.I), "day_range", (_M, _D)),
    (re.compile(rf"\bweek\s+(?:ended|ending|to)\s+(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>{YEAR}))?",
                re.I), "week", (("week",), _M, _D)),
    (re.compile(rf"\b(?:(?:the\s+)?(?:fiscal|financial|business)\s+)?year\s+(?:(?:that|which)\s+)?"
                rf"(?:ending|ended|ends|to|through)\s+(?:in\s+|on\s+)?"
                rf"(?P<m>{MONTH})(?:\s+\d{{1,2}}(?!\d),?)?(?:\s+(?P<y>{YEAR}))?", re.I),
     "year_to_month", (("year",), _M)),
    (re.compile(rf"\b(?P<m1>{MONTH}){_DASH}(?P<m2>{MONTH})(?:,?\s+(?P<y>{YEAR}))?", re.I),
     "month_range", (_M,)),
    (re.compile(rf"\b(?:the\s+)?first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})"
                rf"\s+months(?:{_OF_RELATIVE}|(?:\s+of(?:\s+the\s+year|{_OF_FISCAL})?)?(?:\s+(?P<y>{YEAR}))?)",
                re.I),
     "first_months", (("first",), ("month",))),
    # "the first three quarters of the year": its first nine months
    (re.compile(rf"\b(?:the\s+)?first\s+(?P<nq>two|three|[23])\s+quarters(?:{_OF_RELATIVE}|"
                rf"(?:\s+of(?:\s+the\s+year|{_OF_FISCAL})?)?(?:\s+(?P<y>{YEAR}))?)", re.I),
     "first_months", (("first",), ("quarter",))),
    (re.compile(rf"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})\s+months\s+"
                rf"(?:to|ended|ending|through)\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?", re.I),
     "months_to", (("month",), _M)),
    (re.compile(rf"\b(?:the\s+)?first\s+two\s+(?P<m>{MONTH})\s+(?:sales\s+|selling\s+)?periods\b", re.I),
     "first_two_periods", (("first",), ("period",), _M)),
    # "eight-month EU-wide sales", "the nine-month period": the first N months of the year
    (re.compile(rf"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})[\s-]+month"
                rf"(?![\w-])(?!\s+(?:high|low|ago|earlier|before|later|old|wait|delay|supply|backlog))"
                rf"(?:\s+period)?(?:\s+(?:of|in)\s+(?P<y>{YEAR}))?", re.I), "first_months", (("month",),)),
    # "sales through July", "up to the end of June": January 1 to that month (a range "May through July"
    # is read earlier, as a month range)
    (re.compile(rf"\b(?:through|thru|until|up\s+to|to\s+the\s+end\s+of)\s+(?:the\s+end\s+of\s+)?"
                rf"(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b", re.I),
     "ytd_to_month", (_M, ("through", "thru", "until", "up", "end"))),
    # "since January", "since the start of the year": year to date
    (re.compile(r"\bsince\s+(?:January|Jan\.?|the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)\b",
                re.I), "ytd", (("since",),)),
    (re.compile(rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter"
                rf"(?:{_OF_RELATIVE}|(?:\s+(?:of|in)(?:{_OF_FISCAL}|\s+(?:fiscal|the\s+year))?)?(?:\s+(?P<y>{YEAR}))?\b)",
                re.I),
     "quarter", (("quarter",),)),
    (re.compile(rf"(?:(?P<y0>{YEAR})\s+)?\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*['’]?(?P<y>{YEAR}|\d{{2}}))?\b"),
     "quarter_short", (("q",), _D)),
    (re.compile(rf"\b(?:the\s+)?(?P<h>first|second|1st|2nd)[\s-]+(?:fiscal\s+)?half(?:{_OF_RELATIVE}|"
                rf"(?:\s+(?:of|in)(?:{_OF_FISCAL})?)?(?:\s+(?P<y>{YEAR}))?\b)", re.I), "half", (("half",),)),
    (re.compile(rf"\b(?:H(?P<h>[12])|(?P<h2>[12])H)(?:\s*['’]?(?P<y>{YEAR}|\d{{2}}))?\b"),
     "half_short", (("h",), _D)),
    # a company's fiscal year named relative to publication ("last financial year", "this fiscal year");
    # calendar-year companies' fiscal year is the calendar year (see fiscal_period for April-March firms)
    (re.compile(r"\b(?P<rel>last|previous|past|prior|this|current|the|its|their)\s+(?:current\s+)?"
                r"(?:fiscal|financial|business)\s+year\b(?!\s+(?:end|ending|ended|to|through))", re.I),
     "fiscal_year_rel", (("fiscal", "financial", "business"), ("year",))),
    (re.compile(rf"\b(?P<part>early|mid|late)[\s-]+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?\b", re.I),
     "part_month", (("early", "mid", "late"), _M)),
    (re.compile(r"\b(?:for\s+the\s+(?:full\s+|entire\s+|whole\s+)?month|month[\s-]+to[\s-]+date|the\s+month['’]s|"
                r"for\s+the\s+(?:full|entire|whole)\s+month)\b(?!\s+of)", re.I), "mtd", (("month",),)),
    (re.compile(rf"\b(?:the\s+month\s+of\s+)?(?P<m>{MONTH})(?:['’]s)?(?:\s+(?P<y>{YEAR}))?\b"),
     "month", (_M,)),
    (re.compile(r"\b(?:(?:in|from|during|versus|vs\.?|over|than)\s+)?(?:the\s+)?(?:same|comparable|"
                r"corresponding|year[\s-]+(?:ago|earlier))\s+(?:period|month|quarter|time|months|weeks?)"
                r"(?:\s+(?:a|of|in|last)\s+(?:year|the\s+previous\s+year|the\s+prior\s+year))?"
                r"(?:\s+(?:ago|earlier|before))?"
                r"|\b(?:a|one|the)\s+year\s+(?:ago|earlier|before)|\byear[\s-]+(?:ago|earlier)\b"
                r"|\b(?:the\s+)?(?:previous|prior|preceding)\s+year|\blast\s+year[\s-]+to[\s-]+date"
                r"|\byear[\s-]+on[\s-]+year|\byoy\b|\bprevious\s+month|\bprior\s+month"
                r"|\bat\s+the\s+same\s+time\s+last\s+year|\bthe\s+year\s+before", re.I),
     "year_ago", (("year", "yoy", "month", "period", "quarter", "time", "week"),)),
    (re.compile(r"\blast\s+(?P<unit>year|month|quarter)\b", re.I), "last", (("last",),)),
    (re.compile(r"\bthis\s+(?P<unit>year|month|quarter)\b", re.I), "this", (("this",),)),
    (re.compile(r"\b(?:in|for|during|over)\s+the\s+(?:same\s+)?(?:selling\s+|sales\s+)?period\b", re.I),
     "this_period", (("period",),)),
    (re.compile(rf"\b(?P<fy>fiscal\s+(?:year\s+)?|FY\s?)?(?P<y>{YEAR})(?![\d,.]\d)(?:\s+(?:model\s+year))?",
                re.I), "year", (_D,)),
]


def _y2(y: str | None) -> int | None:
    if not y:
        return None
    v = int(y)
    return v + 2000 if v < 100 else v


def _relative_year(rel: str | None, published: date | None, context_year: int | None) -> int | None:
    """The year of "this year" / "last year" (_OF_RELATIVE) at publication (the context year, undated)."""
    if not rel:
        return None
    year = published.year if published is not None else context_year
    if year is None:
        return None
    return year if rel.lower().split()[-1] in ("this", "current") else year - 1


def _make(kind: str, m: re.Match[str], published: date | None, context_year: int | None) -> PeriodSpan | None:
    text, s, e = m.string, m.start(), m.end()
    g = m.groupdict()
    y = _y2(g.get("y")) or _relative_year(g.get("rel"), published, context_year)

    def span(k: str, period: Period | None, given: bool = True) -> PeriodSpan:
        return PeriodSpan(s, e, m.group(0), k, period, given)

    if kind == "cumulative":
        return span("cumulative", None)
    if kind in ("day_range", "day_range2"):
        m1 = _month_num(g.get("m1") or g["m"])
        m2 = _month_num(g.get("m2") or g.get("m1") or g["m"])
        d1, d2 = int(g["d1"]), int(g["d2"])
        year = y or _infer_year(m1, published, context_year, d1)
        if year is None:
            return span("explicit", None, False)
        try:
            return span("explicit", Period(date(year, m1, d1), date(year, m2, d2)), y is not None)
        except ValueError:
            return None
    if kind == "week":
        mo, d = _month_num(g["m"]), int(g["d"])
        year = y or _infer_year(mo, published, context_year, d)
        if year is None:
            return None
        try:
            end = date(year, mo, d)
        except ValueError:
            return None
        return span("explicit", Period(end - timedelta(days=6), end), y is not None)
    if kind in ("ytd_to_month", "year_to_month"):  # January to <month>; the 12 months to <month>
        if not _is_month_word(text, m.start("m"), g["m"]):
            return None
        mo = _month_num(g["m"])
        y = y or _infer_year(mo, published, context_year)
        if y is None:
            return span("explicit", None, False)
        if kind == "ytd_to_month":
            return span("explicit", Period(date(y, 1, 1), month_end(y, mo)), g.get("y") is not None)
        start = date(y - 1, mo, 1) + timedelta(days=31)
        return span("explicit", Period(date(start.year, start.month, 1), month_end(y, mo)))
    if kind == "month_range":
        m1, m2 = _month_num(g["m1"]), _month_num(g["m2"])
        if not (_is_month_word(text, m.start("m1"), g["m1"])
                and _is_month_word(text, m.start("m2"), g["m2"])):
            return None
        if m2 < m1:
            return None
        year = y or _infer_year(m1, published, context_year)
        if year is None:
            return span("explicit", None, False)
        return span("explicit", Period(date(year, m1, 1), month_end(year, m2)), y is not None)
    if kind == "first_months":
        count = g.get("n") or g["nq"]
        n = (int(count) if count.isdigit() else _COUNT[count.lower()]) * (3 if g.get("nq") else 1)
        if not 1 <= n <= 12:
            return None
        year = y or (published.year if published else context_year)
        if year is None:
            return span("explicit", None, False)
        return span("explicit", Period(date(year, 1, 1), month_end(year, n)), y is not None)
    if kind == "months_to":
        n = int(g["n"]) if g["n"].isdigit() else _COUNT[g["n"].lower()]
        mo = _month_num(g["m"])
        year = y or _infer_year(mo, published, context_year)
        if year is None or not 1 <= n <= 12:
            return None
        end = month_end(year, mo)
        sm, sy = mo - n + 1, year
        if sm < 1:
            sm, sy = sm + 12, year - 1
        return span("explicit", Period(date(sy, sm, 1), end), y is not None)
    if kind == "fiscal_year_rel":
        if published is None:
            return span("explicit", None, False)
        yr = published.year - (1 if g["rel"].lower() in ("last", "previous", "past", "prior") else 0)
        return span("explicit", Period(date(yr, 1, 1), date(yr, 12, 31)), False)
    if kind == "first_two_periods":
        mo = _month_num(g["m"])
        year = _infer_year(mo, published, context_year)
        if year is None:
            return None
        return span("explicit", Period(date(year, mo, 1), date(year, mo, 20)), False)
    if kind == "quarter_short" and not g.get("y") and not g.get("y0") and re.search(
            r"\bAudi\s+$", text[max(0, s - 6):s]):
        return None  # "Audi Q4 e-tron": a model, not a quarter
    if kind in ("quarter", "quarter_short"):
        q = _ORD.get((g.get("q") or "").lower()) or int(g.get("q") or g.get("q2"))
        y = y or _y2(g.get("y0"))
        sm = 3 * (q - 1) + 1
        year = y or _infer_year(sm, published, context_year)
        if year is None:
            return span("explicit", None, False)
        return span("explicit", Period(date(year, sm, 1), month_end(year, sm + 2)), y is not None)
    if kind in ("half", "half_short"):
        hv = g.get("h") or g.get("h2")
        h = _ORD.get(hv.lower(), None) if not hv.isdigit() else int(hv)
        if h not in (1, 2):
            return None
        sm = 1 if h == 1 else 7
        year = y or _infer_year(sm, published, context_year)
        if year is None:
            return span("explicit", None, False)
        return span("explicit", Period(date(year, sm, 1), month_end(year, sm + 5)), y is not None)
    if kind == "part_month":
        if not _is_month_word(text, m.start("m"), g["m"]):
            return None
        mo = _month_num(g["m"])
        part = g["part"].lower()
        d1, d2 = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[part]
        year = y or _infer_year(mo, published, context_year, d1)
        if year is None:
            return span("explicit", None, False)
        end = min(date(year, mo, min(d2, 28)) if d2 < 28 else month_end(year, mo), month_end(year, mo))
        return span("explicit", Period(date(year, mo, d1), end), y is not None)
    if kind == "ytd":
        return span("ytd", None)
    if kind == "full_year":
        return span("full_year", None)
    if kind == "mtd":
        return span("mtd", None)
    if kind == "month":
        if not _is_month_word(text, m.start("m"), g["m"]):
            return None
        if len(g["m"].rstrip(".")) == 3 and g["m"][0].isupper() and not y and g["m"].lower() == "mar":
            return None
        mo = _month_num(g["m"])
        year = y or _infer_year(mo, published, context_year)
        if year is None:
            return span("explicit", None, False)
        return span("explicit", Period(date(year, mo, 1), month_end(year, mo)), y is not None)
    if kind == "year_ago":
        low = m.group(0).lower()
        # "Honda sold 3.69 million in the same period": the period just named, not a year earlier.
        if re.match(r"(?:in|during|over)?\s*(?:the\s+)?same\s+(?:period|month|quarter|time|months|weeks?)$",
                    low):
            return span("this_period", None)
        return span("year_ago", None)
    if kind in ("last", "this"):
        unit = g["unit"].lower()
        if published is None:
            return span("last_year" if kind == "last" and unit == "year" else "explicit", None, False)
        back = 1 if kind == "last" else 0
        if unit == "year":
            yr = published.year - back
            k = "last_year" if kind == "last" else "ytd"
            return span(k, Period(date(yr, 1, 1), date(yr, 12, 31)), False)
        if unit == "month":
            mo, yr = published.month - back, published.year
            if mo < 1:
                mo, yr = 12, yr - 1
            return span("explicit", Period(date(yr, mo, 1), month_end(yr, mo)), False)
        q = (published.month - 1) // 3 + 1 - back
        yr = published.year
        if q < 1:
            q, yr = 4, yr - 1
        sm = 3 * (q - 1) + 1
        return span("explicit", Period(date(yr, sm, 1), month_end(yr, sm + 2)), False)
    if kind == "this_period":
        return span("this_period", None)
    if kind == "year":
        if m.group(0).lower().endswith("model year"):
            return None
        before = text[max(0, s - 1):s]
        if before and (before in "$£€¥#" or before.isalnum()):
            return None
        if re.search(r"[A-Za-z][-‑]$", text[max(0, s - 2):s]):
            return None  # "e-2008", "mid-2023": a model name or a vague time, not a calendar year
        yr = int(g["y"])
        return span("explicit", Period(date(yr, 1, 1), date(yr, 12, 31)))
    return None


def find_periods(
    text: str, published: date | None = None, context_year: int | None = None
) -> list[PeriodSpan]:
    """Period phrases in `text`, left to right, non-overlapping (earlier, more specific patterns win).

    The context year only stands in for a missing publication date, so it is dropped from the memo's key
    when there is one: the sales reader and the proposers read the same sentences."""
    return list(_find_periods(text, published, None if published is not None else context_year))


@lru_cache(maxsize=4096)
def _find_periods(text: str, published: date | None, context_year: int | None) -> tuple[PeriodSpan, ...]:
    text = unemphasised(text)  # "in _January_"; offsets stay the same
    taken: list[tuple[int, int]] = []
    out: list[PeriodSpan] = []
    screen = screened(text)
    for rx, kind, needs in _PATTERNS:
        if not screen.meets(needs):
            continue
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            ps = _make(kind, m, published, context_year)
            if ps is None:
                continue
            taken.append((ps.start, ps.end))
            out.append(ps)
    out.sort(key=lambda p: p.start)
    return tuple(out)


def resolve_period(phrase: str, published: date | None, context_year: int | None = None) -> Period | None:
    """The dates of the first period named in `phrase`, relative to `published`.

    Year-to-date resolves to January 1 up to publication; "for the month" to the publication month
    up to publication; "last year" to the year before publication. Comparisons and cumulative
    phrases resolve to None (they need the figure they compare with).
    """
    for ps in find_periods(phrase, published, context_year):
        if ps.period is not None:
            return ps.period
        if ps.kind == "ytd" and published is not None:
            return Period(date(published.year, 1, 1), published)
        if ps.kind == "mtd" and published is not None:
            return Period(date(published.year, published.month, 1), published)
        return None
    return None


# --- fiscal years --------------------------------------------------------------------------------

_FISCAL = re.compile(r"\b(?:fiscal|financial|business)\b|\bFY\s?['’]?\d{2}", re.I)
_F_PART = re.compile(
    r"\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter"
    r"|(?P<h>first|second|1st|2nd)[\s-]+(?:fiscal\s+)?half"
    r"|first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+months"
    r"|first\s+(?P<nq>two|three|[23])\s+quarters)\b", re.I)
_F_YEAR = re.compile(rf"\b(?:fiscal\s+(?:year\s+)?|FY\s?['’]?)(?P<y>{YEAR}|\d{{2}})(?!\d)", re.I)
_F_LAST = re.compile(r"\b(?:last|previous|past|prior)\s+(?:fiscal|financial|business)\s+year\b", re.I)
_F_THIS = re.compile(r"\b(?:this|current)\s+(?:fiscal|financial|business)\s+year\b", re.I)


def is_fiscal(phrase: str | None) -> bool:
    """Whether a period phrase names a company's fiscal year (or a part of one)."""
    return bool(phrase) and bool(_FISCAL.search(phrase or ""))


def fiscal_period(phrase: str, published: date | None, start_month: int) -> Period | None:
    """The dates of a fiscal period phrase for a company whose fiscal year starts in `start_month`.

    Rules: "fiscal 2012" / "FY2012" is the year that starts in 2012 (April 2012 - March 2013 for a
    Japanese or Indian maker); "last fiscal year" is the one before the year that contains publication,
    "this fiscal year" the one that contains it, and an unqualified "the fiscal year" (or a part of one:
    "the first half of the fiscal year") is the latest one whose part named has ended by publication.
    """
    if start_month == 1 or not is_fiscal(phrase):
        return None
    labelled = _F_YEAR.search(phrase)
    if labelled:
        fy = _y2(labelled.group("y"))
    elif published is None:
        return None
    else:
        current = published.year if published.month >= start_month else published.year - 1
        fy = current - 1 if _F_LAST.search(phrase) else current
    part = _F_PART.search(phrase)
    months = 12
    first = 0
    if part and part.group("q"):
        q = _ORD[part.group("q").lower()]
        first, months = 3 * (q - 1), 3
    elif part and part.group("h"):
        h = _ORD[part.group("h").lower()]
        first, months = 6 * (h - 1), 6
    elif part and (part.group("n") or part.group("nq")):
        n = part.group("n") or part.group("nq")
        months = (int(n) if n.isdigit() else _COUNT[n.lower()]) * (3 if part.group("nq") else 1)
    if not 1 <= months <= 12:
        return None

    def span(fy_start: int) -> Period:
        sm, sy = start_month + first, fy_start
        if sm > 12:
            sm, sy = sm - 12, sy + 1
        em, ey = sm + months - 1, sy
        if em > 12:
            em, ey = em - 12, ey + 1
        return Period(date(sy, sm, 1), month_end(ey, em))

    period = span(fy)
    if not labelled and not _F_THIS.search(phrase) and published is not None and period.end > published:
        period = span(fy - 1)  # "sold N in the fiscal year": the latest one that has ended
    return period
