"""Organisation mentions in a text: known companies from the table, wire markup, and unknown firms.

Three sources, merged left to right without overlaps: Reuters-style markup ("<Delta Motor Corp>",
"<TOYO.T>"), table names and aliases (one precompiled trie regex, longest match wins, case-sensitive),
and unknown organisations found by pattern (a capitalised name ending in a corporate word, or a
capitalised name after a partnership cue such as "partnered with"). Unknown ones keep company_id None
so new players are not lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.companies import CompanyTable, load_companies, normalise_name
from transforms.records import Mention
from transforms.text import unemphasised

# Short aliases that are safe in running text despite their length (case-sensitive).
_SHORT_OK = frozenset({"GM", "VW", "MG", "LG", "BP", "ZF"})
# Two-letter brands that are safe only before a model designation or the word brand ("DS 3 Crossback",
# "FF 91", "the DS brand").
_SHORT_BEFORE_MODEL = frozenset({"DS", "FF", "IM"})
# A brand written in lower case ("smart") is a word unless a model or the word brand follows ("smart #1").
_LOWER_BRAND_AFTER = re.compile(r"[ \t]+(?:#\d|EQ\b|for(?:two|four)\b|For(?:Two|Four)\b|brand\b|cars?\b)")
_MODEL_AFTER = re.compile(r"[ \t]+(?:\d{1,3}\b|[A-Z]{0,2}\d{1,2}\b|brand\b|E-?TENSE\b|E-?Tense\b)")
# Table aliases that are also ordinary words: not taken at the start of a sentence.
_AMBIGUOUS = frozenset(
    """Smart smart Alpine Mercury Saturn Genesis Firefly Ampere Mobilize Scion Karma Grab Continental Lincoln
    Plymouth Mini Arrival Workhorse Lotus Ram Dodge Seat Delphi Nikola Sila Ola Horizon Aurora Freyr Magna
    Proton Jaguar Rover Alfa Jetta Eagle Saft Shell Total Dana Lear Hertz Cruise Lada Yugo Onvo Aito
    Wey Ora Polestar Tank""".split()
)
_LEGAL = (
    r"(?:Co|Cos|Corp|Corporation|Inc|Incorporated|Ltd|Limited|Plc|PLC|plc|LLC|AG|SE|SA|S\.A|SpA|S\.p\.A|"
    r"GmbH|KGaA|NV|N\.V|BV|B\.V|AB|ASA|KK|Bhd|Pty|Company)"
)
_DESCRIPTIVE = (
    r"(?:Group|Holdings|Holding|Motor|Motors|Automotive|Automobile|Automobiles|Auto|Technologies|Technology|"
    r"Industries|Industrial|Electric|Electronics|Energy|Mobility|Cars|Trucks|Battery|Batteries|Systems|"
    r"Enterprises|Manufacturing)"
)
_LEGAL_RE = re.compile(_LEGAL + r"\.?")
# Descriptive words that end a name on their own; the others ("Blade Battery", "Kona Electric",
# "Information Technology") need a legal form after them or a partnership cue before them.
_STRONG_DESCRIPTIVE = frozenset(
    "Group Holdings Holding Motors Automotive Automobile Automobiles Auto Technologies Industries".split()
)
_DESCRIPTIVE_RE = re.compile(_DESCRIPTIVE)
_ANY_CORPORATE = re.compile(r"\s(?:" + _LEGAL + "|" + _DESCRIPTIVE + r")\b")
# Corporate words that may follow a table alias and belong to the mention ("Ford" + " Motor Co").
_SUFFIX_CHAIN = re.compile(
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*|\.?,[ \t]*(?=Ltd|Inc|Limited))"
    r"(?:(?:Co|Cos|Corp|Inc|Ltd|Bhd|Pty|S\.A|N\.V|B\.V|S\.p\.A)\.?|Corporation|Incorporated|Limited|Company|"
    r"Plc|PLC|plc|LLC|AG|SE|SA|SpA|GmbH|KGaA|NV|BV|AB|ASA|KK|Group|Holdings|Holding|Motor|Motors|"
    r"Automotive|Automobile|Automobiles|Auto|Technologies|Industries|International)(?![\w-]))+"
)
# "Huawei's Smart Car unit": a named unit of the company just mentioned counts as the company.
_POSSESSIVE_UNIT = re.compile(
    r"['’]s[ \t]+(?:[A-Z][\w&-]*[ \t]+){0,4}(?:unit|division|arm|subsidiary|business|affiliate)\b"
)
# A unit of a known company written after its name ("Volkswagen U.S. Inc", "Hyundai Motor America").
_UNIT_TAIL = re.compile(
    r"(?:[ \t]+of)?[ \t]*\n?[ \t]*(?:U\.S\.A\.|U\.S\.A|U\.S\.|USA|\(USA\)|\(UK\)|UK|America|North America|"
    r"Canada|Europe|China|India|Japan|Mexicana|Korea|Australia|Brasil|Deutschland|Sales USA|Sales U\.S\.A\.)"
    r"(?![\w])"
)
# Wire markup names a company in angle brackets; HTML tags (lower case, attributes) are not names.
# A business word after a known name that makes it another company of the same name (Hyundai
# Securities, Tata Power, Mitsubishi Chemical), with any capitalised words that follow it.
_OTHER_BUSINESS = re.compile(
    r"[ \t]+(?:[A-Z]{2,5}[ \t]+)?(?:Securities|Bank|Financial[ \t]+(?:Group|Holdings)|Banking|Capital|Power|"
    r"Steel|Heavy|Insurance|Life|Card|"
    r"Investments?|Asset|Research|Trading|Shipbuilding|Construction|Chemicals?|Electric|Pharmaceuticals?|"
    r"Telecom|Hotels?|Airlines?|Petroleum|Oil|Gas|Energy|Realty|Properties|Estate|Foods?|Textiles?|Paper|"
    r"Cement|Mining|Metals?|Logistics|Shipping|Marine|Aerospace|Defense|Defence)\b"
    r"(?:[ \t]+[A-Z][\w&.-]*){0,3}"
)
_MARKUP = re.compile(r"<([A-Z][^<>=\"/\n]{0,80}(?:\n[^<>=\"/\n]{0,80})?|[0-9][0-9A-Z._-]{0,11})>")
_TICKER = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,11}")
# A Reuters instrument code: "7203.T", "DAIGn.DE", "VOWG_p.DE", "F.N"
_RIC = re.compile(r"[A-Z0-9][A-Za-z0-9_-]{0,9}(?:\.[A-Z]{1,3})?")
# A wire service's ticker in brackets right after a name: "Tokai Rika ( 6995.T )", "Kia (000270.KS)"
_WIRE_CODE = r"[A-Z0-9]{1,7}\.[A-Z]{1,3}"
_WIRE_TICKER = re.compile(rf"[ \t]*\([ \t]*{_WIRE_CODE}[ \t]*\)")
# the same code without its brackets, ending a name ("Sberbank SBER.RTS"); "U.S" is no code
_BARE_TICKER = re.compile(rf"(?![A-Z]\.[A-Z]$){_WIRE_CODE}")
# What follows a company name that opens a sentence: a coordinated name, a verb, a possessive.
_NAME_USE_AFTER = re.compile(
    r"(?:['’]s\b|,|\s+(?:and|said|says|has|have|had|is|was|will|would|signed|agreed|confirmed|told|plans?|"
    r"announced|reported|expects?|also|bosses|officials|executives|uses|used|makes|made|builds|built|sells|sold|"
    r"launched|unveiled|opened|owns|wants|needs|gets|got)\b)"
)
# What makes a sentence-opening ambiguous alias a brand after all: its sales figures or a model ("Smart sales
# rose", "Smart #1", "Genesis GV60")
_BRAND_USE_AFTER = re.compile(
    r"[ \t]+(?:sales|deliveries|registrations|brand|#\d|[A-Z]{0,3}\d{1,4}[a-z]?\b(?![.,]\d)|EQ\b|"
    r"for(?:two|four)\b|For(?:Two|Four)\b)"
)
_SENT_START = re.compile(r"(?:^|[.!?:][\"'”’)]*\s+|\n\s*|[\"“(]\s*)$")

# A capitalised run: capitalised tokens joined by spaces (one line break allowed) or small connectors.
_CAPW = r"(?:[A-Z][\w&’'.\-]*[\w]|[A-Z]|[a-z][A-Z][\w&’'.\-]*[\w]|\((?:UK|USA|US|HK)\))"  # eBay, iFlytek
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_RUN = re.compile(
    r"(?<![\w&'’.-])" + _CAPW + r"(?:" + _GAP + r"(?:(?:of|and|&|de|des|du|del|della|di|la|le|von|van|der|"
    r"für|y|e)" + _GAP + r")?" + _CAPW + r")*"
)
_RANK = re.compile(r"No\.?\s?\d")  # "No. 2", "No.3": a rank, never the start of a name
_CUE = re.compile(
    r"\b(?:partner(?:s|ed|ing|ship)?|team(?:s|ed|ing)?\s+up|tie(?:s|d)?[\s-]+up|join(?:s|ed|ing)?\s+"
    r"(?:forces|hands)|alliance|venture|deal|agreement|accord|pact|MoU|MOU|understanding|contract|"
    r"cooperat\w*|co-operat\w*|collaborat\w*|signed|supply|supplies|supplier|talks|work(?:s|ed|ing)?)\b"
    r"[^.\n;]{0,40}?\b(?:with|between)\s+$"
)
# A partnership verb right after a name makes it a party too: "Better Place partnered with Renault in 2008"
_CUE_AFTER = re.compile(
    r"[ \t]+(?:(?:has|have|had|will|would|also|recently|previously|then)[ \t]+)*"
    r"(?:partnered|teamed[ \t]+up|tied[ \t]+up|joined[ \t]+(?:forces|hands)|signed|formed|struck|inked|"
    r"set[ \t]+up)\b[^.\n;]{0,50}?\bwith\b"
)
# An apposition that says what a name is makes it a firm: "Kuka Flexible Production Systems, a Chrysler
# supplier", "Tianma, a display maker", "Better Place, the battery-swapping startup"
_ROLE_AFTER = re.compile(
    r"(?:[ \t]*\([^()\n]{1,20}\))?,[ \t]+(?:a|an)[ \t]+"
    r"(?:(?!(?:the|a|an|at|of|in|with|for|to|on|by|from|that|which|who|and|or|managing|senior|partner|"
    r"director|analyst|lawyer|attorney|official|executive|spokes\w+)\b)[\w.&'’-]+[ \t]+){0,4}?"
    r"(?:suppliers?|makers?|manufacturers?|subsidiary|affiliate|startup|start-up|carmaker|automaker|"
    r"producer|developer|distributor|importer|company|firm)\b(?![ \t]+(?:official|executive|lawyer|"
    r"spokes\w+|analyst|source|chief|head|president|chairman|director|manager)s?\b)"
)

# Between names of one list: ", ", ", and ", " and "
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)")
# A role noun right before a name: "its engineering partner Roush", "battery maker BYD", "distributor RSA"
_ROLE_BEFORE = re.compile(
    r"\b(?:partners?|suppliers?|customers?|clients?|distributors?|importers?|makers?|manufacturers?|"
    r"operators?|provider|developer|licensee|rival|bank|carmaker|automaker)\s*,?\s*$")

# Words that never start or make up an organisation name on their own.
_STOP = frozenset(
    """The A An This That These Those It Its In On At By For From To With And Or But As If When While After
    Before Since Under Over Into Of He She They We I You His Her Their Our Last Next New First Second Third
    Other Both Each Many Most Some Such Several Analysts Sales Shares Total Net However Meanwhile Also
    Automakers Carmakers Companies Firms Suppliers Has Have Had
    NHTSA EPA SEC FTC DOJ NTSB CARB FDA IRS DOT DOE MIIT NDRC SAMR KBA UAW CAW
    Mr Mrs Ms Dr Sir Lord Prof CEO Chief Executive Chairman President Director Minister Officer Vice
    Yesterday Today Tomorrow Earlier Later Now Then Here There Although Despite Because Including
    Senior Managing Founder Spokesman Spokeswoman Secretary General Deputy Head Premier Governor
    EV EVs BEV BEVs NEV NEVs PHEV PHEVs SUV SUVs Reuters Xinhua Bloomberg LFP NCM NMC NCA LMFP Blade Android
    January February March April May June July August September October November December Jan Feb Mar
    Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
