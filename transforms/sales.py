"""Sales facts: units of vehicles a named company or brand sold, delivered or registered in a period.

Rule-based and sentence-local, with a little article context: a figure is kept when its sentence
speaks of sales (sold, deliveries, registrations, retail, wholesale), the number counts vehicles
(not money, percentages, capacity, dealers), the statement is factual (no forecast, target, order,
production or market total), and both a seller and a period can be told. Figures compared with
("up from 39,754 a year ago") become optional facts about the earlier period. Markdown tables of
model sales give one fact per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import islice

from transforms.companies import display_name, fiscal_start_month, load_companies
from transforms.document import Doc, Section
from transforms.models import ModelMention, find_models, plural_model_at
from transforms.numbers import NumberSpan, find_numbers, without_hedge
from transforms.periods import (
    MONTH,
    YEAR,
    Period,
    PeriodSpan,
    find_periods,
    fiscal_period,
    is_fiscal,
    month_end,
    year_ago,
)
from transforms.records import Evidence, Mention, SaleFact, Sentence
from transforms.screens import ScreenedPattern, ending_at
from transforms.segments import segment_in
from transforms.text import RUN_IN_BULLET

# ------------------------------------------------------------------ vocabulary

_CUE = ScreenedPattern(re.compile(
    r"\b(?P<sold>sales|sold|selling(?!\s+(?:price|days?|points?|rate|season|period))|bestsell\w*|"
    r"best[- ]sell\w*)\b"
    r"|\b(?P<delivered>deliver(?:ed|ies|y|ing)|handed\s+over)\b"
    r"|\b(?P<registered>registrations?|registered|registering|regs)\b"
    r"|\b(?P<retailed>retail(?:ed|s)?)\b"
    r"|\b(?P<wholesaled>wholesales?|wholesaled)\b",
    re.I,
), (("sale", "sold", "selling", "best", "deliver", "handed", "regist", "regs", "retail", "wholesale"),))
# Statements about the future, wishes, plans and hypotheses: not a sale that happened.
_NONFACT = re.compile(
    r"\b(?:expects?|expected|expecting|forecasts?|forecasting|projects?|projected|projections?|"
    r"predict\w*|targets?|targeting|targeted|aims?|aiming|goals?|plans?|planned|planning|hopes?|hoping|"
    r"intends?|will|would|could|might|should|estimates?|outlook|guidance|anticipat\w*|if|sees|foresee\w*|"
    r"on\s+(?:track|course|pace)\s+to|"
    r"typically|usually|normally|"
    r"potential(?:ly)?|capacity|quotas?|allocation|wants?\s+to|wanted\s+to|seeks?\s+to|"
    r"by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d)\b",
    re.I,
)
# "better than expected", "a stronger-than-anticipated 236,160": a comparison with a forecast, not one
_NONFACT_OK = ScreenedPattern(
    re.compile(r"\b(?:than|as)[\s-]+(?:expected|forecast|anticipated|planned)\b", re.I),
    (("expected", "forecast", "anticipated", "planned"),))
# A sentence that breaks down the figure of the sentence before ("Of those, 24,960 were ...").
_CONTINUATION = re.compile(
    r"^\W*(?:of\s+(?:that|this|the|those|these|them|which|it)\b|(?:the|that|this)\s+(?:total|figure|number)\s+"
    r"(?:included|includes|comprised|consisted)|(?:it|this|that)\s+(?:included|includes|comprised)\b)", re.I)
# Right after a sales fact, the next seller's change written without a sales word is its sales figure too
# ("Toyota posted a 1 percent rise in U.S. sales to 205,342 vehicles. Chrysler ... rose 5 percent to 171,606")
_PARALLEL_CHANGE = re.compile(
    r"\b(?:rose|fell|gained|jumped|climbed|dropped|slipped|declined|increased|decreased|grew|surged|plunged|"
    r"slumped|tumbled|advanced|edged\s+(?:up|down))\s+(?:(?:about|nearly|almost|some|roughly)\s+)?"
    r"[\d.]+\s*(?:percent|pct|%)\s+to\s+(?:an?\s+)?(?:[\w-]+\s+)?\d", re.I)
# A word anywhere before a period phrase that makes the sentence state it as a yardstick or a time around
# the fact (broader than _COMPARED_PERIOD, which reads only the words right before the phrase): such a
# sentence does not date the figure that follows it
_YARDSTICK_BEFORE = re.compile(r"\b(?:compared|than|versus|vs\.?|from|since|after|before)\b", re.I)
# "44 units", "370 debut units", "5 initial units": a count of a sales story's vehicles without a sales word
_UNITS_COUNT = re.compile(r"\d[\d,.]*\s+(?:(?!million|billion|thousand)[a-z-]+\s+)?units\b")
# Seller mentions inside these leading phrases are not the subject ("Including its Hino unit, group sales").
_ASIDE_LEAD = re.compile(
    r"^\W*(?:including|excluding|besides|apart\s+from|except\s+for|unlike|like)\b[^,]*,", re.I)
# Words that make a figure something other than sold vehicles when they are near it.
_NOT_SALES_NEAR = re.compile(
    r"(?<![-\w])(?:made\s+(?:only\s+|just\s+|about\s+|some\s+|around\s+|nearly\s+)?(?=\d)|produc\w*|output|"
    r"built|build(?:s|ing)?|manufactur\w*|assembl\w*|"
    r"orders?|ordered|bookings?|booked|reservations?|reserved|pre-?orders?|backlog|in\s+transit|"
    r"stocks?|imports?|imported|ship(?:s|ped|ping|ments?)|recall\w*|capacity|inventor(?:y|ies)|"
    r"lost|cost\s+(?:it|them|the\s+company)|(?:sales\s+)?rate|estimated\s+(?:at|to)|"
    r"charg(?:ers?|ing)|stations?|jobs|employees|workers|staff|dealers|dealerships|showrooms|stores|"
    r"subscri\w*|test\s+drives?|visitors|users|owners|annual(?:ized|ised)?\s+(?:sales\s+)?rate|"
    r"selling\s+rate|seasonally|gap|margin)\b",
    re.I,
)
# "its domestically produced Corolla models", "locally built cars": a description of what was sold.
_ADJ_PARTICIPLE = re.compile(
    r"\b(?:its|the|their|of|\w+ly)\s+(?:\w+ly\s+)?(?:produced|built|made|assembled|manufactured)\s+"
    r"(?=[A-Z]|(?:cars|vehicles|models|trucks|units)\b)")
# "the nation's second largest carmaker", "the world's biggest automaker": one company, not a market.
_DESCRIPTOR = re.compile(
    r"\b(?:the\s+)?(?:nation|country|world|industry|region)['’]s\s+(?:(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))"
    r"[\s-]+)?(?:largest|biggest|leading|top|no\.\s*\d)\s+(?:car\s*maker|automaker|manufacturer|maker|company|"
    r"brand|firm|group|seller)s?\b", re.I)
# Subjects that are a whole market, not one seller.
_MARKET = re.compile(
    r"\b(?:industry\w*|(?:U\.S\.|US|American|Chinese|European|Japanese|German|British|Indian|global|world|"
    r"domestic|total|overall)\s+(?:auto|car|vehicle|light[- ]vehicle|new[- ]car|EV|electric[- ]vehicle)\s+"
    r"(?:sales|market|registrations|deliveries)|Americans|Europeans|SAAR|annual(?:ized|ised)?\s+(?:selling\s+)?rate|"
    r"market|industry|automakers|carmakers|car\s+makers|manufacturers|makers|companies|brands|"
    r"overall\s+(?:market|industry|car\s+market|auto\s+market)|nationwide|total\s+(?:industry|market)|"
    r"all\s+(?:new\s+)?(?:cars|vehicles)|"
    r"BEVs?|PHEVs?|HEVs?|MHEVs?|NEVs?|FCEVs?|EVs|plug-?ins?|plugless|full\s+electrics|diesels?|petrol|gasoline|"
    r"(?:mild\s+|full\s+)?hybrids|combustion|ICEs?|"
    r"segment|country|countries|nation|region|consumers|buyers|dealers|imports|imported\s+(?:cars?|vehicles?)|"
    r"(?:overall|total)\s+(?:auto\s+|car\s+|vehicle\s+)?volumes?|total\s+autos|"
    r"(?:electric|new)\s+(?:car|vehicle)s?"
    r"\s+(?:sales|registrations))\b",
    re.I,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₩]|\b(?:US|HK|A|C|NT|RMB|Rs|USD|EUR|GBP|CNY|JPY)\$?)\s*$")
_MONEY_AFTER = re.compile(
    r"^\s*(?:\(|-)?\s*(?:dlrs?|dollars?|euros?|eur|usd|yuan|rmb|renminbi|yen|stg|sterling|pounds?|"
    r"crowns?|kronor|krona|won|rupees?|francs?|marks?|lire|pesos?|reais|real|roubles?|rubles?|"
    r"baht|ringgit|rand|zlotys?|kr|sek|nok|dkk|chf|cny|jpy|gbp|€|\$)\b",
    re.I,
)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|×|pct\b|percent\b|per\s+cent\b|percentage\b|pc\b|points?\b|x\b"
                            r"|times\b)",
                            re.I)
_VEHICLE_NOUNS = frozenset(
    """cars car vehicles vehicle units unit trucks truck suvs suv sedans sedan saloons hatchbacks
    pickups pickup vans van buses bus evs ev bevs bev phevs phev nevs nev models autos automobiles
    motorcycles scooters coupes crossovers minivans mpvs lorries trucks. cars. units. vehicles.
    jeeps wagons estates roadsters convertibles hybrids hybrid plug-ins electrics exports makes""".split()
)
# A body style in the singular after a number names a model ("the 911 sports car"), never a count of cars.
_SINGULAR_BODIES = frozenset("car vehicle truck suv sedan saloon hatchback pickup van coupe roadster".split())
# Tokens after a figure that mean it counts something else.
_OTHER_NOUNS = frozenset(
    """km kms miles mile mph kph kw kwh mwh gwh twh wh kg kgs tonnes tons tonne mm cm m ft inches hp
    bhp nm rpm hours hour minutes minute seconds days day weeks week months month years year
    dealers dealer dealerships showrooms stores outlets jobs employees workers staff people
    plants factories lines chargers stations points models-year percent pct cells batteries
    shares pages times spots places rank th st nd rd yuan euros dollars dlrs stg crowns yen won
    selling""".split()
)
_STOP_AFTER = frozenset(
    """from to in during at on for compared versus vs against up down and or but while with
    a the this that last year years ago earlier before since as of by which when after than
    over through until its their his her it they were was is are had has have said says
    according including included include includes between respectively worldwide globally
    overseas abroad domestically""".split()
)
_BARE_BEFORE = re.compile(
    r"(?:\bto|\bwere|\bwas|\bat|\bof|\btotal(?:l)?ed|\btotal(?:l)?ing|\btotals?|\breached|\breaching|\bhit|"
    r"\bnumbered|\bcame\s+in\s+at|\bstood\s+at|\bsold|\bdelivered|\bregistered|\bretailed|\bwholesaled|"
    r"\bwith|\bregistering|\bdelivering|\bselling|\bfor|\bsaw|\bposted|\breported|\brecorded|:|--|—|–"
    r"|\bof\s+(?:which|these|those|them))\s*"
    # "sold just 2,000", "sold a record 1.03 million": a filler between the verb and the figure
    r"(?:(?:just|only|merely|a\s+mere|a\s+record|a\s+total\s+of|an?\s+(?:all-time\s+)?(?:high|low)\s+of)\s+)?$",
    re.I,
)
# Hedge words the number finder read as part of a figure ("about 7.0 mln"): what comes before them
# decides whether the figure is compared, changed or stated.
_core = without_hedge


# A pronoun or a definite description as the figure's subject ("it sold", "the automaker sold").
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but|while|when|as|that)\s+)(?:last\s+year,?\s+|in\s+\d{4},?\s+)?"
    r"(?:it|the\s+(?:[\w-]+\s+)?(?:company|automaker|carmaker|car\s*maker|group|firm|manufacturer))\s+"
    r"(?:\w+\s+){0,2}$", re.I)
_PERFECT = re.compile(
    r"\b(?:has|have|had)\s+(?:now\s+|already\s+|so\s+far\s+)?(?:sold|delivered|registered)\b[^.;]{0,30}$",
    re.I)
_PARTICIPLE_SALE = re.compile(
    r",\s*(?:selling|delivering|registering|shipping|retailing)\s+(?:\S+\s+){0,2}$", re.I)
# "Mazda, owned one-third by Ford, sold 1.234 million", "Jiangling, which makes ... Ford's Transit van, sold
# 56,420": a sentence's subject, a comma aside, and the sales verb right after it: the subject sells
_VERB_AFTER_ASIDE = re.compile(
    r",\s*(?:sold|delivered|shipped|registered|retailed|(?:had|posted|reported)\s+(?:\w+\s+)?sales\s+of)\s+"
    r"(?:(?:a\s+record|a\s+total\s+of|just|only)\s+)?$", re.I)
_SUBJECT_THEN_COMMA = re.compile(r"(?:\s*\([^()]{0,30}\))?\s*,")  # the name, maybe its ticker, a comma
_DELTA_BEFORE = re.compile(
    r"\b(?:increase|increased|decrease|decreased|decline|declined|rise|rose|drop|dropped|fall|fell|gain|"
    r"gained|growth|grew|jump|jumped|up|down|higher|lower|more|fewer|less|by|additional|extra|another)"
    r"\s+(?:of|by)?\s*$",
    re.I,
)
_DELTA_AFTER = re.compile(
    r"^\s*(?:(?:cars|units|vehicles)\s+)?(?:fewer|more|less|higher|lower|down|up(?!\s+to\b))\b", re.I)
_COMPARE_BEFORE = re.compile(
    r"(?:\bfrom(?:\s+the)?(?:\s+(?:just|only|a\s+mere))?|\bcompared\s+\w+(?:\s+the)?|\bcompared|\bversus|\bvs\.?"
    r"|\bagainst|\bover"
    r"|\bwhen\s+(?:it|the\s+(?:company|automaker|carmaker|group|firm|maker)|[A-Z][\w.&-]*)\s+"
    r"(?:sold|delivered|registered)(?:\s+(?:a\s+total\s+of|only|just))?"
    r"|\bthan)\s*$"
    r"|(?:\bagainst|\bversus|\bvs\.?|\bcompared\s+(?:with|to)|\bthan|\bahead\s+of|\bbehind)\s+"
    r"(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*['’]s\s*$",
    re.I,
)
_RANGE_BEFORE = re.compile(
    r"(?:\bbetween|\bbetween\s+\d[\d,.]*\s+and|(?<!\d)(?<!,)\d[\d,.]*\s*(?:-|–|to))\s*$", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:-|–|to)\s*\d", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no|n't|neither|nor|without)\b", re.I)
_DIVISION_AFTER = re.compile(
    r"^\s*(?:cars\s+|vehicles\s+|units\s+)?(?:from|by|at)\s+(?:the|its)\s+(?:new\s+)?$",
                             re.I)
# a figure's own seller right after it: "1.26 million at Mercedes-Benz", "45,000 vehicles for Kia"
_SELLER_AFTER = re.compile(r"\s+(?:(?:cars|vehicles|units)\s+)?(?:at|for)\s+")
_MODEL_AFTER = re.compile(
    r"^\s+(?P<model>(?:Model\s+[A-Z0-9]\w*|ID\.\s?\d\w*|[A-Z][A-Za-z]*\d[\w.-]*|\d[\w.-]*[A-Za-z][\w.-]*|"
    r"[A-Z]{2,4}(?![a-z])|[A-Z][a-z]+(?:\s+[A-Z0-9][\w.-]*)?)"
    # a bracketed trim ("Ioniq 5 (N)"), not the figure ("the BYD Seal (49 units)")
    r"(?:\s+\((?![^)]*\d\s*(?:units|cars|vehicles|registrations)\b)[^)]{1,30}\))?)"
)
_STARTERS = frozenset(
    """for year volume domestic truck car cars trucks sales total passenger there both among since
    when while with under after before during by from as if so yet also then now today full
    april’s let what which who why how where overall further however meanwhile still despite
    although though because tesla’s is are was""".split()
)
_ORG_STOP = frozenset(
    """the a an in on at for of and but or it its this that these those there their he she they we i you
    last year month quarter total sales year-to-date analysts meanwhile however among despite further
    u.s u.s. us uk u.k. eu ec china europe japan germany france sweden norway britain america canada
    korea india italy spain mexico australia january february march april may june july august september
    october november december reuter reuters bevs phevs evs bev phev ev hevs nev nevs suv suvs
    yoy ytd q1 q2 q3 q4 h1 h2""".split()
)


@dataclass
class _Figure:
    """A count in a sentence with its role and what was read about it."""

    num: NumberSpan
    comparison: bool
    main: _Figure | None = None  # for comparisons: the figure compared with


@dataclass
class _Pending:
    """A fact before context-dependent periods (year-to-date, 'for the month') are resolved."""

    entity: Mention | None
    entity_name: str
    model: str | None
    brand: str | None
    units: int
    approximate: bool
    metric: str
    period_kind: str  # explicit | ytd | mtd | last_year | context
    period: Period | None
    evidence: Evidence
    comparison_of: _Pending | None = None
    comparison_hint: PeriodSpan | None = None
    region: str | None = None
    period_text: str | None = None  # the period phrase and its neighbours, to re-read it as a fiscal period
    segment: str | None = None  # what the figure covers when the story says it for all its rows


# ------------------------------------------------------------------ helpers


def _is_org(m: Mention) -> bool:
    """A mention that names an organisation: resolved against the table, or an unresolved proper name."""
    if m.text[:1].islower():
        return False  # "premium smart electric sedans": a word, not the brand
    if m.company_id is not None:
        return True
    words = m.text.strip().split()
    if not words or m.text.strip().lower().strip(".,'’") in _ORG_STOP:
        return False
    if words[0].lower().strip(".,") in _ORG_STOP or words[0].lower() in _STARTERS:
        return False
    if m.text.isupper() and len(m.text) > 5 and " " in m.text:
        return False  # an all-caps headline run, not a name
    return True


# No carmaker has sold more than ~11 million vehicles in a year (Toyota's group, 2023), so a larger figure,
# or one that runs at more than this many a year over a period of a month or longer, is a market's total
# (U.S. sales of 16.1 million, a 16.2 million annual rate), whoever the sentence names beside it. Two-wheelers
# are another scale (Honda sold 13.5 million motorcycles in 2007): a figure counting them is not checked.
MAX_UNITS = 12_000_000
MAX_YEARLY_RATE = 15_000_000
_TWO_WHEELERS = re.compile(
    r"\W*(?:[\w-]+\s+){0,2}?(?:motorcycles?|motorbikes?|two-wheelers?|scooters?|bikes?)\b", re.I)


def company_scale(units: float, period: Period, after: str = "") -> bool:
    """Whether a single company can have sold this many vehicles in `period` (`after`: the words after the
    figure, which may say it counts two-wheelers)."""
    days = (period.end - period.start).days + 1
    return (units <= MAX_UNITS and (days < 28 or units * 365 / days <= MAX_YEARLY_RATE)
            or _TWO_WHEELERS.match(after[:60]) is not None)


def _entity_name(m: Mention) -> str:
    name = display_name(m.text, m.company_id, m.name) if m.company_id is not None else m.text
    name = re.sub(r"\s*<[^>]*>\s*", " ", name)
    name = re.sub(r"\s*\([^()]*\d[^()]*\)\s*$", "", name)  # "VW Golf (7,019 units)": the figure is no name
    name = re.sub(r"['’]s$", "", name.strip())
    return name.strip(" ,.")


def _metric(sentence: str, pos: int) -> str:
    """The sales verb nearest to the figure at `pos` (sold by default)."""
    best, dist = "sold", 10**9
    for m in _CUE.finditer(sentence):
        d = abs(m.start() - pos)
        if d < dist:
            dist = d
            best = next(k for k, v in m.groupdict().items() if v)
    return best


def _next_words(text: str, pos: int, n: int = 6) -> list[str]:
    return re.findall(r"[A-Za-z][\w.'’-]*|[,;:()\[\]]|[.!?](?=\s|$)|\d[\d,.]*", text[pos:pos + 80])[:n]


# What a figure right after these counts is vehicles, whatever word follows it.
_COUNTED_BEFORE = re.compile(
    r"\b(?:sales|deliveries|registrations|shipments)\s+(?:of|were|was|totaled|totalled|reached|hit)\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+|more\s+than\s+|over\s+)?$", re.I)


def _counts_vehicles(sentence: str, num: NumberSpan, prev_end: int) -> str | None:
    """'vehicle' if a vehicle noun follows, 'bare' if nothing noun-like follows, None if another noun does."""
    words = _next_words(sentence, num.end)
    if num.value < 100 and re.match(r"\s*(?:new\s+|vehicle\s+|car\s+)?models\b", sentence[num.end:], re.I):
        return None  # "an offer on 11 vehicle models": a count of models, not of vehicles
    if re.match(r"\s*(?:sales|selling|business|working|trading|delivery)\s+days\b", sentence[num.end:], re.I):
        return None  # "December had 26 sales days": a count of days
    if ending_at(_COUNTED_BEFORE, sentence, num.start) and not (words and words[0].lower() in _OTHER_NOUNS):
        return "vehicle"  # "Toyota's August sales of 188,520 represented a gain": sales count vehicles
    if plural_model_at(sentence, num.end) is not None:
        return "vehicle"  # "GM sold 5,377 Chevrolet Volts": a count of the model's cars
    for i, w in enumerate(words):
        lw = w.lower().rstrip(".")
        if lw in _SINGULAR_BODIES and num.value > 1 and not num.scaled and "," not in num.text:
            return None  # "the 911 sports car", "the 208 hatchback": a model's number, not a count
        if lw in _VEHICLE_NOUNS or (i <= 1 and lw in ("registrations", "deliveries", "sales", "retail")):
            return "vehicle"  # "900 registrations", "1,200 new registrations"
        if i == 0 and (lw in _OTHER_NOUNS or lw.endswith("th")):
            return None
        if lw in _STOP_AFTER or not w[0].isalnum():
            return "bare" if i == 0 else None
        if lw in _OTHER_NOUNS:
            return None
        if i >= 4:
            return None
    return "bare"


# "Fiat said last month it sold 30,000 500Ls in the first five months": a recent time right after a
# reporting verb, before what was said, dates the saying, not the figure. A span of the calendar there
# ("said in the March 1-10 period it sold") is the figure's.
_SAID_BEFORE = re.compile(r"\b(?:said|says|reported|announced|disclosed|revealed|added|forecast)\s+$", re.I)
_SAYING_TIME = re.compile(r"(?:last|this|earlier\s+this)\s+(?:week|month)$", re.I)
_SAID_AFTER = re.compile(r"\s*(?:,|that\b|it\b|its\b|they\b|their\b|the\s+company\b)", re.I)


def _time_of_saying(text: str, ps: PeriodSpan) -> bool:
    """Whether a period phrase dates a statement ("X said last month it ...") rather than a figure."""
    return _SAYING_TIME.match(ps.text) is not None and _SAID_AFTER.match(text, ps.end) is not None and \
        _SAID_BEFORE.search(text, max(0, ps.start - 40), ps.start) is not None


def _skip_number(sentence: str, num: NumberSpan, in_period: bool) -> bool:
    if in_period or num.decimal or num.value <= 0:
        return True
    before, after = sentence[:num.start], sentence[num.end:]
    def ends_here(rx: re.Pattern[str]) -> bool:
        return ending_at(rx, sentence, num.start) is not None

    if ends_here(_MONEY_BEFORE) or _MONEY_AFTER.match(after) or _PERCENT_AFTER.match(after):
        return True
    if not num.scaled and "," not in num.text and "." not in num.text and 1900 <= num.value <= 2050:
        return True  # a year outside a recognised period phrase
    plain = not num.scaled and "," not in num.text and "." not in num.text and num.value < 10000
    if plain and ends_here(_LETTER_HYPHEN_BEFORE):
        return True  # part of a name ("1,166 e-208 cars", "the CX-5"), whatever follows
    if plain and ends_here(_DESIGNATION_BEFORE) and (
            not _COUNTED_AFTER.match(after) and not _possessive_count(sentence, num)
            or _ends_model(sentence, num)):
        return True  # a model designation ("Ioniq 6", "Peugeot 208", "Model 3", "Lexus GX 460 vehicles")
    if _RATE_AFTER.match(after):
        return True  # a rate, not a count
    from_to = ends_here(_FROM_TO_BEFORE)
    year_to = ends_here(_YEAR_TO_BEFORE) and num.value >= 10000
    if (_RANGE_BEFORE.search(before[-30:]) and not from_to and not year_to) or (
            _RANGE_AFTER.match(after) and not ends_here(_FROM_BEFORE)):
        return True
    if ends_here(_RANK_BEFORE):
        return True
    if ends_here(_FIRST_BEFORE) and _round(num.value):
        return True  # "to make its first 1 million sales": a milestone, not a period's sales
    if re.match(r"\s+(?:Series|Class)\b", after):
        return True  # "5 Series models", "3 Series": a model line's number
    return bool(re.match(r"^\s*(?:st|nd|rd|th)\b", after))


# What may stand just before a number that is no count (_skip_number)
_LETTER_HYPHEN_BEFORE = re.compile(r"[A-Za-z]-$")
_DESIGNATION_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*|\be-|\bModel)\s?$")
_COUNTED_AFTER = re.compile(
    r"\s*(?:,\s*(?:up|down|compared|versus|vs)|(?:\w+\s+){0,2}(?:cars|vehicles|units|trucks)\b)", re.I)
# "Lucid's 665 deliveries": an owner's figure of a sales noun is a count, unless the name and the number
# make a known model ("Peugeot's 208 sales" names the 208)
_POSSESSIVE_BEFORE = re.compile(r"\b([A-Z][\w-]*)['’]s\s$")
_SALES_NOUN_AFTER = re.compile(r"\s(?:new\s+)?(?:deliveries|sales|registrations)\b", re.I)


def _possessive_count(sentence: str, num: NumberSpan) -> bool:
    """Whether the number is an owner's count of a sales noun (_POSSESSIVE_BEFORE, _SALES_NOUN_AFTER)."""
    owner = _POSSESSIVE_BEFORE.search(sentence, max(0, num.start - 40), num.start)
    return bool(owner and _SALES_NOUN_AFTER.match(sentence, num.end)
                and not find_models(f"{owner.group(1)} {num.text}"))