# Places and nationalities: not a name alone, but may open one ("Philippine Automotive Manufacturing Corp").
_GEO = frozenset(
    """Europe European Asia Asian Africa America American Americas China Chinese Japan Japanese Korea Korean
    South North East West India Indian Germany German France French Britain British UK U.K. U.K US U.S. U.S
    USA Italy Italian Spain Spanish Sweden Swedish Norway Norwegian Russia Russian Brazil Mexico Canada
    Canadian Australia Thailand Philippines Philippine Taiwan Vietnam Indonesia Malaysia Turkey Poland
    Hungary Netherlands Dutch Belgium Austria Switzerland Swiss Beijing Shanghai Tokyo Detroit London
    Paris Berlin Munich Seoul Shenzhen Guangzhou Hong Kong Chongqing Hefei Wuhan Michigan California Texas
    Ohio Kentucky Tennessee Georgia Ontario Quebec Moscow Togliatti Turin Milan Rome Madrid Stockholm
    Frankfurt Stuttgart Wolfsburg Brussels Amsterdam Vienna Mumbai Delhi Chennai Taipei Osaka Nagoya Abu Dhabi
    Dubai Qatar Arabia UAE Emirates Kuwait Iran Egypt Israel Argentina Chile Colombia Peru Venezuela
    Singapore Pakistan Czech Slovakia Romania Ukraine Uzbekistan Kazakhstan Finland Denmark Ireland Portugal
    Greece Nigeria Morocco State States United Kingdom Republic Government Ministry Commission
    Union EU Administration Agency Department Authority Bureau Court Congress Senate Parliament Regulator
    Police Treasury""".split()
)
_TITLES = frozenset(
    "Mr Mrs Ms Dr Sir Lord Prof CEO Chairman President Director Minister Founder Chief Executive".split()
)