def _ends_model(sentence: str, num: NumberSpan) -> bool:
    """Whether a known model's name ends with the number ("10,000 Lexus GX 460 vehicles")."""
    window = sentence[max(0, num.start - 30):num.end]
    return any(m.end == len(window) for m in find_models(window))


_FROM_TO_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|some\s+)?\d[\d,.]*\s*(?:-|–|to)\s*$")
_YEAR_TO_BEFORE = re.compile(r"(?<![\d,.])(?:19|20)\d\d\s+to\s*$")
_FROM_BEFORE = re.compile(r"\bfrom\s*$")
_RANK_BEFORE = re.compile(r"(?:\btop|\bNo\.?|#|\brank(?:ed)?|\bspot|\bplace)\s*$", re.I)
_FIRST_BEFORE = re.compile(r"\b(?:its|their|the)\s+first\s+$", re.I)


def _round(value: int) -> bool:
    """A milestone-sized number: 10,000 or more with one significant digit (100,000, 1 million)."""
    return value >= 10_000 and int(str(value).rstrip("0") or "0") < 10


_RATE_AFTER = re.compile(
    r"\s*(?:units\s+|cars\s+|vehicles\s+)?(?:per|a|an|each|every)\s+(?:year|month|week|day|annum)\b"
    r"(?!\s+(?:ago|earlier|before))|\s*(?:units\s+|cars\s+|vehicles\s+)?(?:annually|monthly|weekly|daily)\b"
    # "12,000 of its Tiida subcompacts per month": what is counted, then the rate
    r"|\s*(?:of\s+(?:its|their|the)\s+)?(?:[A-Za-z][\w-]*\s+){1,3}?(?:per|each|every)\s+(?:year|month|week|day)\b",
    re.I,
)