@lru_cache(maxsize=4)
def _alias_regex(table: CompanyTable) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every usable alias (a trie of literal strings) and alias -> company id."""
    by_alias: dict[str, str] = {}
    for alias, cid in table.aliases():
        for variant in _variants(alias):
            if len(variant) <= 2 and variant not in _SHORT_OK and variant not in _SHORT_BEFORE_MODEL:
                continue  # "C", "F", "DS": only inside wire markup
            by_alias.setdefault(variant, cid)
    trie: dict = {}
    for alias in by_alias:
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = True
    body = _trie_pattern(trie)
    # a match starts with one of the aliases' first characters: checking that first lets the scan skip the
    # other positions without trying the lookbehinds (the same matches in half the time on news pages)
    first = "".join(sorted({re.escape(a[0]) for a in by_alias}))
    # not inside a hyphenated compound ("SAIC-GM"), but a double hyphen is a dash ("were--GM 105,438")
    pattern = re.compile(rf"(?=[{first}])(?:(?<=--)|(?<![\w&@/.-]))" + body
                         + r"(?![\w&]|-[A-Za-z]|\.[A-Za-z0-9])")
    return pattern, by_alias


def _variants(alias: str) -> set[str]:
    out = {alias}
    if len(alias) >= 4 and any(c.isalpha() for c in alias) and not re.search(r"\.[A-Z]{1,2}$", alias):
        out.add(alias.upper())  # wire headlines are all capitals
    return out


def _trie_pattern(node: dict) -> str:
    """A regex for a trie: alternatives longest-first so the longest alias wins."""
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        # a space in an alias matches any run of spaces or one line break (wire copy wraps names)
        head = r"(?:[ \t]+|[ \t]*\n[ \t]*)" if ch == " " else re.escape(ch)
        branches.append(head + _trie_pattern(node[ch]))
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + inner + ")?"
    return inner


def find_mentions(text: str, table: CompanyTable | None = None) -> list[Mention]:
    """Organisation mentions in `text`, left to right, non-overlapping, offsets into `text`."""
    table = table or load_companies()
    text = unemphasised(text)  # "_Volvo_": offsets stay the same
    found: list[Mention] = []
    # characters already inside a mention: checking a span costs its length, not the number of mentions so
    # far (a rescan of every earlier mention made long pages quadratic). Spans are never empty.
    taken = bytearray(len(text) + 1)

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def add(m: Mention) -> None:
        found.append(m)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)

    # 1. wire markup: <Delta Motor Corp>, <TOYO.T>
    for m in _MARKUP.finditer(text):
        inner, start, end = m.group(1), m.start(1), m.end(1)
        inner_stripped = inner.strip()
        if not inner_stripped:
            continue
        company = table.resolve(inner_stripped)
        if _TICKER.fullmatch(inner_stripped) and company is None:
            continue  # an unknown ticker names nothing we can use
        if company is not None:
            add(Mention(text[start:end], start, end, company.name, company.id))
        else:
            add(Mention(text[start:end], start, end, normalise_name(inner_stripped), None))

    # 2. table aliases
    pattern, by_alias = _alias_regex(table)
    matches = list(pattern.finditer(text))
    # an ambiguous alias opening a sentence ("Rover and SAIC signed ...") is the company when the story
    # also names it where a plain word would not be capitalised
    named = {m.group() for m in matches
             if m.group() in _AMBIGUOUS and not _ambiguous_here(text, m.start(), m.end())}
    for m in matches:
        start, end = m.start(), m.end()
        alias = m.group()
        if "\n" in alias or "  " in alias or "\t" in alias:
            alias = re.sub(r"\s+", " ", alias)
        if not free(start, end):
            continue
        if alias in _AMBIGUOUS and _ambiguous_here(text, start, end) and not (
                _SENT_START.search(text, max(0, start - 4), start) is not None
                and (alias in named and _NAME_USE_AFTER.match(text, end)
                     or _BRAND_USE_AFTER.match(text, end))):
            continue
        if alias in _SHORT_BEFORE_MODEL and not _MODEL_AFTER.match(text, end):
            continue
        if alias == "smart" and not _LOWER_BRAND_AFTER.match(text, end):
            continue
        cid = by_alias[alias]
        other = _OTHER_BUSINESS.match(text, end)
        if other and table.resolve(text[start:other.end()]) is None:
            # "Hyundai Securities", "Tata Power", "Samsung Securities": another company that shares the
            # name, not the one the alias names
            add(Mention(text[start:other.end()], start, other.end(), normalise_name(text[start:other.end()]),
                        None))
            continue
        end = _extend(text, start, end, table)
        unit = _POSSESSIVE_UNIT.match(text, end)
        if unit:
            end = unit.end()
        span = text[start:end]
        company = table.resolve(span) if end != m.end() else None
        if company is None:
            company = table.get(cid)
            assert company is not None
        if not free(start, end):
            end = m.end()
            span = text[start:end]
            company = table.get(cid)
            assert company is not None
        add(Mention(span, start, end, company.name, company.id))

    # 2b. two companies joined by a hyphen before a cooperation noun ("the Chrysler-Fiat alliance", "the
    # Ford-Mazda venture"): each is named, though a hyphen compound is otherwise one word ("SAIC-GM")
    for m in _HYPHEN_PAIR.finditer(text):
        if table.resolve(m.group(0)) is not None or not free(m.start(), m.end()):
            continue
        parts = [(m.start(k), m.end(k), table.resolve(m.group(k))) for k in (1, 2)]
        if all(c is not None for _, _, c in parts) and parts[0][2].id != parts[1][2].id:
            for start, end, company in parts:
                add(Mention(text[start:end], start, end, company.name, company.id))

    # 3. unknown organisations by pattern
    for start, end in _pattern_candidates(text):
        if free(start, end):
            span = text[start:end]
            company = table.resolve(span)
            if company is not None:
                add(Mention(span, start, end, company.name, company.id))
            else:
                add(Mention(span, start, end, normalise_name(span), None))

    found.sort(key=lambda x: x.start)
    return _merge_tickers(text, found)


_HYPHEN_PAIR = re.compile(
    r"(?<![\w&@/.-])(?!(?:The|A|An|Its|Their|This|That)\s)"
    r"([A-Z][\w&.]*(?: [A-Z][\w&.]*)?)-([A-Z][\w&.]*(?: [A-Z][\w&.]*)?)"
    r"(?=\s+(?:joint\s+ventures?|ventures?|alliances?|partnerships?|tie-?ups?|JVs?)\b)")


def _ambiguous_here(text: str, start: int, end: int) -> bool:
    """Whether an alias that is also a word is, here, a word or part of another name.

    Skipped at a sentence start ("Smart charging"), after a capitalised word ("Adaptive Cruise",
    "Dolphin Mini", "LION Smart") and in "Cruise Control".
    """
    if _SENT_START.search(text, max(0, start - 4), start) is not None:
        return True
    before = re.search(r"([A-Za-z][\w-]*)[ \t]+$", text[max(0, start - 30) : start])
    if before and before.group(1)[0].isupper() and before.group(1) not in _STOP:
        return True
    return re.match(r"[ \t]+Control", text[end : end + 10]) is not None


def _extend(text: str, start: int, end: int, table: CompanyTable) -> int:
    """End of the mention once trailing corporate words and a unit tail are included."""
    m = _SUFFIX_CHAIN.match(text, end)
    if m:
        end = m.end()
    tail = _UNIT_TAIL.match(text, end)
    if tail:
        after = _SUFFIX_CHAIN.match(text, tail.end())
        cand_end = after.end() if after else tail.end()
        is_of = tail.group().lstrip().startswith("of")
        # "General Motors of Canada Ltd" is a unit; "Toyota of Japan" is not
        if (not is_of or after) and table.resolve(text[start:cand_end]) is not None:
            end = cand_end
    return end


_OPEN_BRACKET, _CLOSE_BRACKET = re.compile(r"\s*\(\s*"), re.compile(r"\s*\)")


def _merge_tickers(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop a ticker in markup right after the name it belongs to ("Toyota Motor Corp <TOYO.T>")."""
    out: list[Mention] = []
    for m in mentions:
        if out and _RIC.fullmatch(m.text) and _OPEN_BRACKET.fullmatch(text, out[-1].end, m.start) and \
                _CLOSE_BRACKET.match(text, m.end, m.end + 3):
            # "Daimler AG ( DAIGn.DE )": the wire's ticker belongs to the name before it
            if out[-1].company_id is None and m.company_id is not None:
                prev = out[-1]
                out[-1] = Mention(prev.text, prev.start, prev.end, m.name, m.company_id)
            continue
        between = text[out[-1].end : m.start - 1].strip() if out else None
        if out and _TICKER.fullmatch(m.text) and between in ("", ",", "'s", "’s"):
            prev = out[-1]
            if text[m.start - 1 : m.start] == "<":
                if prev.company_id is None and m.company_id is not None:
                    out[-1] = Mention(prev.text, prev.start, prev.end, m.name, m.company_id)
                continue
        out.append(m)
    return out