# A figure described by a past-tense relative clause of selling: "the roughly 118,000 vehicles it sold in
# 2006", "the 404,000 that it delivered last year"
_SOLD_RELATIVE = re.compile(
    r"\s+(?:(?:new\s+)?(?:vehicles|cars|units|trucks)\s+)?(?:that\s+|which\s+)?"
    r"(?:it|they|the\s+(?:company|group|automaker|carmaker))\s+(?:had\s+)?(?:sold|delivered)\s+"
    r"(?=in\b|during\b|last\b|a\s+year\s+earlier\b|the\s+previous\b)", re.I)


def _nonfact_for(text: str, num: NumberSpan) -> bool:
    """Whether the figure's own clause speaks of the future, a plan or a hypothesis."""
    if _SOLD_RELATIVE.match(text, num.end):
        return False  # "expects to top the 118,000 vehicles it sold in 2006": the figure is a past sale
    t = _NONFACT_OK.sub(lambda m: " " * len(m.group()), text)
    before = t[:num.start]
    for a, b in reversed(_aside_spans(before)):
        if before[b - 1] in ",)":  # a closed aside; an open one holds the figure itself
            before = before[:a] + " " * (b - a) + before[b:]
    # a relative clause holding the figure is its own clause: "sees an upturn in sales, which fell to N";
    # so is what a reporting verb introduces: "GM, expected to be challenged by Toyota, said sales rose to N"
    cuts = [m.end() for m in re.finditer(
        r";|,\s*(?:and|but|while|whereas|which|who|whose)\b|\b(?:but|while|whereas)\b"
        r"|\s(?:--|[-–—])\s(?!(?:including|excluding|such\s+as)\b)|\b(?:said|says|reported|announced|showed)\b",
        before)]
    before = before[cuts[-1]:] if cuts else before
    after = t[num.end:]
    stop = re.search(r"[,;]|\b(?:and|but|while|whereas)\b|\s(?:--|[-–—])\s", after)
    after = after[:stop.start()] if stop else after
    return bool(_NONFACT.search(before) or _NONFACT.search(after))


_REGIONS = {
    "china": "China", "mainland china": "China", "europe": "Europe", "the eu": "EU", "eu": "EU",
    "the european union": "EU", "the u.s.": "United States", "the us": "United States",
    "u.s.": "United States",
    "the united states": "United States", "america": "United States", "north america": "North America",
    "the uk": "United Kingdom", "the u.k.": "United Kingdom", "britain": "United Kingdom",
    "the united kingdom": "United Kingdom", "japan": "Japan", "germany": "Germany", "france": "France",
    "italy": "Italy", "spain": "Spain", "norway": "Norway", "sweden": "Sweden",
    "the netherlands": "Netherlands",
    "india": "India", "south korea": "South Korea", "korea": "South Korea", "canada": "Canada",
    "mexico": "Mexico", "brazil": "Brazil", "australia": "Australia", "thailand": "Thailand",
    "indonesia": "Indonesia", "russia": "Russia", "taiwan": "Taiwan", "turkey": "Turkey",
    "southeast asia": "Southeast Asia", "south-east asia": "Southeast Asia", "asia": "Asia",
    "latin america": "Latin America", "the middle east": "Middle East", "belgium": "Belgium",
    "switzerland": "Switzerland", "austria": "Austria", "denmark": "Denmark", "portugal": "Portugal",
    "poland": "Poland", "finland": "Finland", "ireland": "Ireland", "israel": "Israel",
    "new zealand": "New Zealand", "hong kong": "Hong Kong", "singapore": "Singapore",
}
# the region names as one alternation, longest first, any spacing between their words
_REGION_WORDS = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_REGIONS, key=len, reverse=True))
_REGION_RE = re.compile(
    r"\b(?:in|across|throughout|within)\s+(?:(?:its\s+)?home\s+market\s+of\s+)?(?P<r>" + _REGION_WORDS
    + r")(?![\w-])|\b(?P<dom>domestic(?:ally)?)\b", re.I)


def _region(text: str, num: NumberSpan) -> str | None:
    """Where the figure's vehicles were sold, when its clause says so ("in China", "in the U.S.")."""
    lo = max([0] + [m.end() for m in re.finditer(r"[;]|,\s*(?:and|but|while|whereas)\b", text[:num.start])])
    hi = re.search(r";|,\s*(?:and|but|while|whereas)\b|\b(?:and|while)\s+\d", text[num.end:])
    clause = text[lo:num.end + (hi.start() if hi else len(text))]
    for m in _REGION_RE.finditer(clause):
        if m.group("r"):
            return _REGIONS[re.sub(r"\s+", " ", m.group("r").lower())]
    return None


_GLOBAL = re.compile(r"\b(?:global(?:ly)?|worldwide|world|around the world|in total|overall)\b", re.I)
# A title about a market's sales: its figures are that market's
_MARKET_TITLE = re.compile(
    r"\b(?:sales|sold|registrations?|deliveries|best-?sell\w*|market|top\s+\d+|EVs?)\b", re.I)


def _title_region(title: str) -> str | None:
    """The one market a title names ("... in Norway", "Norway's EV market"), else None."""
    found = {_REGIONS[re.sub(r"\s+", " ", m.group(0).lower())]
             for m in _REGION_NAME.finditer(title)}
    return found.pop() if len(found) == 1 else None


_REGION_NAME = re.compile(
    r"\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_REGIONS, key=len, reverse=True)
                        if not k.startswith("the ")) + r")(?![\w-])", re.I)


_REDUCED_RELATIVE = re.compile(
    r",\s*(?:(?:newly|recently|first|last|also|heavily|badly|largely|partly)\s+)?"
    r"(?:[a-z]{3,}ed|built|made|sold|launched|unveiled|hit|driven|led|known|shown|seen|given|taken|begun)"
    r"\s+(?:by|in|on|at|last|this|earlier|since|with|from|for|during|to)\b(?:[^,;()]|\([^()]*\))*,")


_RUN_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+)")


_MONTH = timedelta(days=31)
# A place as the subject of a sale verb right before the figure: a national or regional total.
_PLACE_SELLS = re.compile(
    r"(?:^|[.;:]\s+|,\s+)(?:the\s+)?(?:" + _REGION_WORDS
    + r")\s+(?:(?:\w+ly|also|still)\s+)?(?:sold|sells|exported|exports|shipped|ships|delivered|registered)"
    r"\s+(?:(?:just|only)\s+)?$", re.I)  # matched against the text before the figure without its hedge


def _brand_run_owner(text: str, sent: Sentence, before: list[Mention], year: int | None) -> Mention | None:
    """The group a run of brands sells for: "sales of its BMW, Mini and Rolls-Royce brands rose to N", "Ford,
    Lincoln and Mercury" are one company's figure, not its last brand's. The run ends at the name nearest
    the figure; it is one group's when the text calls its members brands or when the company table gives
    them one owner at the story's date. The owner is the member that owns the others, else the first."""
    run = [before[-1]]
    for m in reversed(before[:-1]):
        if not _RUN_GAP.fullmatch(text[m.end - sent.start:run[0].start - sent.start]):
            break
        run.insert(0, m)
    if len(run) < 2 or len({m.company_id or m.name for m in run}) < 2:
        return None
    # "its BMW, Mini and Rolls-Royce brands", "sales of BMW, MINI and Rolls-Royce cars": names of brands
    called_brands = re.match(r"\s*(?:['’]s\s+)?(?:brands?|marques?|cars|vehicles)\b",
                             text[run[-1].end - sent.start:]) is not None
    table = load_companies()
    owners = [(m, {m.company_id, *table.parents(m.company_id, year)} if m.company_id else set()) for m in run]
    common = set.intersection(*(ids for _, ids in owners))
    if not common and not called_brands:
        return None
    owner = next((m for m, _ in owners  # the member that owns every other one
                  if m.company_id and all(m.company_id in ids for _, ids in owners)), run[0])
    # "Hyundai and Kia sold 6.6 million": an owner and a company of its own (not a brand) sum two companies'
    # sales, no one's figure, unless the text calls them its brands
    companies = [m for m in run if m is not owner and m.company_id
                 and getattr(table.get(m.company_id), "kind", "brand") != "brand"]
    if companies and not called_brands:
        return None
    return owner


# what may follow a heading's name at the end of its item: tickers in brackets, a colon
_HEADING_TAIL = re.compile(r"\.?(?:\s*\([^()]{0,30}\))*\s*:?\s*$")
# ... but not a name ending a list or a phrase ("Brands: Chrysler, Jeep and Dodge.", "made by Magna.")
_LIST_END_BEFORE = re.compile(r"(?:,|&|\b(?:and|or|of|by|with|from|for|to|at|in|on|as|than))\s*$", re.I)
# a relative clause set off by commas; a ticker in brackets may stand inside it
_RELATIVE = re.compile(r",\s*(?:which|who|whose|where)\b(?:[^,;()]|\([^,;()]*\))*(?:,|$)")
_PARENS = re.compile(r"\([^()]*\)")