def _pattern_candidates(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised names that look like organisations not in the table."""
    out: list[tuple[int, int]] = []
    people: set[str] | None = None
    cued_end = -1  # end of the last name a cue introduced: a list continues it ("with A, B and C")
    for run in _RUN.finditer(text):
        start = run.start()
        before = text[max(0, start - 9) : start].rstrip()
        listed = cued_end >= 0 and _LIST_GAP.fullmatch(text, cued_end, start) is not None
        maybe_cued = before.endswith(("with", "between")) or listed or _ROLE_BEFORE.search(
            text, max(0, start - 40), start) is not None
        ticker_after = _WIRE_TICKER.match(text, run.end()) is not None
        cue_after = (_CUE_AFTER.match(text, run.end()) or _ROLE_AFTER.match(text, run.end())) is not None
        if not maybe_cued and not ticker_after and not cue_after and (
                " " not in run.group() or _ANY_CORPORATE.search(run.group()) is None):
            continue  # cheap exit: no corporate word, no cue, no ticker
        tokens = [(start + t.start(), start + t.end(), t.group()) for t in re.finditer(r"\S+", run.group())]
        while len(tokens) > 1 and _BARE_TICKER.fullmatch(tokens[-1][2]):
            tokens.pop()  # "Sberbank SBER.RTS": a wire ticker without its brackets ends the name and marks it
            ticker_after = True
        cued = cue_after or maybe_cued and (
            listed or _ROLE_BEFORE.search(text, max(0, start - 40), start) is not None
            or _CUE.search(text, max(0, start - 80), start) is not None)
        cued_end = -1
        for span, by_cue in _candidates_in_run(tokens, cued, ticker_after):
            if _RANK.match(text, span[0]):
                continue  # "Japan's No. 2 steelmaker", "the No.3 automaker": a rank, not a name
            if cued:
                cued_end = span[1]
            if by_cue:
                if people is None:
                    people = _people(text)
                words = text[span[0] : span[1]].split()
                if _looks_like_person(text, span[0]) or words[-1] in people or " ".join(words) in people:
                    continue
            out.append(span)
    return out


def _is_legal(word: str) -> bool:
    return _LEGAL_RE.fullmatch(word) is not None


def _is_descriptive(word: str) -> bool:
    return _DESCRIPTIVE_RE.fullmatch(word) is not None


def _is_corporate(word: str) -> bool:
    return _is_legal(word) or _is_descriptive(word)


def _only_corporate_after(clean: list[tuple[int, int, str]]) -> bool:
    """Whether only corporate words, a legal form among them, follow a run's first word: then that word is the
    name, even one that usually opens a sentence or a title ("Premier Automobile Ltd"; not "The Group")."""
    rest = [w.rstrip(".,") for _, _, w in clean[1:]]
    return bool(rest) and all(_is_corporate(w) for w in rest) and any(_is_legal(w) for w in rest)


def _split_segments(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a run at "and" (and at "&" after a legal form): "Foo Co Ltd and Bar Inc" is two names."""
    segments: list[list[tuple[int, int, str]]] = []
    segment: list[tuple[int, int, str]] = []
    for tok in tokens:
        w = tok[2]
        if w == "and" or (w == "&" and segment and _is_legal(segment[-1][2].rstrip(".,"))):
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(tok)
    if segment:
        segments.append(segment)
    return segments


def _candidates_in_run(tokens: list[tuple[int, int, str]], cued: bool,
                       ticker_after: bool = False) -> list[tuple[tuple[int, int], bool]]:
    """Organisation-like spans in one capitalised run, each flagged True when found only by a cue."""
    spans: list[tuple[tuple[int, int], bool]] = []
    segments = _split_segments(tokens)
    for seg in segments:
        # drop possessive tails and trailing punctuation; they end the name
        clean: list[tuple[int, int, str]] = []
        for s, _e, w in seg:
            w2 = w.rstrip(",") if _is_legal(w.rstrip(",.")) else re.sub(r"(?:['’]s?|[.,;:])+$", "", w)
            if w2 != w and w2 in _GEO and re.search(r"['’]s$", w) and all(c[2] in _GEO for c in clean):
                clean = []  # "Japan's Takata Corp", "Abu Dhabi's Aabar Investments": a place's, then the name
                continue
            clean.append((s, s + len(w2), w2))
            if w2 != w and not _is_legal(w2.rstrip(".")):
                break
        # leading junk: sentence words, titles, months; places only when a plain name follows
        while clean:
            w = clean[0][2]
            nxt = clean[1][2].rstrip(".") if len(clean) > 1 else ""
            if (w in _STOP and not _only_corporate_after(clean)) or w in ("of", "&", "de") or (
                    w in _GEO and nxt and not _is_corporate(nxt)):
                clean = clean[1:]
            else:
                break
        if not clean:
            continue
        words = [w.rstrip(".") for _, _, w in clean]
        if words[0] in _TITLES or _is_corporate(words[0]) or words[0] in _GEO and len(words) == 1:
            continue
        last = -1
        for i in range(1, len(words)):
            w = words[i]
            if _is_legal(w):
                last = i
            elif _is_descriptive(w):
                nxt = words[i + 1] if i + 1 < len(words) else None
                if (nxt is None and (w in _STRONG_DESCRIPTIVE or cued)) or (nxt and _is_corporate(nxt)):
                    last = i  # "Acme Motors", not "Shanghai Auto Show" nor "Blade Battery"
        if last < 1 and ticker_after and seg is segments[-1] and words[0] not in _GEO:
            last = len(words) - 1  # "Tokai Rika ( 6995.T )": a wire ticker after the name marks a company
        if last >= 0 and (last >= 1 or ticker_after and seg is segments[-1]):
            spans.append(((clean[0][0], clean[last][1]), False))
        elif cued and len(clean) <= 4 and all(w not in _STOP and w not in _GEO for w in words):
            spans.append(((clean[0][0], clean[-1][1]), True))
    return spans


_PERSON = re.compile(
    r"\b(?i:Mr|Mrs|Ms|Dr|CEO|chief executive|chairman|chairwoman|president|founder|boss|head|spokesman|"
    r"spokeswoman|analyst)\.?,?[ \t]+((?:[A-Z][a-z'’-]+[ \t]+){0,2}[A-Z][a-z'’-]+)"
)


def _people(text: str) -> set[str]:
    """Names written after a title or role in `text`, with their surnames."""
    out: set[str] = set()
    for m in _PERSON.finditer(text):
        name = m.group(1)
        if not name[0].isupper():
            continue
        out.add(name)
        out.add(name.split()[-1])
    return out - _STOP


def _looks_like_person(text: str, start: int) -> bool:
    """A name right after a title or role ("CEO Richard Yu", "Mr Ghosn") is a person."""
    before = text[max(0, start - 30) : start]
    return (
        re.search(r"\b(?:Mr|Mrs|Ms|Dr|CEO|chief executive|chairman|president|founder)\.?\s*$", before, re.I)
        is not None
    )