def _aside_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of relative clauses set off by commas (", which overtook it in 2022,", ", updated last
    year,") and parentheses."""
    out = [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]
    # a reduced relative clause: ", updated last year,", ", hurt by weak demand,"
    out += [(m.start(), m.end()) for m in _REDUCED_RELATIVE.finditer(text)]
    out += [(m.start(), m.end()) for m in _PARENS.finditer(text)]
    out += [(m.start(), m.end()) for m in _APPOSITIVE.finditer(text)]
    out += [(m.start(), m.end()) for m in _RANKED_APPOSITIVE.finditer(text)]
    return sorted(out)


# ", the only major U.S. automaker to avoid bankruptcy in 2009,", ", the world's No. 2 automaker behind
# Toyota,": a description of the name before it, whose period and names are not the figure's
_RANKED_APPOSITIVE = re.compile(
    r",\s*(?:the|a|an)\s+(?:only|first|last|sole|world['’]s|nation['’]s|country['’]s|No\.?\s*\d|number\s+\w+|"
    r"(?:\w+-)?(?:largest|biggest|smallest|best|worst|fastest|oldest|newest|highest|lowest|strongest|weakest|"
    r"top|leading|dominant))\b(?![^,;()]*\b(?:was|were|is|are|has|had|have)\b)[^,;()]*,", re.I)


# A wire story's turn to another topic: a figure there is not the company named before
_NEW_TOPIC = re.compile(r"\s*(?:Separately|Elsewhere|In other news)\b", re.I)
# A comparison set off by commas names a yardstick, not the seller ("rose 7.4 percent, about half of Audi's
# pace, to 121,476")
_COMPARISON_ASIDE = re.compile(
    r",\s*(?:about|roughly|nearly|almost|around|more\s+than|less\s+than|twice|double|half|triple|ahead\s+of|"
    r"behind|compared\s+(?:with|to)|versus|vs\.?|outpacing|outstripping|beating|trailing)\b[^,;()]*,",
    re.I)
# Names in an inclusion phrase before the figure are parts of the seller named before them
_INCLUSION = re.compile(
    r"\b(?:including|excluding|incl\.|plus|along\s+with|together\s+with|as\s+well\s+as)\s+"
    r"(?:(?:the|its|their)\s+)?(?:[\w&.'’-]+\s*(?:,|and|&)?\s+){0,6}?$", re.I)
_LEFT_OUT = re.compile(r"\b(?:excluding|except(?:\s+for)?|not\s+including)\s+(?:the\s+|its\s+)?$", re.I)
# ", a unit of Yugo NV," / ", wholly owned by Chrysler Corp," / ", majority-owned by Fiat SpA,": the parent
# named beside the subject.
_APPOSITIVE = re.compile(
    r",\s*(?:(?:a|an|the)\s+(?:(?:wholly[- ]owned|[\w.-]+)\s+)?"
    r"(?:unit|subsidiary|division|arm|affiliate)\s+of"
    r"|(?:(?:wholly|partly|majority|minority|\d[\d.]*\s*(?:pct|%|percent))[\s-]+)?(?:owned|controlled)\s+by"
    # ", GM's commercial vehicle tie-up with SAIC and Wuling,", ", its flagship venture with SAIC Motor Corp,"
    r"|(?:its|their|the|an?|[A-Z][\w.&-]*['’]s)\s+(?:[\w-]+\s+){0,4}(?:venture|tie-?up|partnership|alliance)"
    r"\s+(?:with|between)"
    r")\b[^,;()]*(?:\([^()]*\)[^,;()]*)?,")


# Words before a period phrase that make it the date of something else: a launch told as background
# ("which debuted in August", "was launched in 2021"), a starting point ("since March"), an old record.
_LAUNCH_BEFORE = re.compile(
    r"(?:\b(?:which|that|who|was|were|been|be|after|it|first|its|the)\s+(?:\w+\s+)?"
    r"(?:debut(?:ed|s)?|launch(?:ed|es)?|introduc\w+|unveil\w*|arriv(?:ed|al)|revealed|premiered)"
    r"|\b(?:debut|launch|introduction|unveiling|arrival)\s+(?:\w+\s+)?(?:back\s+)?"
    # the launch of a named car: "GM introduced the Cadillac XTS sedan in June and sold 1,739 last month"
    r"|\b(?:introduc(?:ed|es)|launch(?:ed|es)|unveil(?:ed|s)|debut(?:ed|s))\s+(?:the|its|a|an)\s+"
    r"(?:[\w-]+\s+){1,4}?in"
    r"|\bsince(?:\s+(?:the|its|a|an)(?:\s+[\w-]+){0,3}\s+(?:in|of))?"
    r"|\bprevious\s+best\s+was(?:\s+way)?(?:\s+back)?)\s+(?:\w+\s+)?$", re.I)
# "the Caliber compact launched last year is the top seller": a launch a year back dates the car, not the
# figure ("debuted in September with 120 registrations" is the sales month)
_LAUNCHED_YEAR = re.compile(r"\b(?:launched|debuted|unveiled|introduced|premiered)\s+(?:in\s+)?$", re.I)


def _launch_date(text: str, ps: PeriodSpan) -> bool:
    """Whether a period phrase dates a launch or a starting point ("which debuted in August", "following
    their April launch"), not a figure."""
    year_back = re.fullmatch(r"last\s+year|(?:in\s+)?(?:19|20)\d\d", ps.text, re.I)
    return bool(ending_at(_LAUNCH_BEFORE, text, ps.start) or re.match(
        r"\s+(?:launch|debut|introduction|arrival|premiere|unveiling|release)\b", text[ps.end:], re.I) or (
        year_back and ending_at(_LAUNCHED_YEAR, text, ps.start)))


# Words before a period phrase that make it the yardstick, not the figure's period ("4.8 pct above the
# 1986 period", "compared with March last year", "recover from January").
# A period used as a noun's modifier after a determiner dates an event, not the figures around it; the
# nouns of sales reporting ("the August sales", "the 2012 model year") are not events.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|this|that)\s+$", re.I)
_NAMES_AN_EVENT = re.compile(
    r"\s+(?!(?:sales|deliver|registration|result|figure|number|volume|total|period|quarter|half|month|year|"
    r"fiscal|financial|model|data|tally|selling|season)\w*\b)[a-z][a-z-]+\b")
_COMPARED_PERIOD = re.compile(
    r"(?:\b(?:above|below|than|versus|vs\.?|against|compared\s+(?:with|to)|recover\w*\s+from|rebound\w*\s+from"
    r"|after|same\s+as|(?:previous|prior|earlier)\s+(?:monthly\s+)?(?:high|record|best|peak|low)(?:\s+(?:of|in|set"
    r"|just|back))*)"
    r"|\bfrom\s+(?:the\s+)?(?:weak|low|high|record|slow|strong)\b[^,;]{0,20}"
    # "up 17.5 percent from 2010", "down from 2012's level": the base of a change
    r"|\b(?:up|down|rose|fell|increased|decreased|gained|dropped|higher|lower)\s+[^,;]{0,25}?\bfrom)"
    r"\s+(?:the\s+|its\s+)?$", re.I)


_NOT_MODEL_WORD = frozenset(
    """in of for during since until by from to the and or than year fiscal calendar fy through between
    early mid late end q1 q2 q3 q4 h1 h2 first second third fourth half quarter ended ending""".split())


def _model_number(text: str, ps: PeriodSpan) -> bool:
    """A bare year right after a name ("the Peugeot 2008 sold ...") is a model designation."""
    if not re.fullmatch(r"\d{4}", ps.text):
        return False
    m = re.search(r"\b([A-Z][\w’'-]*)\s$", text[max(0, ps.start - 30):ps.start])
    if not m or m.group(1).lower() in _NOT_MODEL_WORD or m.group(1).lower().rstrip(".") in _MONTH_WORDS:
        return False
    return not _YEAR_NOUN_AFTER.match(text[ps.end:])


_YEAR_NOUN_AFTER = re.compile(
    r"\s+(?:sales|deliveries|registrations|results|total|figures?|volumes?|model\s+year)\b", re.I)


_MONTH_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def _in_parens(text: str, pos: int) -> bool:
    """Whether `pos` lies inside an open parenthesis of `text`."""
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


# "Let's now step back for the 3 month view": what follows ranks models over the last three months.
_TRAILING = ScreenedPattern(
    re.compile(r"\b(?:3|three)[- ]month\s+(?:view|picture|perspective|ranking|chart)s?\b", re.I),
    (("month",),))


# A brand heading line over a list of its models: "**Volkswagen**", "## BMW:".
_BRAND_HEADING = re.compile(r"\s*(?:\*\*|__|#+\s*)?\s*([^*_#]{2,30}?)\s*(?:\*\*|__)?\s*:?\s*")
# "1. **Wuling Hong Guang MINI EV**: 29.706", "- **ZOE**: 8.217 (37 %)": a line of a ranking list.
_LIST_ITEM = re.compile(
    r"^\s*(?:\d{1,3}[.)]|[-*•])\s+(?:\*\*|__)?(?P<label>[^*_:\n]{1,60}?)(?:\*\*|__)?\s*[:–—]\s*(?:\*\*)?"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+)(?:\*\*)?\s*(?:units|cars|vehicles|registrations|deliveries|sales)?"
    r"\s*(?:\(\s*\d[\d.,]*\s*%\s*\))?\s*$")


def _list_runs(sec: Section) -> set[int]:
    """Starts of the sentences of `sec` that are ranking-list lines in a run of three or more (one or two
    such lines are more likely specifications)."""
    out: set[int] = set()
    run: list[int] = []
    for sent in sec.sentences + [None]:
        if sent is not None and _LIST_ITEM.match(sent.text.split("\n", 1)[0]):
            run.append(sent.start)
            continue
        if sent is not None and run and re.fullmatch(r"\s*(?:\*\*|__)?[^*_]{2,30}(?:\*\*|__)?\s*:?\s*",
                                                     sent.text):
            continue  # a brand heading between groups of a list
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


def _section_context_year(doc: Doc) -> int | None:
    years: dict[int, int] = {}
    for sec in doc.sections:
        for m in re.finditer(r"(?<![\d$])(19[5-9]\d|20[0-4]\d)(?!\d)", sec.text):
            years[int(m.group(1))] = years.get(int(m.group(1)), 0) + 1
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


# ------------------------------------------------------------------ sentence reading


# Markdown a sentence may open with: a heading, an image
_MD_HEADING, _MD_IMAGE = re.compile(r"\s*#{1,6}\s"), re.compile(r"\s*!\[")
# a figure right after a name ("American Honda 16,635", markup between allowed)
_FIGURE_NEXT = re.compile(r"\s*(?:<[^>]*>\s*)?\d")


class _Reader:
    """Reads one article's sentences in order, keeping the context a wire story relies on."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.published = doc.published
        self.context_year = doc.published.year if doc.published else _section_context_year(doc)
        self.last_entity: Mention | None = None
        self.title_entity: Mention | None = None
        self.last_period: tuple[str, Period | None] | None = None  # (kind, period) of the last main figure
        self.last_explicit: Period | None = None
        self._n = 0  # the sentence being read, counted
        self._explicit_n = -1  # the sentence that stated last_explicit
        self._models_sent: Sentence | None = None
        self._models: list[ModelMention] = []
        self._model_of: dict[int, ModelMention] = {}  # brand mentions made from a model name
        self.report_period: Period | None = None  # the first period a sales sentence states: the story's
        self.pending: list[_Pending] = []
        self.explicit_ends: list[date] = []
        self.sales_article = False
        self.prev_made = False  # the previous sentence gave a sales fact
        self._sent_start = 0
        self.continuation = False
        self.weak = False  # the sentence has no sales word of its own
        self._accepted: list[_Figure] = []
        self._respectively: dict[int, tuple[Mention, PeriodSpan | None]] = {}
        self._list_runs: set[int] = set()
        self.list_brand: Mention | None = None  # a brand heading line over a list of its models
        self.trailing = False  # under a "3-month view" of a monthly market report, until the next heading
        # A market report's title names the market and what it counts ("July 2024 - EV sales in Norway"):
        # the rows of its ranking lists and tables are that market's and that segment's
        title = next((s.text for s in doc.sections if s.name == "title"), "")
        # (a monthly report headed by its month, "May 2024 - Volvo EX30 leads in Norway", is one too)
        market_title = _MARKET_TITLE.search(title) or _DATED_TITLE.match(title)
        self.story_region = _title_region(title) if market_title else None
        self.story_segment = segment_in(title)
        self.seen: dict[str, int] = {}  # how often each seller was named so far (the story's topic)
        self.seen_first: dict[str, Mention] = {}

    # -- context helpers

    def _note_periods(self, spans: list[PeriodSpan], text: str) -> None:
        """Remember the latest period a sales sentence states outright (not in an aside or a launch date)."""
        asides = _aside_spans(text)
        for ps in spans:
            if ps.kind == "explicit" and ps.period is not None:
                if self.published is not None and ps.period.start > self.published:
                    continue
                if any(a <= ps.start < b for a, b in asides) or _launch_date(text, ps):
                    continue
                if ending_at(_COMPARED_PERIOD, text, ps.start):
                    continue  # "recover from January blahs", "above the 1986 period"
                if _NAMES_AN_EVENT.match(text, ps.end) and ending_at(_DETERMINER_BEFORE, text, ps.start):
                    continue  # "the March 2011 earthquake", "the 2007-09 recession": when something happened
                self.last_explicit = ps.period
                if not _NONFACT.search(text) and not _YARDSTICK_BEFORE.search(text, 0, ps.start):
                    self._explicit_n = self._n  # stated plainly: it may set the period of what follows
                if self.report_period is None:
                    self.report_period = ps.period

    def read(self) -> list[_Pending]:
        for sec in self.doc.sections:
            if sec.name == "title" and _CUE.search(sec.text):
                self.sales_article = True
        # A market report often titles itself by month ("April 2023 - Spring is sprung in France") but
        # speaks of sales throughout: its "N units" sentences are sales too.
        cues = (m for sec in self.doc.sections if sec.name == "text" for m in _CUE.finditer(sec.text))
        if sum(1 for _ in islice(cues, 3)) >= 3:
            self.sales_article = True
            for sec in self.doc.sections:
                if sec.name == "title" and not _CUE.search(sec.text):
                    # The title's period is the story's ("March 2024 - The Peugeot e-208 is still on top");
                    # of several, the narrowest ("ends 2022 with a record December").
                    own = [ps.period for ps in find_periods(sec.text, self.published, self.context_year)
                           if ps.kind == "explicit" and ps.period is not None
                           and not (self.published and ps.period.start > self.published)]
                    if own:
                        self.report_period = self.last_explicit = min(own, key=lambda p: p.end - p.start)
        for sec in self.doc.sections:
            self._list_runs = _list_runs(sec)
            for sent in sec.sentences:
                self._sentence(sec, sent)
                self._heading_at_end(sec, sent)
            if sec.name == "text":
                self._tables(sec)
        return self.pending

    def _heading_at_end(self, sec: Section, sent: Sentence) -> None:
        """A company's name ending the item before a bullet heads the bullets that follow: a factbox run into
        one paragraph ("... up from $804 a year earlier. Toyota Motor Corp * Vehicle sales down 8 percent
        (257,404 units)", "Fourth quarter production down 8 percent Honda Motor Co. ( 7267.T ) * ...")."""
        if not RUN_IN_BULLET.match(sec.text, sent.end):
            return
        tail = _HEADING_TAIL.search(sent.text)
        if tail is None:
            return
        end = sent.start + tail.start()
        last = [m for m in self._orgs(sec, sent) if m.end == end]
        if last and not _LIST_END_BEFORE.search(sent.text, 0, last[0].start - sent.start):
            self.last_entity = last[0]

    def _orgs(self, sec: Section, sent: Sentence) -> list[Mention]:
        orgs = [m for m in sec.mentions_in(sent) if _is_org(m)]
        aside = _ASIDE_LEAD.match(sent.text)
        if aside:
            orgs = [m for m in orgs if m.start - sent.start >= aside.end()]
        return orgs

    def _list_item(self, sec: Section, sent: Sentence, orgs: list[Mention]) -> bool:
        """A ranking list line in a sales story ("1. **Tesla Model Y**: 12.728", "- **ID.3**: 6.999 (26 %)"):
        one fact for the seller or model it names, in the period the story reports."""
        m = _LIST_ITEM.match(sent.text.split("\n", 1)[0])
        if not m or not self.sales_article or sent.start not in self._list_runs:
            return False
        nums = find_numbers(m.group("num"))
        if len(nums) != 1 or nums[0].decimal or nums[0].value <= 0:
            return True
        label = m.group("label").strip()
        lo, hi = sent.start + m.start("label"), sent.start + m.end("label")
        model = None
        inside = [o for o in orgs if lo <= o.start and o.end <= hi]
        if inside:
            ent = inside[0]
            model = re.sub(r"^(?:/[\w-]+)*\s*", "", sec.text[ent.end:hi]).strip() or None
        else:
            known = find_models(label)
            if known:
                k = known[0]
                ent = Mention(k.text, lo + k.start, lo + k.end, k.brand, k.brand_id)
                self._model_of[id(ent)] = k
                model = k.text
            elif self.list_brand is not None:
                ent, model = self.list_brand, label  # "**Volkswagen**" heading, then "- **Golf**: 27.247"
            elif label[:1].isupper():
                ent = Mention(label, lo, hi, label, None)  # a name the company table does not know
            else:
                return True
        per = self.last_explicit or self.report_period
        if per is None:
            return True
        ev = Evidence(sent.text, sent.start, sent.end, sec.name)
        self.pending.append(_Pending(ent, _entity_name(ent), model, None, nums[0].value, nums[0].approximate,
                                     "sold", "explicit", per, ev, region=self.story_region,
                                     segment=self.story_segment))
        return True

    def _sentence(self, sec: Section, sent: Sentence) -> None:
        text = sent.text
        self._n += 1
        self._sent_start = sent.start
        orgs = self._orgs(sec, sent)
        for o in orgs:
            key = o.company_id or o.name
            self.seen[key] = self.seen.get(key, 0) + 1
            self.seen_first.setdefault(key, o)
        if _MD_HEADING.match(text):
            self.trailing = False
        if _MD_IMAGE.match(text):
            return  # a Markdown image: its alt text and file name are no evidence
        if _TRAILING.search(text):
            self.trailing = True
        listed_line = self._list_item(sec, sent, orgs)
        # A brand heading line ("**Volkswagen**") over a list of its models; the sentence splitter may have
        # joined it to the list line before it.
        last = text.rsplit("\n", 1)[-1]
        off = sent.start + len(text) - len(last)
        line_orgs = [o for o in orgs if o.start >= off]
        if not listed_line or "\n" in text:  # list lines keep the heading they stand under
            lo = line_orgs[0] if len(line_orgs) == 1 else None
            heading = lo is not None and _BRAND_HEADING.fullmatch(last)
            self.list_brand = lo if heading and lo is not None and (
                lo.start - off <= 3 and lo.end - off >= len(heading.group(1)) - 1) else None
        if listed_line:
            self.prev_made = False
            return
        cue = _CUE.search(text)
        if cue is None and self.prev_made and orgs and (parallel := _PARALLEL_CHANGE.search(text)):
            cue = parallel if any(o.end - sent.start <= parallel.start() for o in orgs) else None
        if sec.name == "title" and orgs and self.title_entity is None:
            self.title_entity = orgs[0]
        self.continuation = bool(self.prev_made and _CONTINUATION.match(text))
        # In a sales story, "N units" sentences and lists of sellers with figures ("American Honda 16,635,
        # up from 6,358") are sales even without a sales word; they must name a seller or follow a fact.
        listed = any(_FIGURE_NEXT.match(text, o.end - sent.start) for o in orgs)
        self.weak = not cue and not self.continuation
        if not cue and not self.continuation and not (
                self.sales_article and (_UNITS_COUNT.search(text) or listed)):
            if orgs:
                self._remember_entity(orgs, text)
            self.prev_made = False
            return
        spans = find_periods(text, self.published, self.context_year)
        self._note_periods(spans, text)
        figures = self._figures(text, spans)
        made_any = False
        self._accepted: list[_Figure] = []
        self._respectively = self._respective_pairs(text, sent, figures, orgs, spans)
        for fig in figures:
            if fig.comparison:
                continue
            nonfact = _nonfact_for(text, fig.num)
            p = self._main_fact(sec, sent, text, fig, figures, spans, orgs, nonfact)
            co = self._co_sellers(text, sent, fig, orgs, p.entity) if p is not None else None
            if co is not None and not co[1]:
                p = None  # "GM and Ford sold 2 million cars": a combined figure is no one's sale
            if p is not None:
                made_any = True
                self._accepted.append(fig)
                self.pending.append(p)
                for other in co[0] if co else []:
                    self.pending.append(replace(p, entity=other, entity_name=_entity_name(other)))
                for comp in figures:
                    if comp.comparison and comp.main is fig:
                        cp = self._rival_fact(sec, sent, text, comp, p, orgs) or self._comparison_fact(
                            sent, sec, text, comp, p, spans)
                        if cp is not None:
                            self.pending.append(cp)
            elif nonfact:
                # "aims to sell 750,000 by 2015, up from the 404,000 it sold last year": the target is no
                # sale, its base is one, in the period written at it
                for comp in figures:
                    if comp.comparison and comp.main is fig:
                        bp = self._base_fact(sec, sent, text, fig, comp, spans, orgs)
                        if bp is not None:
                            made_any = True
                            self.pending.append(bp)
        if orgs and not made_any:
            self._remember_entity(orgs, text)
        self.prev_made = made_any

    def _respective_pairs(self, text: str, sent: Sentence, figures: list[_Figure], orgs: list[Mention],
                          spans: list[PeriodSpan]) -> dict[int, tuple[Mention | None, PeriodSpan | None]]:
        """'A and B sold 10 and 20 cars (in 2022 and 2023) respectively': each figure's seller and period."""
        resp = re.search(r"\brespectively\b", text)
        if not resp:
            return {}
        mains = [f for f in figures if not f.comparison and f.num.end <= resp.start()]
        if len(mains) < 2:
            return {}
        first = mains[0].num.start
        names: list[Mention | None] = [None] * len(mains)
        before = [o for o in orgs if o.end - sent.start <= first]
        if len(before) >= len(mains):
            cand = before[-len(mains):]
            joins = [text[a.end - sent.start:b.start - sent.start]
                     for a, b in zip(cand, cand[1:], strict=False)]
            if all(re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", j) for j in joins):
                names = list(cand)
        periods: list[PeriodSpan | None] = [None] * len(mains)
        after = [ps for ps in spans if mains[-1].num.end <= ps.start < resp.start() and ps.kind == "explicit"]
        if len(after) == len(mains):
            periods = list(after)
        return {id(f): (n, ps) for f, n, ps in zip(mains, names, periods, strict=True)}

    def _rival_fact(self, sec: Section, sent: Sentence, text: str, comp: _Figure, main: _Pending,
                    orgs: list[Mention]) -> _Pending | None:
        """'... 1.81 million in 2023 against BYD's 1.57 million': the compared figure is another seller's."""
        for o in orgs:
            rel_end = o.end - sent.start
            if rel_end <= comp.num.start and re.fullmatch(r"\s*['’]s\s*(?:total\s+of\s+|tally\s+of\s+)?",
                                                           text[rel_end:comp.num.start]):
                name = _entity_name(o)
                if name.lower() == main.entity_name.lower() or _counts_vehicles(text, comp.num, 0) is None:
                    return None
                ev = Evidence(text, sent.start, sent.end, sec.name)
                return _Pending(o, name, None, None, comp.num.value, comp.num.approximate, main.metric,
                                main.period_kind, main.period, ev, region=main.region)
        return None

    def _remember_entity(self, orgs: list[Mention], text: str) -> None:
        # A sentence whose subject is a company ("Nissan said ...") moves the story's focus to it.
        first = orgs[0]
        if "said" in text and re.search(r"\bsaid\b", text):
            self.last_entity = first
        elif _is_org(first) and re.fullmatch(r"\W*(?:the\s+)?(?:(?:new|all-new|latest|long-term)\s+)?",
                                             text[:max(0, first.start - self._sent_start)], re.I):
            self.last_entity = first  # the sentence's subject: "Chrysler avoided ... Its sales rose"

    def _figures(self, text: str, spans: list[PeriodSpan]) -> list[_Figure]:
        out: list[_Figure] = []
        last_main: _Figure | None = None
        held: _Figure | None = None
        prev_end = 0
        delta_end = -1  # end of the last figure skipped as a change ("down 2,500 for Y and 2,000 for Z")
        for num in find_numbers(text):
            in_period = any(ps.start <= num.start < ps.end for ps in spans)
            if _skip_number(text, num, in_period):
                prev_end = num.end
                continue
            before = _core(text[prev_end:num.start])
            comparison = bool(_COMPARE_BEFORE.search(before)) and last_main is not None
            if not comparison and (_DELTA_BEFORE.search(_core(text[max(0, num.start - 40):num.start])) or (
                    delta_end >= 0 and re.fullmatch(r"[^,;.()]{0,30}\band\s*", text[delta_end:num.start]))):
                if not re.search(r"\bto\s*$", text[:num.start]):
                    prev_end = delta_end = num.end
                    continue
            if _DELTA_AFTER.match(text[num.end:]):
                prev_end = num.end
                continue
            from_before = re.search(r"\bfrom\s*(?:(?:its|their|an?|the)\s+)?(?:initial\s+|first\s+)?$",
                                    before)
            if from_before and re.match(
                    r"\s*(?:(?:units|cars|vehicles|registrations|sales|deliveries)\s+)?(?:-|–|to)\s*"
                    r"(?:(?:about|around|some|roughly)\s+)?\d", text[num.end:]):
                held = _Figure(num, True, None)  # "from X to Y": X is the earlier figure of Y
                out.append(held)
                prev_end = num.end
                continue
            fig = _Figure(num, comparison, last_main if comparison else None)
            out.append(fig)
            if not comparison:
                last_main = fig
                if held is not None:
                    held.main, held = fig, None
            prev_end = num.end
        return out

    def _entity_for(self, sec: Section, text: str, sent: Sentence, fig: _Figure,
                    orgs: list[Mention]) -> tuple[Mention | None, bool]:
        """The seller of a figure and whether it was named in the sentence itself."""
        pos = sent.start + fig.num.start
        after_text = text[fig.num.end:fig.num.end + 40]
        for m in orgs:
            rel = m.start - sent.start
            if rel >= fig.num.end and _DIVISION_AFTER.match(text[fig.num.end:rel]):
                if re.match(r"\s*(?:division|unit|brand|arm|subsidiary)\b", text[m.end - sent.start:]):
                    return m, False
            if rel >= fig.num.end and _SELLER_AFTER.fullmatch(text, fig.num.end, rel):
                return m, True  # "compared with 1.26 million at Mercedes-Benz": the name after it sold them
        del after_text
        resp = self._respectively.get(id(fig))
        if resp is not None and resp[0] is not None:
            return resp[0], True
        spans = _aside_spans(text) + [m.span() for m in _COMPARISON_ASIDE.finditer(text)]
        asides = [(a + sent.start, b + sent.start) for a, b in spans
                  if text[b - 1] in ",)" and not a <= fig.num.start < b]
        before = [m for m in orgs if m.end <= pos and not any(a <= m.start < b for a, b in asides)]
        # "Toyota's global sales, including Daihatsu and Hino, rose to 8.42 million": the group sells
        included = [m for m in before if ending_at(_INCLUSION, text, m.start - sent.start)]
        if included and included[0] is not before[0]:
            before = [m for m in before if m not in included]
        elif len(before) == 1 and ending_at(_LEFT_OUT, text, before[0].start - sent.start):
            before = []  # "Vehicle sales, excluding Volvo, fell to 116,356": the name left out is no seller
        lead = _core(text[:fig.num.start])
        if before and _VERB_AFTER_ASIDE.search(lead):
            first = before[0]
            opens = re.fullmatch(r"\W*(?:the\s+)?", text[:first.start - sent.start]) is not None
            if opens and _SUBJECT_THEN_COMMA.match(text, first.end - sent.start):
                return first, True
        model = self._model_before(text, sent, fig, asides, before[-1] if before else None)
        if model is not None:
            return model, True
        if before and (_PARTICIPLE_SALE.search(lead) or _PRONOUN_SUBJECT.search(lead)):
            # "Toyota overtook Ford in 2007, selling 2.62 million", "VW gained on Toyota and GM, and it sold
            # 7 million": the sentence's subject sells, not the nearest name
            return before[0], True
        if before:
            return _brand_run_owner(text, sent, before, self.context_year) or before[-1], True
        if _PLACE_SELLS.search(lead):
            return None, False  # "South Korea sold around 700,000 vehicles": a country's total, no company's
        if _NEW_TOPIC.match(text) and not _PRONOUN_SUBJECT.search(lead):
            return None, False  # "Separately, Transportation Department figures showed sales nearing 160,000"
        fronted = self._subject_after(text, sent, fig, orgs)
        if fronted is not None:
            return fronted, True
        if _PRONOUN_SUBJECT.search(_core(text[:fig.num.start])) and self.seen:
            topic = max(self.seen, key=lambda k: self.seen[k])  # dicts keep order: the first named wins ties
            if self.seen[topic] >= 2:
                return self.seen_first[topic], False  # "It sold 7 million last year": the story's company
        if self.last_entity is not None:
            return self.last_entity, False
        if self.title_entity is not None:
            return self.title_entity, False
        return None, False

    def _subject_after(self, text: str, sent: Sentence, fig: _Figure, orgs: list[Mention]) -> Mention | None:
        """The subject after a fronted phrase holding the figure ("With 1,395 units, the new EX30 ...")."""
        gap = re.compile(r"[^,;.]{0,25},\s*(?:the\s+)?(?:(?:new|all-new|latest)\s+)?")
        for m in orgs:
            rel = m.start - sent.start
            if rel >= fig.num.end:
                return m if gap.fullmatch(text[fig.num.end:rel]) else None
        if self._models_sent is not sent:
            self._models_sent, self._models = sent, find_models(text)
        for mm in self._models:
            if mm.start >= fig.num.end:
                if not gap.fullmatch(text[fig.num.end:mm.start]):
                    return None
                ment = Mention(mm.text, sent.start + mm.start, sent.start + mm.end, mm.brand, mm.brand_id)
                self._model_of[id(ment)] = mm
                return ment
        return None

    def _model_before(self, text: str, sent: Sentence, fig: _Figure, asides: list[tuple[int, int]],
                      org: Mention | None) -> Mention | None:
        """The brand of a model named nearer the figure than any company ("the Q6 e-tron ... 22 units")."""
        if self._models_sent is not sent:
            self._models_sent, self._models = sent, find_models(text)
        cands = [mm for mm in self._models if mm.end <= fig.num.start
                 and not any(a <= mm.start + sent.start < b for a, b in asides)]
        if not cands:
            return None
        mm = cands[-1]
        if org is not None:
            org_start, org_end = org.start - sent.start, org.end - sent.start
            if org_end > mm.start and org_start < mm.end:
                return None  # the company mention is the model's own brand word
            if org_end <= mm.start and re.fullmatch(r"(?:['’]s)?\s*(?:new\s+|all-new\s+)?",
                                                    text[org_end:mm.start]):
                return None  # "Audi Q6 e-tron", "Tesla's Model Y": the brand is written
            if org_start >= mm.end:
                return None  # a company named after the model is nearer the figure
        ment = Mention(mm.text, sent.start + mm.start, sent.start + mm.end, mm.brand, mm.brand_id)
        self._model_of[id(ment)] = mm
        return ment

    def _period_for(self, text: str, fig: _Figure, figures: list[_Figure],
                    spans: list[PeriodSpan]) -> tuple[str, Period | None, str | None] | None:
        """(kind, period) for a main figure: nearest period phrase before it, else just after it."""
        comp_starts = [f.num.start for f in figures if f.comparison]
        # Spans that follow a comparison figure describe the comparison, not the main figure.
        def owned_by_comparison(ps: PeriodSpan) -> bool:
            prior = [f for f in figures if f.num.end <= ps.start]
            if not prior or not prior[-1].comparison:
                return False
            gap = text[prior[-1].num.end:ps.start]
            return len(gap) < 40 and not re.search(r"[,;]|\b(?:and|but|while|whereas)\b", gap)

        resp = self._respectively.get(id(fig))
        if resp is not None and resp[1] is not None and resp[1].period is not None:
            return ("explicit", resp[1].period, resp[1].text)
        sold = _SOLD_RELATIVE.match(text, fig.num.end)
        own = sold and next((ps for ps in spans if ps.kind == "explicit" and ps.period is not None
                             and sold.end() <= ps.start <= sold.end() + 8), None)
        if own:
            return ("explicit", own.period, own.text)  # "the 118,000 vehicles it sold in 2006"
        if _in_parens(text, fig.num.start):
            op = text.rfind("(", 0, fig.num.start)
            if re.fullmatch(r"\(\s*(?:(?:about|around|approximately|some|roughly)\s+)?",
                            text[op:fig.num.start]):
                tag = next((ps for ps in spans if ps.kind == "explicit" and ps.period is not None
                            and ps.end <= op and re.fullmatch(r"\s*", text[ps.end:op])), None)
                if tag is not None:
                    return ("explicit", tag.period, tag.text)  # "after its debut in January (18 units)"
        own_ago = next((ps for ps in spans if ps.kind == "year_ago" and ps.start >= fig.num.end), None)
        if own_ago is not None and re.fullmatch(
                r"\s*(?:(?:[a-z-]+\s+)?(?:cars|vehicles|units|trucks|jeeps)\s+)?(?:(?:were\s+)?(?:sold|delivered|registered)\s+)?",
                text[fig.num.end:own_ago.start], re.I) and re.match(
                r"(?:in|during|at|over|than|versus|vs\.?|from)\b|(?:a|one|the)\s+year\s+(?:ago|earlier|before)",
                own_ago.text, re.I) and not (re.match(r"from\b", own_ago.text, re.I)
                                            and re.search(r"\bto\s+(?:an?\s+)?$", text[:fig.num.start])):
            # "the 1,736 cars sold in the same month last year": a figure of the year before; but in "jumped
            # 258 percent to 22,292 units from the year-earlier month" the phrase is the change's base
            return None
        usable = [ps for ps in spans if ps.kind not in ("year_ago",) and not owned_by_comparison(ps)]
        asides = _aside_spans(text)
        fig_aside = next(((a, b) for a, b in asides if a <= fig.num.start < b), None)
        usable = [ps for ps in usable if not any(a <= ps.start < b for a, b in asides if (a, b) != fig_aside)]
        usable = [ps for ps in usable if not (
            re.search(r"\b(?:its|their|the)\s+$", text[max(0, ps.start - 8):ps.start])
            and re.match(r"\s+(?:total|figure|level|tally|record)\b", text[ps.end:]))]
        def blocks(ps: PeriodSpan) -> bool:
            if ps.kind != "cumulative":
                return False
            # "Cumulative global sales for the Mazda2, ..., reached 1.04 million": a cumulative subject holds
            # however far its clause runs to the figure
            subject = ps.end <= fig.num.start and ps.text.lower().startswith("cumulative") and not re.search(
                r"[;]|,\s*(?:and|but|while|whereas)\b", text[ps.end:fig.num.start])
            if abs(ps.start - fig.num.start) >= 80 and not subject:
                return False
            if re.fullmatch(r"to\s+date|so\s+far|yet", ps.text, re.I) and re.search(
                    r"\b(?:highest|best|biggest|largest|strongest|lowest|record|top)\b[^,;.]{0,40}$",
                    text[:ps.start], re.I):
                return False  # "its highest monthly volume to date, with 270 units": a record, not a total
            if ps.text.lower().startswith("cumulative") and any(
                    q.kind == "explicit" and q.period is not None and q.period.end - q.period.start > _MONTH
                    and ps.end <= q.start <= ps.end + 40 for q in usable):
                return False  # "cumulative deliveries for January through April": a year-to-date figure
            return not (ps.start > fig.num.end and re.search(r"[,;]", text[fig.num.end:ps.start]))

        if any(blocks(ps) for ps in usable):
            return None
        usable = [ps for ps in usable if ps.kind != "cumulative"]
        # Phrases in parentheses or about launches ("which debuted in August") date something else.
        usable = [ps for ps in usable if not _launch_date(text, ps)
                  and not ending_at(_COMPARED_PERIOD, text, ps.start)]
        usable = [ps for ps in usable if not _model_number(text, ps) and not _time_of_saying(text, ps)]
        usable = [ps for ps in usable if not _in_parens(text, ps.start) or _in_parens(text, fig.num.start)]
        before = [ps for ps in usable if ps.end <= fig.num.start]
        # Coordinated figures share the period written after the last one ("644,000 cars and 388,000
        # trucks sold in 1986").
        later = [f for f in figures if f.num.start > fig.num.start]
        prev_end = fig.num.end
        while later and re.fullmatch(r"\s*(?:[\w-]+\s+){0,3}(?:and|,)\s*", text[prev_end:later[0].num.start]):
            prev_end = later[0].num.end
            later = later[1:]
        next_fig = later[0].num.start if later else len(text)
        after = [ps for ps in usable if ps.start >= fig.num.end and ps.start < next_fig]
        del comp_starts
        chosen = before[-1] if before else (after[0] if after else None)
        if before and after and any(
                before[-1].end <= f.num.start < fig.num.start
                or (f.num.end <= before[-1].start and before[-1].start - f.num.end < 25
                    and not re.search(r"[,;]", text[f.num.end:before[-1].start]))
                for f in figures if f is not fig):
            chosen = after[0]  # the earlier phrase belongs to an earlier figure
        if before and after and chosen is before[-1] and "," in text[before[-1].end:fig.num.start] and \
                re.fullmatch(r"\s*(?:[\w-]+\s+){0,3}?(?:in|during|for|over)\s+",
                             text[fig.num.end:after[0].start]):
            chosen = after[0]  # "highest since December, with 302 units in June": the phrase at the figure
        if chosen is None:
            return ("context", None, None)
        if chosen.kind == "explicit":
            if chosen.period is None:
                return None
            return ("explicit", chosen.period, chosen.text)
        if chosen.kind == "this_period":
            if self.last_explicit is not None:  # "sales rose in the period": the period just stated
                return ("explicit", self.last_explicit, chosen.text)
            return ("context", None, None)
        return (chosen.kind, chosen.period, chosen.text)

    def _main_fact(self, sec: Section, sent: Sentence, text: str, fig: _Figure, figures: list[_Figure],
                   spans: list[PeriodSpan], orgs: list[Mention], nonfact: bool) -> _Pending | None:
        num = fig.num
        if nonfact:
            return None
        kind = _counts_vehicles(text, num, 0)
        if kind is None:
            return None
        before = text[:num.start]
        entity, named_here = self._entity_for(sec, text, sent, fig, orgs)
        division = entity is not None and not named_here and entity in orgs
        if division:
            named_here = True
        if kind == "bare":
            direct_org = entity is not None and named_here and re.search(
                r"^[\s,<>A-Z.]*$", text[entity.end - sent.start:num.start] if entity else "x")
            and_more = bool(self._accepted and re.search(r"\band\s*$", before))
            core = _core(before)
            if not (_BARE_BEFORE.search(core, max(0, len(core) - 100)) or direct_org or and_more
                    or self.continuation):
                return None
        # Words that make this something other than a sale, near the figure (same clause).
        window = _ADJ_PARTICIPLE.sub(" ", text[max(0, num.start - 60):min(len(text), num.end + 40)])
        if _NOT_SALES_NEAR.search(window):
            clause = re.split(r"[,;]|\b(?:and|while|but)\b", text[max(0, num.start - 60):num.start])[-1]
            clause_after = re.split(r"[,;]|\b(?:and|while|but)\b", text[num.end:num.end + 40])[0]
            if _NOT_SALES_NEAR.search(clause + " " + clause_after):
                return None
        neg = text[max(0, num.start - 40):num.start]
        if _NEGATION.search(neg) and not re.search(r"\bnot\s+(?:only|just)\b", neg, re.I):
            return None
        if entity is None or (self.weak and not named_here and not self.prev_made):
            return None
        noun_phrase = " ".join(_next_words(text, num.end, 4))
        before = _DESCRIPTOR.sub(" ", before)  # "the nation's second largest carmaker" is one company
        speaker = any(re.match(r"[^.;]{0,70}?\bsa(?:id|ys)\b", text[o.end - sent.start:]) for o in orgs)
        if not named_here and not self.continuation and not speaker and (
                _MARKET.search(before) or _MARKET.search(noun_phrase)):
            return None  # "U.S. auto sales were 16.15 million": the market's (unless a company says it)
        # An aside is not the subject's market ("(and 7th overall)").
        between = re.sub(r"\([^()]*\)", " ", text[entity.end - sent.start:num.start])
        # "in the U.S. market" says where the company sells, not that the market is the seller
        between = re.sub(r"\b(?:in|on|to|across|into)\s+(?:the\s+)?(?:[\w.'’-]+\s+){0,3}markets?\b", " ",
                         between, flags=re.I)
        between = re.sub(r"\boverall\s+(?=best[- ]?sell|top\s+sell|bestsell|leader|winner|no\.|#)", " ",
                         between, flags=re.I)
        if named_here and _MARKET.search(between) and re.search(
                r"\b(?:market|industry)\b", between, re.I):
            return None
        period = self._period_for(text, fig, figures, spans)
        if period is None:
            return None
        pkind, per, chosen_text = period
        context = pkind == "context"
        if context and _PERFECT.search(before):
            return None  # "Nissan says it has sold nearly 50,000": a running total, no period of its own
        if pkind == "context":
            if not self.prev_made and self._explicit_n == self._n - 1 and self.last_explicit is not None:
                # "Sales of hybrids were a mixed bag in 2012. GM's Volt tripled sales to 23,461": the
                # sentence just before, with no figure of its own, sets the period of what follows
                pkind, per = "explicit", self.last_explicit
            elif not self.prev_made and self.report_period is not None and (
                    self.last_period is None or self.last_period[0] == "explicit"):
                pkind, per = "explicit", self.report_period  # no figure just before: the story's period
            elif self.last_period is not None:
                pkind, per = self.last_period
            elif self.last_explicit is not None:
                pkind, per = "explicit", self.last_explicit
            else:
                return None
        if pkind == "year_ago" or (pkind == "explicit" and per is None):
            return None
        if context and self.trailing and per is not None and per.start.day == 1 and (
                per.end - per.start).days < 31:
            # Under a "3-month view" a model's figure is the three months up to the reported one.
            first = date(per.start.year - (per.start.month <= 2), (per.start.month - 3) % 12 + 1, 1)
            per = Period(first, per.end)
        if pkind == "last_year" and per is None:
            if self.published is not None or self.context_year is None:
                return None
            # An undated story's "last year" is the year before the one it speaks of as current.
            prev = self.context_year - 1
            pkind, per = "explicit", Period(date(prev, 1, 1), date(prev, 12, 31))
        if (pkind == "explicit" and self.published is not None and per is not None
                and per.start > self.published):
            return None
        if per is not None and not company_scale(num.value, per, text[num.end:]):
            return None  # a market's total: not made, so the next sentence does not inherit its period
        if not _in_parens(text, num.start):
            self.last_period = (pkind, per)  # an aside's period ("(after 3,202 in March)") is not the story's
        if not division:
            self.last_entity = entity
        if self.published is None and pkind == "explicit" and per is not None:
            self.context_year = per.end.year
        if pkind == "explicit" and re.match(r"last\s+month", chosen_text or "", re.I):
            pkind = "last_month"
        if pkind == "explicit" and re.match(r"this\s+month", chosen_text or "", re.I):
            pkind = "this_month"
        model, brand = self._model_brand(sec, sent, entity, num)
        if id(entity) in self._model_of:
            model = self._model_of[id(entity)].text
        ev = Evidence(text, sent.start, sent.end, sec.name)
        region = _region(text, num)
        if region is None and self.story_region and not _GLOBAL.search(text):
            region = self.story_region  # a market report's figures are that market's unless said otherwise
        return _Pending(entity, _entity_name(entity), model, brand, num.value, num.approximate,
                        _metric(text, num.start), pkind, per, ev, region=region,
                        period_text=_phrase_window(text, chosen_text),
                        segment=self.story_segment if model else None)

    def _model_brand(self, sec: Section, sent: Sentence, entity: Mention, num: NumberSpan) -> tuple[
            str | None, str | None]:
        model = None
        tail = re.sub(r"^['’]s\b", "", sec.text[entity.end:entity.end + 40])
        m = _MODEL_AFTER.match(tail)
        known = self._known_model_after(sent, entity) if entity.end < sent.start + num.start else None
        if known is not None:
            model = known  # a model of the table right after its brand ("the Peugeot e-208", "BMW iX1")
        elif m and entity.end < sent.start + num.start:
            cand = m.group("model").strip()
            first = cand.split()[0].lower()
            if first not in _STOP_AFTER and first not in _ORG_STOP and first not in _VEHICLE_NOUNS and not \
                    re.match(r"(?:said|sold|sales|delivered|registered|has|had|was|were|is)\b", first):
                model = cand
        brand = None
        after = sent.text[num.end:num.end + 40]
        for mm in sec.mentions_in(sent):
            rel = mm.start - sent.start
            if num.end <= rel <= num.end + 20 and _is_org(mm) and re.match(
                    r"\s*(?:cars|vehicles|units|models)\b", sent.text[mm.end - sent.start:]):
                brand = _entity_name(mm)
        del after
        return model, brand

    def _known_model_after(self, sent: Sentence, entity: Mention) -> str | None:
        """The table's model of the entity's brand that its name opens, or that follows it."""
        if self._models_sent is not sent:
            self._models_sent, self._models = sent, find_models(sent.text)
        rel_start, rel_end = entity.start - sent.start, entity.end - sent.start
        for mm in self._models:
            adjacent = 0 <= mm.start - rel_end <= 2 and not sent.text[rel_end:mm.start].strip()
            if mm.brand_id == entity.company_id and (mm.start == rel_start or adjacent):
                return mm.text
        return None

    def _co_sellers(self, text: str, sent: Sentence, fig: _Figure, orgs: list[Mention],
                    seller: Mention | None) -> tuple[list[Mention], bool] | None:
        """Sellers coordinated as the figure's subject ("GM and Volkswagen both sold"): the others, and
        whether each sold the figure ("both", "each") rather than all of them together; None when the
        seller stands alone (or "respectively" gives each its own figure)."""
        if seller is None or seller not in orgs or id(fig) in self._respectively:
            return None
        before = [o for o in orgs if o.end - sent.start <= fig.num.start]
        if seller not in before or before.index(seller) == 0:
            return None
        other = before[before.index(seller) - 1]
        gap = re.sub(r"\s*\([^()]*\)\s*", " ", text[other.end - sent.start:seller.start - sent.start])
        tail = re.sub(r"^\s*\([^()]*\)", "", text[seller.end - sent.start:fig.num.start])
        if not re.fullmatch(r"\s*(?:and|&)\s*", gap) or not re.match(
                r"\s+(?:(?:both|each|together|jointly|combined)\s+)?(?:sold|delivered|registered)\b", tail):
            return None
        return [other], re.match(r"\s+(?:both|each)\b", tail) is not None

    def _base_fact(self, sec: Section, sent: Sentence, text: str, target: _Figure, base: _Figure,
                   spans: list[PeriodSpan], orgs: list[Mention]) -> _Pending | None:
        """The figure a target or forecast grows from, when its own period is written right after it."""
        num = base.num
        if _counts_vehicles(text, num, 0) is None and not _counts_vehicles(text, target.num, 0):
            return None
        hint = next((ps for ps in spans if num.end <= ps.start < num.end + 40 and ps.period is not None
                     and ps.kind in ("explicit", "last_year")), None)
        if hint is None or (self.published is not None and hint.period.end > self.published):
            return None
        entity, _named = self._entity_for(sec, text, sent, target, orgs)
        if entity is None:
            return None
        ev = Evidence(text, sent.start, sent.end, sec.name)
        return _Pending(entity, _entity_name(entity), None, None, num.value, num.approximate,
                        _metric(text, num.start), "explicit", hint.period, ev, region=_region(text, num),
                        period_text=_phrase_window(text, hint.text))

    def _comparison_fact(self, sent: Sentence, sec: Section, text: str, comp: _Figure, main: _Pending,
                         spans: list[PeriodSpan]) -> _Pending | None:
        num = comp.num
        if _counts_vehicles(text, num, 0) is None:
            return None
        next_figs = [n.start for n in find_numbers(text) if n.start > num.end]
        limit = min(next_figs + [len(text)])
        hint = next((ps for ps in spans if num.end <= ps.start < limit and ps.start - num.end < 60), None)
        ev = Evidence(text, sent.start, sent.end, sec.name)
        return _Pending(main.entity, main.entity_name, main.model, main.brand, num.value, num.approximate,
                        main.metric, main.period_kind, main.period, ev,
                        comparison_of=main, comparison_hint=hint, region=main.region)

    # -- tables

    def _tables(self, sec: Section) -> None:
        lines = sec.text.split("\n")
        offset = 0
        block: list[tuple[int, str]] = []
        for line in lines + [""]:
            if line.strip().startswith("|"):
                block.append((offset, line))
            else:
                if len(block) >= 3:
                    self._table(sec, block)
                block = []
            offset += len(line) + 1
        self._ranked_rows(sec)

    def _ranked_rows(self, sec: Section) -> None:
        """One fact per row of a ranking that wire copy flattens into text ("RANK VEHICLE 2008 2007 '07 RANK
        %Chng 1 Ford F-Series P/U 392,698 537,211 1 -26.9 2 Chevy Silverado-C/K P/U 370,502 ..."): the row's
        first figure, for the header's first year, in the period the story reports."""
        head = _RANK_HEADER.search(sec.text)
        per = self.report_period
        if head is None or per is None or per.end.year != int(head.group("year")):
            return
        rows, pos = [], head.end()
        for m in _RANK_ROW.finditer(sec.text, pos):
            if int(m.group("rank")) != len(rows) + 1:
                if rows:
                    break
                continue
            rows.append(m)
        if len(rows) < 5:
            return
        for m in rows:
            lo, hi = m.span("label")
            orgs = [o for o in sec.mentions_starting(lo, hi) if _is_org(o)]
            if orgs and orgs[0].start == lo:
                ent, model = orgs[-1], sec.text[orgs[-1].end:hi].strip(" -") or None
            else:
                known = find_models(m.group("label"))
                if not known:
                    continue
                k = known[0]
                ent, model = Mention(k.text, lo + k.start, lo + k.end, k.brand, k.brand_id), k.text
            num = find_numbers(m.group("num"))[0]
            ev = Evidence(sec.text[m.start("rank"):m.end("num")], m.start("rank"), m.end("num"), sec.name)
            self.pending.append(_Pending(ent, _entity_name(ent), model, None, num.value, False, "sold",
                                         "explicit", per, ev, region=self.story_region,
                                         segment=self.story_segment))

    def _table(self, sec: Section, block: list[tuple[int, str]]) -> None:
        """One fact per row and period column of a Markdown table of sales ("| Model | May 2023 |")."""
        def cells(line: str) -> list[str]:
            return [c.strip() for c in line.strip().strip("|").split("|")]

        rows = [(o, ln, cells(ln)) for o, ln in block if not re.fullmatch(r"[\s|:\-]+", ln)]
        caption = ""
        while (rows and sum(1 for c in rows[0][2] if c) == 1 and len(rows) > 2
               and not find_numbers(rows[0][2][0])):
            caption += " " + rows[0][2][0]  # a caption row: "| Li Auto deliveries by model | | |"
            rows = rows[1:]
        if len(rows) < 2:
            return
        header = rows[0][2]
        cap_periods = [ps for ps in find_periods(caption, self.published, self.context_year)
                       if ps.kind == "explicit" and ps.period is not None]
        sales_words = re.compile(r"\b(?:units|sales|sold|registrations|deliveries|volume|registered|"
                                 r"delivered|retail|wholesale)\b", re.I)
        cols: dict[int, Period | None] = {}
        for i, h in enumerate(header):
            if i == 0:
                continue
            hp = [ps for ps in find_periods(h, self.published, self.context_year)
                  if ps.kind == "explicit" and ps.period is not None]
            if re.search(r"%|\bshare\b|\bchange\b|\bgrowth\b|\by/?o/?y\b|\bprice\b", h, re.I):
                continue
            if hp:
                cols[i] = hp[0].period
            elif sales_words.search(h) or (sales_words.search(caption) and not re.search(r"[A-Za-z]{3}", h)):
                cols[i] = None
        if not cols:
            return
        fallback = cap_periods[0].period if cap_periods else (self.last_explicit or self.report_period)
        first_off, first_line = block[0]
        cap_orgs = [m for m in _mentions_between(sec, first_off, first_off + len(first_line)) if _is_org(m)]
        context_org = cap_orgs[0] if cap_orgs and caption else (self.last_entity or self.title_entity)
        metric = _metric(caption + " " + " ".join(header), 0)
        for off, line, cs in rows[1:]:
            label = cs[0] if cs else ""
            if not label or re.match(r"(?:total|overall|others?|market|all\b|sum|industry)", label, re.I):
                continue
            lstart = off + line.index(label) if label in line else off
            ms = [m for m in sec.mentions_starting(lstart, lstart + len(label)) if _is_org(m)]
            model = None
            if ms:
                ent = ms[0]
                mm = _MODEL_AFTER.match(sec.text[ent.end:lstart + len(label)])
                if mm:
                    model = mm.group("model").strip()
            else:
                known = find_models(label)
                if known:
                    k = known[0]
                    ent = Mention(k.text, lstart + k.start, lstart + k.end, k.brand, k.brand_id)
                elif context_org is not None:
                    ent = context_org
                else:
                    continue
                model = label
            s0 = off + (len(line) - len(line.lstrip()))
            ev = Evidence(line.strip(), s0, s0 + len(line.strip()), sec.name)
            for i, per in cols.items():
                if i >= len(cs):
                    continue
                nums = find_numbers(cs[i])
                if len(nums) != 1 or nums[0].decimal or "%" in cs[i] or nums[0].value <= 0:
                    continue
                period = per or fallback
                if period is None:
                    continue
                self.pending.append(_Pending(ent, _entity_name(ent), model, None, nums[0].value,
                                             nums[0].approximate, metric, "explicit", period, ev,
                                             region=self.story_region, segment=self.story_segment))


_RANK_HEADER = ScreenedPattern(
    re.compile(r"\bRANK\s+(?:VEHICLE|MODEL|BRAND|MAKE|NAMEPLATE)S?\s+(?P<year>(?:19|20)\d\d)\b"),
    (("rank",),))
# a row: its rank, the vehicle as named, and its first figure (thousands grouped, as these tables print them)
_RANK_ROW = re.compile(r"(?<![\w,.+'’-])(?P<rank>\d{1,2})\s+(?P<label>[A-Z][^\n]{0,60}?)\s+"
                       r"(?P<num>\d{1,3}(?:,\d{3})+)(?![\d,])")


def _mentions_between(sec: Section, start: int, end: int) -> list[Mention]:
    """Mentions of `sec` that lie between two offsets."""
    return sec.mentions_between(start, end)


# ------------------------------------------------------------------ resolution


_DATED_TITLE = re.compile(rf"\s*{MONTH}\s+{YEAR}\b", re.I)


def _title_month(doc: Doc) -> Period | None:
    """The month a monthly report's title opens with ("April 2023 - Great month for the ID family")."""
    for sec in doc.sections:
        if sec.name == "title" and _DATED_TITLE.match(sec.text):
            spans = find_periods(sec.text, doc.published)
            if spans and spans[0].kind == "explicit" and spans[0].period is not None:
                return spans[0].period
    return None


def _resolve(p: _Pending, latest_end: date | None, published: date | None, dated_title: bool = False,
             title_month: Period | None = None) -> Period | None:
    if p.period_kind == "explicit":
        return p.period
    if p.period_kind == "this_month" and p.period is not None:
        # In a report on last month's figures, "this month" is the reported month: the latest one the story
        # states, or the one its title is headed by.
        if latest_end is not None and latest_end < p.period.start and (
                p.period.start - latest_end).days <= 1:
            return Period(date(latest_end.year, latest_end.month, 1), latest_end)
        if title_month is not None and (p.period.start - title_month.end).days == 1:
            return title_month
        return p.period
    if p.period_kind == "last_month" and p.period is not None:
        # A monthly report headed by its month ("April 2023 - ..." published in May) is written as of that
        # month: its "last month" is the month before. Elsewhere (wire copy: "sales rose ... last month" in
        # a story of September 4 on August) it is the month before publication.
        if dated_title and latest_end is not None and published is not None and (
                latest_end.year, latest_end.month) == (p.period.end.year, p.period.end.month):
            prev = date(latest_end.year, latest_end.month, 1).replace(day=1)
            start = date(prev.year - (prev.month == 1), (prev.month - 2) % 12 + 1, 1)
            return Period(start, month_end(start.year, start.month))
        return p.period
    if p.period_kind == "last_year":
        return p.period
    if p.period_kind == "full_year":
        if latest_end is None:
            return None
        return Period(date(latest_end.year, 1, 1), date(latest_end.year, 12, 31))
    if p.period_kind == "ytd":
        # to the end of the latest period the story reports (FACTS.md); the publication date is none (a
        # fallback to it, tried in 0.2.11, put 12 more wrong periods into the validation part's sales)
        end = latest_end or (p.period.end if p.period else None)
        if end is None:
            return None
        return Period(date(end.year, 1, 1), end)
    if p.period_kind == "mtd":
        if latest_end is None:
            return None
        return Period(date(latest_end.year, latest_end.month, 1), latest_end)
    return None


def _phrase_window(text: str, phrase: str | None) -> str | None:
    """A period phrase with the words around it ("the first half" + " of its business year")."""
    if not phrase:
        return None
    i = text.find(phrase)
    if i < 0:
        return phrase
    return text[max(0, i - 20):i + len(phrase) + 30]


def _fiscal(p: _Pending, per: Period, published: date | None) -> Period:
    """A fiscal period phrase read with the seller's fiscal year (April-March for Japanese and Indian
    makers); the calendar reading otherwise."""
    if p.entity is None or p.entity.company_id is None or not is_fiscal(p.period_text):
        return per
    table = load_companies()
    start = fiscal_start_month(table.get(p.entity.company_id))
    return fiscal_period(p.period_text or "", published, start) or per


def _comparison_period(p: _Pending, main: Period) -> Period | None:
    hint = p.comparison_hint
    if hint is not None and hint.kind == "explicit" and hint.period is not None:
        hp = hint.period
        if hp.start.month == 1 and hp.start.day == 1 and hp.end.month == 12 and hp.end.day == 31 and (
                main.end - main.start).days < 360:
            years = main.start.year - hp.start.year
            if years <= 0:
                return None
            out = main
            for _ in range(years):
                out = year_ago(out)
            return out
        if hp.end < main.start:
            return hp
        return None
    if hint is not None and hint.kind not in ("year_ago", "last_year", "explicit", "this_period"):
        return None
    if (hint is not None and hint.kind == "explicit"
            and hint.text.lower().startswith(("last month", "previous"))):
        start = date(main.start.year - (main.start.month == 1), (main.start.month - 2) % 12 + 1, 1)
        return Period(start, month_end(start.year, start.month))
    return year_ago(main)


_NAME_FILLER = frozenset(
    """the group co company corp corporation inc ltd limited llc plc ag se sa nv bv gmbh spa holding holdings
    motor motors automobile automobiles automotive auto technologies international industries global
    china usa america north cars car vehicle vehicles""".split())


def _written_name(p: _Pending, words: str, model_ids: set[int], in_words: dict[str, bool]) -> str:
    """The canonical seller name, or the name as written when the article never uses the canonical one
    (a reader of a story about "Yugo" should not see "Zastava"). `in_words` memoises the search of the
    article's words per name, so a long article is searched once per name, not once per figure."""
    m = p.entity
    if m is None or m.company_id is None or id(m) in model_ids or find_models(m.text):
        return p.entity_name
    key = " ".join(w for w in re.findall(r"[a-z0-9]+", p.entity_name.lower()) if w not in _NAME_FILLER)
    if not key:
        return p.entity_name
    used = in_words.get(key)
    if used is None:
        used = in_words[key] = f" {key} " in words
    if used:
        return p.entity_name
    written = re.sub(r"\s*<[^>]*>\s*", " ", m.text)
    written = re.sub(r"['’]s$", "", written.strip()).strip(" ,.<>")
    return written or p.entity_name


def extract_sales(doc: Doc) -> list[SaleFact]:
    """Units of vehicles a named company or brand sold in a period, one fact per figure."""
    reader = _Reader(doc)
    pending = reader.read()
    if not pending:
        return []
    words = " " + " ".join(w for sec in doc.sections for w in re.findall(r"[a-z0-9]+", sec.text.lower())
                           if w not in _NAME_FILLER) + " "
    model_ids = set(reader._model_of)
    in_words: dict[str, bool] = {}
    for p in pending:
        p.entity_name = _written_name(p, words, model_ids, in_words)
    ends = [p.period.end for p in pending if p.period_kind == "explicit" and p.period is not None
            and p.comparison_of is None]
    latest_end = max(ends) if ends else None
    dated_title = any(sec.name == "title" and _DATED_TITLE.match(sec.text) for sec in doc.sections)
    title_month = _title_month(doc) if dated_title else None
    resolved: dict[int, Period] = {}
    facts: list[SaleFact] = []
    seen: set[tuple] = set()
    for p in pending:
        if p.comparison_of is None:
            per = _resolve(p, latest_end, doc.published, dated_title, title_month)
            if per is None:
                continue
            per = _fiscal(p, per, doc.published)
            resolved[id(p)] = per
            optional = False
        else:
            main = resolved.get(id(p.comparison_of))
            if main is None:
                continue
            per = _comparison_period(p, main)
            if per is None:
                continue
            optional = True
        # The same figure told twice is one fact, even under another label (a ranking line and a brand's
        # list); two models with the same small count are two ("the BYD Seal (49 units) and the BYD Dolphin
        # (49 units)"): equal counts by chance are likely only when they are small.
        model = (p.model or "").lower() if p.units < 1000 else ""
        key = (p.entity_name.lower(), model, p.units, per.start, per.end)
        if key in seen:
            continue
        seen.add(key)
        facts.append(SaleFact(
            entity=p.entity_name,
            entity_id=p.entity.company_id if p.entity else None,
            brand=p.brand,
            model=p.model,
            units=p.units,
            approximate=p.approximate,
            metric=p.metric,
            period_start=per.start,
            period_end=per.end,
            region=p.region,
            evidence=p.evidence,
            optional_comparison=optional,
            segment=p.segment or "total",
        ))
    # Prefer a main fact over an identical comparison-derived one.
    return [replace(f) for f in facts]
