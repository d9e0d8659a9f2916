"""Partnership facts: pairs of named organisations that cooperate, one fact per pair, with evidence.

Rule-based and sentence-local: a cooperation cue (transforms/triggers.py) splits a clause into a
subject side and an object side; coordination, relative clauses, passive "by/between" phrases,
anaphora ("it", "the two firms") and joint-venture parents decide which mentions pair up. Traps
(acquisitions, negation, speculation, brand–owner and self pairs, unnamed or public bodies) are
filtered so that only cooperation between two distinct named companies is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from transforms.companies import TICKER, display_name
from transforms.document import Doc, Section
from transforms.records import Evidence, Mention, PartnershipFact, Sentence
from transforms.screens import ScreenedPattern, ending_at
from transforms.triggers import (
    ACQUISITION,
    ENDED,
    NEGATION,
    TALKS,
    Trigger,
    best_kind,
    find_triggers,
    kind_rank,
)

_I = re.IGNORECASE


@dataclass(frozen=True)
class _Ent:
    """An organisation mention inside one sentence (offsets relative to the sentence)."""

    key: str  # company id when resolved, else the lower-cased normalised name
    name: str
    company_id: str | None
    start: int
    end: int


@dataclass
class _State:
    """What the extractor remembers while reading one article."""

    counts: dict[str, int] = field(default_factory=dict)
    first_seen: dict[str, _Ent] = field(default_factory=dict)
    prev_ents: list[_Ent] = field(default_factory=list)
    prev_subject: _Ent | None = None
    last_pair: tuple[_Ent, _Ent] | None = None
    header: _Ent | None = None  # the organisation a "Name:" heading introduces, for the bullets below
    acq_keys: set[str] = field(default_factory=set)
    jv_parents: dict[str, dict[str, _Ent]] = field(default_factory=dict)
    year: int | None = None  # publication year: which parent links held
    run_subject: tuple[tuple[_Ent, ...], int] | None = None  # the last cue's subject in this sentence
    spec_header: list[_Ent] = field(default_factory=list)  # the model a "**Renault ZOE**" heading names
    list_subject: _Ent | None = None  # the subject of the last running-text sentence, for a list below it
    list_cue: tuple[tuple[_Ent, ...], str] | None = None  # "X has three suppliers, they are:" + bullets
    facts: dict[tuple[str, str], PartnershipFact] = field(default_factory=dict)


# --- company table (optional: the module still works on unresolved mentions) -----------------------


@lru_cache(maxsize=1)
def _table() -> Any:
    try:
        from transforms.companies import load_companies
    except ImportError:  # pragma: no cover - the table lands separately
        return None
    try:
        return load_companies()
    except Exception:  # pragma: no cover - a broken table must not stop extraction
        return None


@lru_cache(maxsize=4096)
def _owner_chain(company_id: str, year: int | None = None) -> tuple[str, ...]:
    """Ids of the owners of `company_id` in `year` (the article's), nearest first.

    Dated links keep historic firms apart: 1987 Chrysler and Maserati, or 2005 MG and SAIC, are not
    one group even though they are today.
    """
    table = _table()
    if table is None or not hasattr(table, "parents"):
        return ()
    return table.parents(company_id, year)


def _kind(company_id: str) -> str | None:
    table = _table()
    company = table.get(company_id) if table is not None else None
    return company.kind if company is not None else None


def _same_group(a: _Ent, b: _Ent, year: int | None = None) -> bool:
    """Same company, or a brand/unit and its owner at the article's date (never a partnership)."""
    if a.key == b.key:
        return True
    if a.company_id and b.company_id:
        chain_a, chain_b = _owner_chain(a.company_id, year), _owner_chain(b.company_id, year)
        if a.company_id in chain_b or b.company_id in chain_a:
            return True
        # a brand and another unit of its group ("GM's Oldsmobile, Pontiac and Buick divisions", "Stelato,
        # the brand developed with BAIC") are not partners
        top_a = chain_a[-1] if chain_a else a.company_id
        top_b = chain_b[-1] if chain_b else b.company_id
        if top_a == top_b and "brand" in (_kind(a.company_id), _kind(b.company_id)):
            return True
    an, bn = a.name.lower(), b.name.lower()
    return an.startswith(bn + " ") or bn.startswith(an + " ")


# --- mentions -> entities ------------------------------------------------------------------------

_NOT_PARTY = re.compile(
    r"\b(?:government|ministry|minister|ministers|board of investments?|commission|parliament|congress|"
    r"union|unions|council|agency|authority|department|bureau|regulators?|court|state|central bank|"
    r"reuters|financial times|bloomberg|associated press|xinhua|times|journal|news|magazine|"
    r"merrill lynch|analysts?|e\.f\. hutton|uaw|united auto workers|ig metall|teamsters|"
    r"canadian auto workers|caw|unite)\b",
    _I,
)
_GENERIC = {
    "the", "a", "an", "it", "its", "this", "that", "these", "those", "they", "we", "i", "he", "she",
    "chinese", "japanese", "korean", "german", "french", "american", "european", "british", "italian",
    "china", "japan", "korea", "germany", "france", "europe", "us", "u.s.", "uk", "u.k.", "usa", "india",
    "ev", "evs", "bev", "bevs", "nev", "suv", "suvs", "ceo", "cfo", "coo", "mr", "ms", "dr", "reuter",
    "lfp", "ncm", "nca", "ncma", "lnmo", "ctp", "kwh", "wltp", "nedc", "gwh", "ice", "ota", "dc", "ac",
    "however", "anyway", "currently", "meanwhile", "moreover", "furthermore", "nonetheless", "in",
    "under", "after", "since", "despite", "while", "although", "but", "and", "or", "for", "with",
    "inc", "corp", "co", "ltd", "group", "company", "plc",
}
_UNIT_AFTER = re.compile(r"^\s*(?:unit|division|arm|subsidiary|business|department|team)\b", _I)


# Words that open headlines as adjectives or topics ("Electric rally partnership: ..."), never a name alone.
_PLAIN_TITLE_WORDS = frozenset(
    "electric electrical battery batteries energy mobility hybrid solar smart green charging".split()
)
_TITLE_NAME = re.compile(r"^((?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&.-]*)\s+(?=[a-z])")


def _title_names(doc: Doc) -> list[str]:
    """A name that opens a cooperation headline but is not in the company table ("Solaris ebuses will be
    powered by ... from CATL"): the headline's subject is an organisation, so it is read as one everywhere."""
    for section in doc.sections:
        if section.name != "title" or not find_triggers(section.text) or not section.mentions:
            continue
        m = _TITLE_NAME.match(section.text)
        if not m or any(x.start < m.end(1) for x in section.mentions):
            continue
        name = m.group(1)
        if name.lower() in _GENERIC or name.lower() in _PLAIN_TITLE_WORDS or _NOT_PARTY.search(name) or \
                len(name) < 3:
            continue
        looks_named = " " in name or re.search(r"\b[A-Z]{2,}\b|\d", name) is not None
        if not looks_named and not _named_in_body(doc, name):
            continue  # "Possible upgrades with ...", "Electric rally partnership": a word, not a name
        return [name]
    return []


def _named_in_body(doc: Doc, name: str) -> bool:
    """Whether the article text writes `name` capitalised where a plain word would not be (mid-sentence)."""
    for section in doc.sections:
        if section.name == "title":
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", section.text):
            before = section.text[max(0, m.start() - 4):m.start()]
            if not re.search(r"(?:^|[.!?:\n#>*-]\s*|[\"“(]\s*)$", before):
                return True
    return False


def _entities(section: Section, sentence: Sentence, extra: list[str] | None = None) -> list[_Ent]:
    """Party-able organisation mentions of `sentence`, left to right, without tickers or public bodies."""
    text = section.text
    out: list[_Ent] = []
    mentions = list(section.mentions_in(sentence))
    for name in extra or ():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence.text):
            s, e = m.start() + sentence.start, m.end() + sentence.start
            if not any(x.start < e and s < x.end for x in mentions):
                mentions.append(Mention(name, s, e, name, None))
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end + sentence.start:
            continue  # overlapping mention: keep the first, longest one
        if not _is_party(m, text, out, sentence):
            continue
        key = m.company_id or _norm_key(m.name)
        if not key:
            continue
        name = display_name(m.text, m.company_id, m.name)
        out.append(_Ent(key, name, m.company_id, m.start - sentence.start, m.end - sentence.start))
    return out


# (a file name never starts inside a link's text: "[made with DiDi](images/didi.avif)" keeps "DiDi"; screened,
# as a sentence without a link, URL or file name cannot match and the last alternative costs a try per word)
_LINK_TARGET = ScreenedPattern(re.compile(
    r"\]\([^)\s]*\)|https?://\S+|www\.\S+|[^\s\]\[(]+\.(?:avif|png|jpe?g|gif|pdf|html?)\b", _I
), (("](", "http", "www.", ".avif", ".png", ".jp", ".gif", ".pdf", ".htm"),))


def _link_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LINK_TARGET.finditer(text)]


def _is_party(m: Mention, text: str, previous: list[_Ent], sentence: Sentence) -> bool:
    raw = m.text.strip()
    if any(a <= m.start < b for a, b in _links(text, sentence)):
        return False
    if m.company_id is None:
        if raw.lower() in _GENERIC or len(raw) < 2 or _NOT_PARTY.search(raw):
            return False
        if raw.isupper() and len(raw) <= 2:
            return False
    elif _NOT_PARTY.search(m.name) and m.company_id is None:
        return False
    # Reuters tickers: "Ford Motor Co <F>" -- the bracketed code right after a name is not a party.
    if (m.start > 0 and text[m.start - 1] == "<" and text[m.end:m.end + 1] == ">" and TICKER.match(raw)
            and previous and m.start - sentence.start - previous[-1].end <= 3):
        return False
    # "Huawei's Smart Car unit": the unit counts as its parent, already mentioned.
    if (m.company_id is None and previous and _UNIT_AFTER.match(text[m.end:m.end + 20])
            and re.match(r"^['’]s\s*$", text[previous[-1].end + sentence.start:m.start])):
        return False
    return True


@lru_cache(maxsize=256)
def _links_cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_link_spans(text))


def _links(text: str, sentence: Sentence) -> tuple[tuple[int, int], ...]:
    """Link targets and URLs in the sentence (section offsets): names there are not statements."""
    return tuple((a + sentence.start, b + sentence.start) for a, b in _links_cached(sentence.text))


def _norm_key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


# --- sentence geometry ---------------------------------------------------------------------------

# a place's possessive before a listed name ("Ford and France's Renault", "GM, South Korea's Hyundai and"):
# capitalised words that are no mention themselves, case-sensitive inside the case-blind list patterns
_PLACE_POSSESSIVE = r"(?-i:[A-Z][\w.-]{0,20}(?:\s[A-Z][a-z]{1,20})?['’]s)\s+"
_COORD_GAP = re.compile(
    r"^(?:['’]s?)?(?P<mid>[^;:]{0,80}?)\s*(?:<[^>]{1,10}>\s*)?(?:,|\band\b|\bor\b|&|/|-|–|\bas well as\b)\s*"
    r"(?:(?:and|or|&)\s+)?(?:the\s+)?(?:" + _PLACE_POSSESSIVE + r")?<?$",
    _I,
)
# non-space characters: more than _COORD_GAP can ever match (2 + 80 + 12 + 10 + 6 + 45 + 1)
COORD_GAP_MAX = 160
_GAP_STOP = re.compile(
    r"\b(?:with|by|from|to|for|in|on|at|of|is|are|was|were|be|has|have|had|will|would|could|can|may|said|"
    r"says|which|that|who|than|as|between|after|also|signed|agreed|said|not)\b",
    _I,
)
_CLAUSE_BREAK = re.compile(
    r";|\s+but\s+|\s+while\s+|\s+whereas\s+|\s+although\s+|,\s+however,?\s+| - | – |"
    # "X is a supplier and Panasonic also is comfortable with ...": "and" before a new subject and its verb
    # (singular verbs only: "A, B and C are working together" is one subject)
    r"\s+and\s+(?=(?-i:[A-Z][\w/&-]*(?:\s+[A-Z][\w/&-]*)?\s+(?:also\s+|still\s+)?(?:is|was|has)\b))",
    _I,
)
# A fronted participle or preposition phrase ("Focused on Tesla and its cells, Panasonic has ..."): names
# inside it are not the subject of the clause.
_FRONTED = re.compile(
    r"^(?:[A-Z][a-z]+(?:ed|ing)|Like|Unlike|Besides|Apart from|Along with|Compared (?:to|with))\b"
    r"[^,]{0,80},\s*"
)
_OPENER = re.compile(
    r"\b(?:that|after|because|when|since|said|says|where|although|if|reporting|reported)\b|:", _I
)
_RELATIVE = re.compile(r"^\W*(?:<[^>]*>\W*)?(?:\([^)]*\)\W*)?(?:which|who|that)\b", _I)
_BETWEEN_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:between|among|by|of|formed by|owned by)\s", _I)
_R_STOP = re.compile(r"\s(?:to|for)\s|,\s*(?:which|who|said|according)\b|\swhich\s|\ssaid\b", _I)
# ("GM makes cars", "Ford sold vehicles": a verb between the name and the noun keeps the name a party)
_PRODUCT_AFTER = re.compile(
    r"^(?:-branded|\s+branded|\s+brand\b|(?:\s+(?!(?:on|for|in|of|to|with|at|by|from|and|or|about|"
    r"makes?|made|sells?|sold|builds?|built|produces?|produced|exports?|exported|imports?|imported|ships?|"
    r"shipped|delivers?|delivered|assembles?|assembled|offers?|offered|launch(?:es)?|launched|recalls?|"
    r"recalled|designs?|designed|develops?|developed|buys?|bought|has|had|owns?|will|would|can|could)\b)"
    r"[a-z][\w-]*)?\s+(?:cars?|vehicles?|models?|EVs?|SUVs?|sedans?)\b)"
)
_COMPONENT_WORDS = r"(?:cells?|batter(?:y|ies)|packs?|engines?|chips?|modules?)\b"
_UNNAMED_OBJECT = re.compile(r"^\s*with\s+(?:[a-z][\w-]*\s+){1,4}(?:for|to|in|on|at|as)\b")
# A finite verb between a cue and the next name: the name belongs to a new clause ("made by Chinese
# automakers seem to be the best rivals to Tesla"); relative pronouns stay inside the object phrase.
_VERB_GAP = re.compile(r"\b(?:is|are|was|were|seems?|seemed|appears?|has|have|had|will|would)\b", _I)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
_BARE_VERB = re.compile(
    r"^(?:start(?:s|ed)? using|uses?|using|adopts?|adopting|gets?|getting|order(?:s|ed)?|chose|choose|"
    r"its|their)$", _I
)
_SPECULATIVE = re.compile(r"\b(?:could|might|would like|wouldn't|hypothetical)\b", _I)
_PLURAL_ANAPHOR = re.compile(
    r"\b(?:the two (?:\w+ )?(?:companies|firms|groups|partners|carmakers|automakers|sides)|both "
    r"(?:companies|firms|groups|sides|partners)|the partners|they)\b",
    _I,
)
_SINGULAR_ANAPHOR = re.compile(
    r"\b(?:it|its|the (?:[\w-]+ ){0,3}(?:company|firm|group|carmaker|automaker|car ?maker|manufacturer|"
    r"maker|supplier|giant|venture|partner))\b",
    _I,
)
_DEMONSTRATIVE = re.compile(
    r"^\s*this (?:[\w-]+ ){0,2}(?:company|firm|carmaker|automaker|car ?maker|manufacturer|maker|supplier)\b",
    _I,
)
_ROLE_NOUN = re.compile(r"^(?:suppliers?|partners?)$", _I)
_AS_ROLE = re.compile(
    r"^(?:['’]s)?[^,;:()]{0,40}?\bas\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:[\w-]+\s+){0,3}$", _I
)
_ANAPHOR_OPENING = re.compile(
    r"^(?:It|Its|The (?:[\w-]+ ){0,2}(?:company|firm|group|carmaker|automaker|car ?maker|manufacturer|"
    r"maker))\b"
)


def _anaphor_subject_end(sent: str) -> int | None:
    """Where an anaphoric subject ("It", "The company") ends when it opens the sentence or its main clause
    after a leading phrase ("As for the design, it ..."); None when the subject is no anaphor."""
    m = _ANAPHOR_OPENING.match(sent)
    if m:
        return m.end()
    if _LEADING_PHRASE.match(sent) and (comma := sent.find(",")) >= 0:
        rest = sent[comma + 1:]
        at = comma + 1 + len(rest) - len(rest.lstrip())
        m = _ANAPHOR_OPENING.match(sent[at:at + 1].upper() + sent[at + 1:at + 60])
        if m:
            return at + m.end()
    return None


_VENTURE_IS = re.compile(r"^\W*(?:is|was|,)\s+(?:now\s+)?(?:an?|the|its|their)\b", _I)
_UNNAMED_SPEAKER = re.compile(
    r"\b(?!(?:companies|company|firms?|groups?|carmakers?|automakers?|makers?|manufacturers?|partners|sides|"
    r"spokes\w+|officials?|executives?|sources|venture)\b)[a-z]+\s+(?:said|say|says|added|announced)\s+"
    r"(?:that\s+)?(?:they|it)\b"
)
# One company or venture set up by all the parties named ("to form a company", "a three-way joint venture");
# plural ventures are separate deals ("joint ventures with FAW and GAC").
_ONE_NEW_COMPANY = re.compile(
    r"\b(?:form|forms|formed|forming|set up|sets up|setting up|establish\w*|create|creates|created|creating)"
    r" (?:an? |the )?(?:new |three-way |joint )?(?:company|firm|venture|joint venture|joint company)\b"
    r"|\bthree-way (?:joint )?venture\b",
    _I,
)
# Between a subject and a supply cue: the subject's product replaces or rivals the supplier's ("a cell that
# can replace the old one made by X"), unless it replaces something *with* the supplier's parts.
_RIVAL_BEFORE = re.compile(
    r"\b(?:replac\w*|instead of|alternatives? to|rivals?|compet\w*|superior to|better than)\b"
    r"(?![^.;]*\bwith\b)",
    _I,
)
# A supplier switch: "replacing the Panasonic cells with Samsung SDI cells", "switched from X to Y".
_SWITCH = re.compile(
    r"\b(?:replac(?:e|es|ed|ing)|swap(?:s|ped|ping)?|(?P<from>(?:switch|chang)(?:e|es|ed|ing)? from))\s+"
    r"(?:the\s+|its\s+|their\s+)?$",
    _I,
)
_SWITCH_TO = re.compile(r"^\s+(?:[\w-]+\s+){0,3}(?:with|for|to|by)\s+(?:the\s+|new\s+)*$", _I)
_NEG_BELIEF = re.compile(
    r"(?:(?:\bnot\b|n't|\bnever\b|\bno one\b)\s+(?:\w+\s+)?(?:think|believe|expect|see|imagine|guess)s?|"
    r"\bunlikely|\bdoubt(?:s|ful)?"
    # "a spokesperson denied a media report that X was negotiating with Y": the claim is denied
    r"|\b(?:denie[sd]|deny(?:ing)?|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|refut(?:ed|es|ing))\b"
    r"[^.;:,]{0,60}?\bthat"
    r")\s+(?:that\s+)?(?:the\s+)?$",
    _I,
)
_RELATIVE_BEFORE_CUE = re.compile(r"\b(?:which|who)\s+(?:[\w-]+\s+){0,2}$", _I)
_LEADING_PHRASE = re.compile(
    r"^(?:Based|Like|Part|As|Under|After|Following|Despite|With|In|For|Along|Unlike|Besides|Apart)\b"
)


def _gap(sent: str, a: _Ent, b: _Ent) -> str:
    return sent[a.end:b.start]


def _may_end_a_list(gap: str) -> bool:
    """A necessary condition for _COORD_GAP: short enough, and ending (spaces aside) in a list separator,
    "and"/"or"/"the"/"as", "<" or a possessive (the pattern's only possible endings)."""
    end = gap.rstrip()
    if not end or (len(end) > COORD_GAP_MAX and len("".join(end.split())) > COORD_GAP_MAX):
        return False
    if end[-1] in ",&/<-–" or end.endswith(("'s", "’s")):
        return True
    i = len(end)
    while i > 0 and end[i - 1].isalpha():
        i -= 1
    return end[i:].lower() in ("and", "or", "the", "as")


def _coordinated(sent: str, a: _Ent, b: _Ent) -> bool:
    """True when only list punctuation (and model names: "Xpeng's P7, Nio's ES6 and ...") separate a and b."""
    gap = _gap(sent, a, b)
    if not _may_end_a_list(gap):
        return False  # the regex below cannot match: skipping it saves ~10% of extraction time
    m = _COORD_GAP.match(gap)
    if not m or _GAP_STOP.search(m.group("mid")):
        return False
    return all(len(chunk.split()) <= 5 for chunk in re.split(r",|\band\b|\bor\b", m.group("mid")))


def _groups(sent: str, ents: list[_Ent]) -> list[list[_Ent]]:
    """Runs of coordinated mentions ("A, B and C")."""
    groups: list[list[_Ent]] = []
    for e in ents:
        if groups and _coordinated(sent, groups[-1][-1], e):
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


# A participle phrase between dashes describes the noun before it ("brings cells - made by X - to its
# platform", "the pack of the e-208 - made with cells from X - has ..."): one clause with that noun.
_DASH_PARTICIPLE = re.compile(
    r" [-–] (?:made|built|produced|supplied|sourced|manufactured|developed|powered)\b[^-–;]{0,100}? [-–] "
)


def _clauses(sent: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    kept = {i for m in _DASH_PARTICIPLE.finditer(sent) for i in (m.start(), m.end() - 3)}
    for m in _CLAUSE_BREAK.finditer(sent):
        if m.start() in kept:
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(sent)))
    return [(a, b) for a, b in spans if b > a]


_CONTRAST_OPEN = re.compile(r"(?:^|\s)(?:while|whilst|whereas|although)\s+$", _I)
_CONTRAST_FIRST = re.compile(r"\W*(?:while|whilst|whereas|although)\s", _I)
_NEW_SUBJECT = re.compile(r",\s+(?=(?:the\s+|its\s+)?[A-Z])")


def _split_contrast(
    sent: str, spans: list[tuple[int, int]], triggers: list[Trigger]
) -> list[tuple[int, int]]:
    """ "while the Kona gets cells from LG, the Niro gets them from SKI": the subordinate clause ends at the
    first comma after its cue that a new capitalised subject follows."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        opened = ending_at(_CONTRAST_OPEN, sent, a) or (a == 0 and _CONTRAST_FIRST.match(sent))
        if opened:
            cue = next((t for t in triggers if a <= t.start and t.end <= b), None)
            m = _NEW_SUBJECT.search(sent, cue.end, b) if cue is not None else None
            if m:
                out += [(a, m.start()), (m.end(), b)]
                continue
        out.append((a, b))
    return out


def _runs(triggers: list[Trigger], ents: list[_Ent]) -> list[list[Trigger]]:
    """Consecutive cues with no mention between them act as one ("signed a partnership agreement with")."""
    runs: list[list[Trigger]] = []
    for t in triggers:
        if any(e.start < t.end and t.start < e.end for e in ents):
            continue  # a cue inside a name ("Motor Manufacturing") is not a cue
        if runs and not any(runs[-1][-1].end <= e.start and e.end <= t.start for e in ents):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _subject(sent: str, ents: list[_Ent]) -> _Ent | None:
    """The grammatical subject of a sentence, roughly: its first mention outside a leading phrase."""
    if not ents:
        return None
    if _LEADING_PHRASE.match(sent):
        comma = sent.find(",")
        after = [e for e in ents if e.start > comma >= 0]
        if after:
            return after[0]
    return ents[0]


# --- main ----------------------------------------------------------------------------------------


Parties = list[tuple[Section, Sentence, list[_Ent]]]


def sentence_parties(doc: Doc) -> Parties:
    """Every sentence with its party-able mentions (and the headline's names where the text repeats them):
    found once per article for both the rule reader and the candidate builder."""
    extra = _title_names(doc)
    return [(sec, s, _entities(sec, s, extra)) for sec in doc.sections for s in sec.sentences]


def extract_partnerships(doc: Doc, prepared: Parties | None = None) -> list[PartnershipFact]:
    """Pairs of named organisations that cooperate, one fact per pair, with evidence."""
    state = _State(year=doc.published.year if doc.published else _year_in_text(doc))
    if prepared is None:
        prepared = sentence_parties(doc)
    for _, sentence, ents in prepared:
        if ents and ACQUISITION.search(sentence.text):
            state.acq_keys.update(e.key for e in ents)
    for section, sentence, ents in prepared:
        for e in ents:
            state.counts[e.key] = state.counts.get(e.key, 0) + 1
            state.first_seen.setdefault(e.key, e)
        if ents or sentence.text:
            _read_sentence(section, sentence, ents, state)
        if ents:
            state.prev_ents = ents
            # "The company, in which GM has a stake, ...", "As for the design, it reminds me of the Hyundai
            # Kona": a sentence whose subject is an anaphor keeps its referent
            opened = _anaphor_subject_end(sentence.text)
            if not (state.prev_subject is not None and opened is not None and opened <= ents[0].start):
                state.prev_subject = _subject(sentence.text, ents)
            if sentence.text.rstrip("*_ ").endswith(":") and len({e.key for e in ents}) == 1:
                state.header = ents[0]
            elif not _BULLET.match(sentence.text):
                state.header = None
            if _HEADING.match(sentence.text):
                state.spec_header = list({e.key: e for e in ents}.values())
            elif not _BULLET.match(sentence.text):
                state.list_subject = state.prev_subject
        if not _BULLET.match(sentence.text) and not sentence.text.rstrip("*_ ").endswith(":"):
            state.list_cue = None
    return list(state.facts.values())


# A heading line: Markdown "#" or a whole line in bold ("**Renault ZOE (new ZE 50 battery)**"), maybe linked.
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|\[?\*\*[^*\n]+\*\*\]?(?:\([^)\s]*\))?\s*$)")
# A spec bullet's label and colon: "- **Battery cell maker**: CATL".
_SPEC_LABEL = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+\**(?P<label>[^:*\n]{2,40}?)\**\s*:\s*\**\s*")
_MAKER_LABEL = re.compile(
    r"^(?:battery\s+)?(?:cells?\s+|pack\s+)?(?:maker|manufacturer|supplier|producer)s?$", _I
)


def _list_owners(state: _State) -> list[_Ent]:
    """Whose specs a bullet list gives: a "Name:" line's, the model heading's, or the subject of the running
    text just before the list ("The JAC Yiwei 3 is ... Let's see the specs." + "- Battery: ... by X")."""
    if state.header is not None:
        return [state.header]
    if state.spec_header:
        return state.spec_header
    return [state.list_subject] if state.list_subject is not None else []


def _read_bullet(section: Section, sentence: Sentence, ents: list[_Ent], state: _State) -> None:
    """Spec bullets name a supplier without a verb: "- Battery cell maker: CATL" under a model's heading, or
    "- CATL" under "X now has three battery suppliers, they are:"."""
    sent = sentence.text
    if state.list_cue is not None:
        subject, kind = state.list_cue
        if ents and re.fullmatch(r"\W*", sent[:ents[0].start]) and len(sent.split()) <= 6:
            for a in subject:
                for b in ents:
                    _add(section, sentence, a, b, kind, _status(sent), state)
        return
    m = _SPEC_LABEL.match(sent)
    if not m or not _MAKER_LABEL.match(m.group("label").strip()):
        return
    for a in _list_owners(state):
        for b in (e for e in ents if e.start >= m.end()):
            _add(section, sentence, a, b, "supply", "active", state)


_YEAR = re.compile(r"(?<![\w.,-])(19[5-9]\d|20[0-3]\d)(?![\w.,-]\d)")


def _year_in_text(doc: Doc) -> int | None:
    """The year an undated article speaks of: the year it names most often (the latest on a tie), so
    that "GM's Opel" in an undated 2005 story is read with 2005's owners."""
    counts: dict[int, int] = {}
    for section in doc.sections:
        for m in _YEAR.finditer(section.text):
            y = int(m.group(1))
            counts[y] = counts.get(y, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def _read_sentence(section: Section, sentence: Sentence, ents: list[_Ent], state: _State) -> None:
    sent = sentence.text
    if len(ents) >= 3:
        _read_switch(section, sentence, ents, state)
    if _BULLET.match(sent):
        _read_bullet(section, sentence, ents, state)
    if len(ents) >= 2:
        _read_role_apposition(section, sentence, ents, state)
        _read_joint_subject(section, sentence, ents, state)
    if not ents and not (_PLURAL_ANAPHOR.search(sent) or _SINGULAR_ANAPHOR.search(sent)):
        return  # no name and no anaphor: no cue here can have a party (_left_group), so skip the cue search
    triggers = [t for t in find_triggers(sent) if not _cue_in_name(sent, t) and not _cue_of_examples(sent, t)]
    if not triggers:
        return
    acquisition_here = bool(ACQUISITION.search(sent))
    state.run_subject = None
    for c_start, c_end in _split_contrast(sent, _clauses(sent), triggers):
        c_ents = [e for e in ents if e.start >= c_start and e.end <= c_end]
        c_trigs = [t for t in triggers if t.start >= c_start and t.end <= c_end]
        runs = _runs(c_trigs, c_ents)
        for i, run in enumerate(runs):
            nxt = runs[i + 1][0].start if i + 1 < len(runs) else c_end
            _read_run(section, sentence, c_start, c_end, c_ents, run, nxt, acquisition_here, state, ents)


# a nationality before a role noun ("its Russian partner", "a German supplier"), one list for every pattern
# (a suffix rule would also take company names: "a Nissan supplier", "a Bosch partner")
_NATIONALITY = (r"(?-i:U\.S\.|American|Canadian|Mexican|Brazilian|German|French|Italian|Spanish|British|"
                r"Dutch|Swedish|Czech|Polish|Russian|Turkish|Iranian|Indian|Chinese|Japanese|Korean|Taiwanese|"
                r"Thai|Malaysian|Indonesian|Australian|European|Asian)")
# "Kuka Systems, a Chrysler supplier, ...", "Visteon Corp, a big Ford Motor Co supplier", "FAW -- also a
# Toyota and Volkswagen partner": an apposition that names the company by its role for others
_ROLE_APPOSITION = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\s*(?:,|--|—|–)\s*(?:also\s+)?(?:a|an|the|one\s+of)\s+(?:(?:big|major|key|main|"
    rf"longtime|long-time|leading|large|small|top|biggest|largest|{_NATIONALITY})\s+){{0,2}}")
# two names joined in a list, maybe with a ticker after the first and a country before the second ("Toyota
# ( 7203.T ) and Volkswagen", "Mitsubishi Motors and France's Peugeot")
_NAMES_JOINED = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:(?:the\s+)?" + _PLACE_POSSESSIVE + r")?")
_ROLE_AFTER_NAME = re.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:['’]s)?\s+(?:(?:auto\s+|car\s+)?(?:parts|battery|component|seat|tire|tyre|"
    r"engine)\s+)?(?P<role>supplier|partner)s?\b", _I)


# the role before the names it is held for: "Guangzhou Auto, a Chinese partner of Japan's Honda Motor, Toyota
# and Fiat", "Tokai Rika, a supplier to Toyota"
_ROLE_OF = re.compile(
    r"(?P<role>partner|supplier)s?\s+(?:of|to)\s+(?:(?:the\s+)?" + _PLACE_POSSESSIVE + r")?", _I)


# "Renault SA and its partner Nissan", "Nissan and French partner Renault", "Magna and its Russian partner,
# state-owned bank Sberbank": the second name by its role for the first (a nationality or a word of standing
# before the role, a short apposition after it; not "parts supplier", "potential partner")
_AND_ITS_ROLE = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\s+and\s+(?:its\s+|their\s+)?(?:(?:long-?time|alliance|main|key|strategic|"
    rf"{_NATIONALITY})\s+)?"
    r"(?P<role>partner|supplier)(?:\s+|,\s+(?:[\w-]+\s+){1,3})", _I)


def _read_role_apposition(section: Section, sentence: Sentence, ents: list[_Ent], state: _State) -> None:
    """A name, then an apposition naming it by its role for the companies after it (_ROLE_APPOSITION), or a
    name joined to its partner or supplier (_AND_ITS_ROLE)."""
    sent = sentence.text
    for e, f in zip(ents, ents[1:], strict=False):
        both = _AND_ITS_ROLE.match(sent, e.end)
        if both is not None and both.end() == f.start:
            _add(section, sentence, e, f, _role_kind(both), "active", state)
    for i, e in enumerate(ents[:-1]):
        lead = _ROLE_APPOSITION.match(sent, e.end)
        role_of = lead and _ROLE_OF.match(sent, lead.end())
        if lead is None or ents[i + 1].start not in (lead.end(), role_of and role_of.end()):
            continue
        named = [ents[i + 1]]  # "a Toyota and Volkswagen partner": each is one
        for f in ents[i + 2:]:
            join = _NAMES_JOINED.match(sent, named[-1].end)
            if join is None or join.end() != f.start:
                break
            named.append(f)
        role = role_of if role_of and role_of.end() == named[0].start else _ROLE_AFTER_NAME.match(
            sent, named[-1].end)
        if role is not None:
            for f in named:
                _add(section, sentence, e, f, _role_kind(role), "active", state)


# Two companies as one subject of making or developing one thing: "Nissan and Renault announced a $1 billion
# car plant in southern India", "engineers at GM and LG Energy Solution have developed a new battery cell". A
# plural object ("GM and Ford build pickups") is each one's own, so the object is one thing, with an article.
_JOINT_SUBJECT_BEFORE = re.compile(
    r"(?:^|(?:\bthat|\bsaid|[,;:]|--)\s+)(?:(?:[\w-]+\s+){1,2}(?:at|from)\s+)?$")
_JOINT_ACTION = re.compile(
    r"(?:\s*\([^()]{0,30}\))?\s+(?:(?:also|will|would|plan\s+to|plans\s+to|planned\s+to|have|has|had|"
    r"jointly|together|recently|already)\s+)*"
    r"(?P<verb>build|develop|produce|assembl|make|made|open|set\s+up|announc|unveil|design)\w*\s+"
    r"(?:an?|one)\s+(?:[\w$.,'’-]+\s+){0,5}?"
    r"(?P<obj>plant|factory|facility|car|vehicle|cell|battery|engine|platform|model|minivan|SUV|pickup|truck)\b")


def _role_kind(m: re.Match[str]) -> str:
    """The kind of deal a role names: a supplier's is supply, a partner's a partnership."""
    return "supply" if m.group("role").lower() == "supplier" else "partnership"


def _read_joint_subject(section: Section, sentence: Sentence, ents: list[_Ent], state: _State) -> None:
    """Two names joined as the subject of making or developing one thing together (_JOINT_ACTION)."""
    sent = sentence.text
    for e, f in zip(ents, ents[1:], strict=False):
        join = _NAMES_JOINED.match(sent, e.end)
        if join is None or join.end() != f.start or "and" not in join.group() and "&" not in join.group():
            continue
        if ending_at(_JOINT_SUBJECT_BEFORE, sent, e.start) is None:
            continue
        act = _JOINT_ACTION.match(sent, f.end)
        if act is not None:
            kind = "co_development" if act.group("verb") in ("develop", "design") else "manufacturing"
            _add(section, sentence, e, f, kind, _status(sent), state)


def _read_switch(section: Section, sentence: Sentence, ents: list[_Ent], state: _State) -> None:
    """A supplier switch ("VW is replacing the Panasonic cells with Samsung SDI cells"): the subject's supply
    from the new maker is active and from the old one ended."""
    sent = sentence.text
    for i, (old, new) in enumerate(zip(ents, ents[1:], strict=False)):
        verb = ending_at(_SWITCH, sent, old.start)
        if not verb or not _SWITCH_TO.match(sent[old.end:new.start]) or old.key == new.key:
            continue
        if not verb.group("from") and not re.match(rf"^\s+{_COMPONENT_WORDS}", sent[old.end:], _I):
            continue  # a supplier's parts are switched, not people or firms ("replace X as CEO")
        before = [e for e in ents[:i] if e.end <= verb.start()]
        if not before or NEGATION.search(_negation_scope(sent[before[-1].end:verb.start()])):
            continue
        subject = before[-1]
        _add(section, sentence, subject, new, "supply", "active", state)
        _add(section, sentence, subject, old, "supply", "ended", state)


_TITLE_WORD = re.compile(r"\b[A-Za-z][\w'’-]*")


def _cue_in_name(sent: str, t: Trigger) -> bool:
    """A capitalised cue followed by a capitalised word inside running text is part of a name ("Alliance
    Ventures", "Partners Group"); in a headline in capitals or title case every word is capitalised."""
    if not sent[t.start:t.start + 1].isupper() or t.start == 0:
        return False
    nxt = re.match(r"\s+([A-Z][a-z])", sent[t.end:])
    if not nxt:
        return False
    lower = sum(1 for w in _TITLE_WORD.findall(sent) if w[0].islower() and len(w) >= 4)
    return lower >= 2  # running text; a title-case headline has hardly any lower-case words


def _cue_of_examples(sent: str, t: Trigger) -> bool:
    """A plural cue noun followed by examples in brackets names a category ("Euro-Chinese co-operations (MG,
    Volvo, Polestar)"), not a cooperation of the sentence's subject with them."""
    return sent[t.start:t.end].lower().endswith("s") and re.match(r"\s*\(", sent[t.end:]) is not None


# After a cue phrase, a conjunction and names open the next clause ("Suzuki and VW announced an equity
# tie-up, and Mitsubishi and Peugeot are in talks"; "Renault and Nissan announced X, and VW and Suzuki Y"):
# its names are the parties of another deal, not the first one's object.
_NEXT_CLAUSE = re.compile(
    r"[^,;]{0,60}?,?\s*(?:and|while|whereas|but)\s+(?:(?:the\s+)?[A-Z][\w.-]*['’]s\s+)?")


def opens_next_deal(sent: str, cue_end: int, after: list[_Ent]) -> bool:
    """Whether the names `after` a cue ending at `cue_end` open the next clause: a conjunction after the
    cue phrase, and a comma before it or two names joined ("talking to partners and Nissan about ..." adds
    one name to the cue's object)."""
    if not after:
        return False
    gap = sent[cue_end:after[0].start]
    joined = len(after) >= 2 and _NAMES_JOINED.fullmatch(sent, after[0].end, after[1].start) is not None
    return _NEXT_CLAUSE.fullmatch(gap) is not None and ("," in gap or joined)


# what comes before a supply's customer named by its products: "supplying cells to the two most popular"
_CUSTOMER_BEFORE = re.compile(r"\b(?:to|for)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}$")


def _read_run(
    section: Section,
    sentence: Sentence,
    c_start: int,
    c_end: int,
    ents: list[_Ent],
    run: list[Trigger],
    next_start: int,
    acquisition_here: bool,
    state: _State,
    sentence_ents: list[_Ent],
) -> None:
    sent = sentence.text
    r_start, r_end = run[0].start, run[-1].end
    strong = any(t.strong for t in run)
    symmetric = all(t.symmetric for t in run)
    kind = best_kind(run)

    # a product's maker is no party ("Mitsubishi small cars"), except as the customer of a supply: "supplying
    # cells to the two most popular Tesla models"
    ents = [e for e in ents if not _is_product_modifier(sent, e) or (
        kind == "supply" and e.start >= r_end and _PRODUCT_AFTER.match(sent[e.end:e.end + 24]) is not None
        and _CUSTOMER_BEFORE.search(sent, max(r_end, e.start - 40), e.start) is not None)]
    left = [e for e in ents if e.end <= r_start]
    right_all = [e for e in ents if e.start >= r_end and e.end <= next_start]
    # The head of a following relative clause ("B, which gets ... from C") belongs to the next cue.
    if next_start < c_end and right_all and _RELATIVE.match(sent[right_all[-1].end:next_start]):
        right_all = right_all[:-1]
    right = _object_side(sent, right_all)
    if right and _UNNAMED_OBJECT.match(sent[r_end:right[0].start]):
        right = []  # the cooperation is with an unnamed party; a later name is something else
    if opens_next_deal(sent, r_end, right_all):
        right = []  # "A and B announced a tie-up, and C and D are in talks": C and D are another deal's
    gap = sent[r_end:right[0].start] if right else ""
    if right and _VERB_GAP.search(gap) and len(gap.split()) >= 3:
        right = []  # "made by Chinese automakers seem to be rivals to Tesla": a new clause, not the object
    if right and re.search(r"\b(?:equipped|fitted)\s+with$", sent[r_start:r_end], _I) and (
            "," in gap or len(gap.split()) > 8):
        right = []  # "a screen equipped with voice control, ..., and Apple CarPlay": the object ended earlier
    if right and _BARE_VERB.match(sent[r_start:r_end]) and right[0].start - r_end > 6:
        right = []  # "uses the same X cells": only a name right after the verb is the supplier

    # "Tesla's sole battery supplier": the possessor is the other side of the cue.
    if (kind == "supply" and left and not right
            and re.match(r"^['’]s\s+(?:[\w-]+\s+){0,3}$", sent[left[-1].end:r_start])):
        right = [left[-1]]
        left = left[:-1]
    # "Toyota named Denso as its supplier", "replace SDI as the main supplier of VW and BMW": the name
    # before "as" is the supplier (or partner); the subject is an earlier name.
    role_pairs: list[tuple[_Ent, _Ent]] = []
    l_groups = _groups(sent, left) if left else []
    if (len(l_groups) >= 2 and _ROLE_NOUN.match(sent[r_start:r_end])
            and _AS_ROLE.search(sent[left[-1].end:r_start])):
        named = l_groups[-1]  # "uses LG Chem and CATL as suppliers": the whole list
        if right and re.match(r"^\s+(?:of|to|for)\s+(?:the\s+)?$", sent[r_end:right[0].start], _I):
            role_pairs = [(a, b) for a in named for b in right]
        else:
            right = [*named, *right]
        left = left[:-len(named)]

    subject = _left_group(sent, left, c_start, r_start, r_end, state)
    # "The US version will get its cells from SKI and the China version its cells from CATL": a pronoun
    # after the previous cue's object points back to that cue's subject, not to its object.
    prev_run = state.run_subject
    if (subject and left and prev_run is not None and prev_run[1] < r_start
            and all(e.start >= prev_run[1] for e in left)
            and re.search(r"\b(?:its|their|it|they)\b", sent[left[-1].end:r_start], _I)
            and not _RELATIVE.match(sent[left[-1].end:r_start])):
        subject = list(prev_run[0])
    state.run_subject = (tuple(subject), r_end) if subject else state.run_subject
    if (subject and not right and re.search(r"(?:suppliers|partners)$", sent[r_start:r_end], _I)
            and re.fullmatch(r"[^.;]{0,30}:\W*", sent[r_end:])):
        state.list_cue = (tuple(subject), kind)  # the names follow as bullets
    between = bool(_BETWEEN_AFTER.match(sent[r_end:r_end + 25]))
    window = _negation_scope(sent[(subject[-1].end if subject else c_start):r_start])
    if NEGATION.search(window) and not re.search(r"\bno longer\b", window, _I):
        return
    if subject and _NEG_BELIEF.search(sent, c_start, subject[0].start):
        return  # "I don't think that X will use Y's cells": the writer denies it
    if kind == "supply" and _SPECULATIVE.search(_negation_scope(sent[c_start:r_start])):
        return
    if (kind == "supply" and subject and re.search(r"\b(?:by|from)$", sent[r_start:r_end])
            and _RIVAL_BEFORE.search(sent[subject[-1].end:r_start])):
        return  # "SDI developed a cell that can replace the one made by Panasonic": rivals, not customer

    pairs: list[tuple[_Ent, _Ent]] = list(role_pairs)
    r_groups = _groups(sent, right)
    if between and r_groups and len(r_groups[0]) >= 2 and symmetric:
        pairs += _all_pairs(r_groups[0])
        _record_parents(state, subject, r_groups[0], kind)
    elif subject and right:
        if symmetric and len(subject) >= 2 and {e.key for e in right} <= {e.key for e in subject}:
            pairs += _all_pairs(subject)
        else:
            for a in subject:
                pairs += [(a, b) for b in right]
                pairs += [(p, b) for p in state.jv_parents.get(a.key, {}).values() for b in right]
            # "Tarsa Motors is a joint venture in which Keiko holds ...": the subject is the venture; in
            # "Stellantis formed a joint venture with Leapmotor" it is a parent.
            gap_to_cue = sent[subject[-1].end:r_start]
            if kind == "joint_venture" and len(subject) == 1 and _VENTURE_IS.match(gap_to_cue):
                _record_parents(state, subject, right, kind)
            elif symmetric and r_groups and len({e.key for e in r_groups[0]}) >= 2 and \
                    _ONE_NEW_COMPANY.search(sent[c_start:c_end]) and not _VENTURE_IS.match(gap_to_cue):
                pairs += _all_pairs(r_groups[0])  # "A agreed with B and C to form a company": three parents
    elif subject and symmetric and len(subject) >= 2:
        pairs += _all_pairs(subject)
    elif subject and symmetric and strong:
        others = [e for e in left if e.key not in {s.key for s in subject}]
        if len({e.key for e in others}) == 1:
            pairs.append((subject[0], others[0]))
        elif _PLURAL_ANAPHOR.search(sent[r_end:c_end]) and state.last_pair is None and len(others) == 1:
            pairs.append((subject[0], others[0]))
    elif not subject and r_groups and len(r_groups[0]) >= 2 and symmetric and re.match(
            r"^\s*(?:[\w-]+\s+){0,2}(?:by|between)\s*$", sent[r_end:right[0].start], _I) and not re.search(
            r"\b(?:race|rivals?|rivalry|compet\w*|battle|fight)\b", sent[r_end:right[0].start], _I):
        pairs += _all_pairs(r_groups[0])
    elif (not subject and right and strong and len({e.key for e in right}) == 1 and kind != "investment"
          and not _trade_only(sent, r_start, right[0])
          and not re.search(r"\b(?:would|could|might|may)\b", sent, _I)
          and all(e.key == right[0].key or (e.key == _topic_key(state) and not _possessive(sent, e))
                  for e in sentence_ents if not _is_product_modifier(sent, e))):
        # A cue with no subject names the article's topic as the other side ("The battery pack is made
        # with cells from LG Chem"), but only when the sentence names no other organisation at all: a
        # subject lost behind a dash or a product ("the Peugeot e-208 - made with cells from X") is not it.
        owners = _list_owners(state) if _BULLET.match(sent) else []
        topic = _topic(state) if not _BULLET.match(sent) else (owners[0] if owners else None)
        if topic is None and _BULLET.match(sent):
            return
        if topic is not None:
            pairs.append((topic, right[0]))

    if not pairs:
        return
    if not strong:
        if acquisition_here:
            return
        if any(a.key in state.acq_keys and b.key in state.acq_keys for a, b in pairs):
            return
    # the status words may follow the cue ("joint venture talks", "deal ended"): read two words past it
    after_cue = re.match(r"(?:\W*\w+){0,2}", sent[r_end:c_end])
    status_end = max(right[-1].end if right else r_end, r_end + (after_cue.end() if after_cue else 0))
    status_start = subject[0].start if subject else c_start
    # a noun phrase around the names carries its status too: "a possible GM-Chrysler alliance"
    np_open = _NP_OPENING.search(sent, max(c_start, status_start - 40), status_start) if subject else None
    status_text = sent[(np_open.start() if np_open else status_start):status_end]
    status_text = sent[c_start:c_end] if len(status_text) < 10 else status_text
    status = _status(status_text)
    for a, b in pairs:
        _add(section, sentence, a, b, kind, status, state)


# "Ford dealers", "Volvo's union leaders", "GM's U.S. workers": people of a company, not the company
_PEOPLE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:(?-i:[A-Z][\w.]*)|local|own|former)\s+)?"
    r"(?:dealers?|dealerships?|customers|owners|drivers|buyers|fans|employees|workers|engineers|"
    r"executives|management|managers|unions?|union\s+leaders|labou?r\s+unions?|shareholders|investors|"
    r"creditors|bondholders|staff|stores?|showrooms?)\b",
    _I,
)


_SCOPE_BREAK = re.compile(r",\s|\s(?:and|but)\s", _I)


def _negation_scope(window: str) -> str:
    """The part of the words before a cue that can negate it: after the last comma or "and"/"but" ("X isn't
    efficient and only gets its cells from Y" negates the first predicate, not the supply)."""
    cuts = [m.end() for m in _SCOPE_BREAK.finditer(window)]
    return window[cuts[-1]:] if cuts else window


# "launched an electric car brand called the Denza": the name a new brand or model is given
_NAMED_PRODUCT = ScreenedPattern(re.compile(
    r"\b(?:brand|marque|model|car|vehicle|SUV|nameplate|label)\s+(?:called|named|dubbed)\s+(?:the\s+)?$", _I),
    (("called", "named", "dubbed"),))


# A name a comparison introduces ("relative to the likes of Toyota and Honda", "rivals such as Ford"): a
# yardstick, never a party to the sentence's deal. Other names of its coordinated run count too.
_COMPARED_BEFORE = re.compile(
    r"\b(?:the likes of|relative to|compared (?:with|to)|rivals?(?: such as| like| including)?|"
    r"competitors?(?: such as| like| including)?|versus|vs\.?|than|ahead of|behind|outsold|overtook|"
    r"overtaking|overtakes)\s+(?:the\s+)?(?:(?:[A-Z][\w.&'’-]*|and|&|,|\([^()]{1,20}\))\s*){0,8}$")


def _compared(sent: str, e: _Ent) -> bool:
    """Whether a comparison introduces the mention ("... relative to the likes of Toyota")."""
    return _COMPARED_BEFORE.search(sent, max(0, e.start - 90), e.start) is not None


def _is_product_modifier(sent: str, e: _Ent) -> bool:
    """ "Aito-branded cars", "Mitsubishi small cars", unresolved "Blade batteries", "Ford dealers": a product
    or a group of people, not a party."""
    after = sent[e.end:e.end + 24]
    if _PRODUCT_AFTER.match(after) or _PEOPLE_AFTER.match(after):
        return True
    if ending_at(_NAMED_PRODUCT, sent, e.start):
        return True
    return e.company_id is None and bool(re.match(rf"^\s+{_COMPONENT_WORDS}", after, _I))


def _object_side(sent: str, right: list[_Ent]) -> list[_Ent]:
    """Mentions after the cue, up to a purpose or relative clause that follows the first of them."""
    if not right:
        return []
    out = [right[0]]
    for prev, e in zip(right, right[1:], strict=False):
        if _R_STOP.search(sent[prev.end:e.start]) and not _coordinated(sent, prev, e):
            break
        out.append(e)
    return out


# "supplier" right before a name, with no one's supplier in it, describes the name's trade ("German auto
# supplier Continental said ...", "parts supplier Delphi Corp"): no relation to the article's topic, unless
# the parts come from it ("a shortage of axles from supplier American Axle") or it supplies them ("supplier
# Delphi provided the wires").
_DESCRIPTOR_ROLE = re.compile(r"suppliers?\s*", _I)
_PARTS_FROM = re.compile(r"\b(?:from|by)\s+(?:[\w-]+\s+){0,4}$", _I)
_SUPPLIES_AFTER = re.compile(r"\b(?:provid|suppl|deliver|ship|make|made|build|built)\w*", _I)


def _trade_only(sent: str, cue_start: int, name: _Ent) -> bool:
    """Whether the cue is only the name's trade (_DESCRIPTOR_ROLE)."""
    return (_DESCRIPTOR_ROLE.fullmatch(sent, cue_start, name.start) is not None
            and _PARTS_FROM.search(sent, max(0, cue_start - 40), cue_start) is None
            and _SUPPLIES_AFTER.search(sent, name.end) is None)


def _left_group(
    sent: str, left: list[_Ent], c_start: int, r_start: int, r_end: int, state: _State
) -> list[_Ent]:
    """The subject side of a cue: mentions, or what an anaphor before the cue stands for."""
    if left:
        fronted = _FRONTED.match(sent, c_start)
        if fronted and any(e.start >= fronted.end() for e in left):
            left = [e for e in left if e.start >= fronted.end()]
        groups = _groups(sent, left)
        nearest = groups[-1]
        if _RELATIVE.match(sent[nearest[-1].end:r_start]):
            return [nearest[-1]]
        openers = [m.end() for m in _OPENER.finditer(sent, c_start, r_start)]
        if openers:
            after = [g for g in groups if g[0].start >= openers[-1]]
            before = [g for g in groups if g[-1].end <= openers[-1]]
            # "Chrysler said it signed ...": the pronoun right after "said" is the speaker.
            if before and re.match(r"^\s*(?:it|they)\s+(?!and\b)\w", sent[openers[-1]:r_start], _I) and \
                    re.search(r"\bsa(?:id|ys)\s*$", sent[:openers[-1]], _I):
                return before[-1][-1:]
            if after:
                group = after[0]
                # "Nissan said it and Lancer have agreed": "it" joins the speaker to the group.
                if re.search(r"\b(?:it|they)\s+and\s+(?:<\s*)?$", sent[openers[-1]:group[0].start], _I):
                    before = [g for g in groups if g[-1].end <= openers[-1]]
                    if before:
                        return before[-1][-1:] + group
                return group
            between = sent[openers[-1]:r_start]
            if _DEMONSTRATIVE.match(between):
                return groups[-1][-1:]  # "... from Chery, since this automaker is ...": the nearest name
            if _SINGULAR_ANAPHOR.search(between) and not re.search(r"\bits\b", between, _I):
                return groups[0][:1]
        return groups[0]
    pre = sent[c_start:r_start]
    if re.match(r"^\s*(?:its|their)\s*$", sent[r_start:r_end], _I):
        pre = sent[c_start:r_end]
    if _UNNAMED_SPEAKER.search(pre):
        return []  # "French unions said they had signed ...": the pronoun is the unnamed speaker
    if _RELATIVE_BEFORE_CUE.search(pre):
        return []  # "it remains ahead of sales of vans (which are made by X)": the vans, not "it", are made
    if _PLURAL_ANAPHOR.search(pre):
        if state.last_pair is not None:
            return list(state.last_pair)
        ranked = _ranked_prev(state)
        return ranked[:2] if len(ranked) >= 2 else []
    if _SINGULAR_ANAPHOR.search(pre):
        topic = state.prev_subject or _topic(state)
        return [topic] if topic is not None else []
    return []


def _ranked_prev(state: _State) -> list[_Ent]:
    seen: dict[str, _Ent] = {}
    for e in state.prev_ents:
        seen.setdefault(e.key, e)
    return sorted(seen.values(), key=lambda e: -state.counts.get(e.key, 0))


def _topic(state: _State) -> _Ent | None:
    """The article's most mentioned organisation so far, when it is mentioned at least twice."""
    if not state.counts:
        return None
    key = max(state.counts, key=lambda k: state.counts[k])  # first reached wins ties (dict order)
    if state.counts[key] < 2:
        return None
    return state.first_seen.get(key)


def _possessive(sent: str, e: _Ent) -> bool:
    return sent[e.end:e.end + 2] in ("'s", "’s")


def _topic_key(state: _State) -> str | None:
    topic = _topic(state)
    return topic.key if topic is not None else None


def _all_pairs(group: list[_Ent]) -> list[tuple[_Ent, _Ent]]:
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]


def _record_parents(state: _State, venture: list[_Ent] | None, parents: list[_Ent], kind: str) -> None:
    if kind != "joint_venture" or not venture or len(venture) != 1:
        return
    slot = state.jv_parents.setdefault(venture[0].key, {})
    for p in parents:
        if p.key != venture[0].key:
            slot.setdefault(p.key, p)


_NO_LONGER = ScreenedPattern(re.compile(r"\bno longer\b", _I), (("no longer",),))


# the article and lower-case modifiers opening a noun phrase: "a possible ", "the proposed "
_NP_OPENING = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w-]*\s+){1,2}$")


def _status(text: str) -> str:
    if ENDED.search(text) or _NO_LONGER.search(text):
        return "ended"
    if TALKS.search(text):
        return "talks"
    return "active"


def _brand(sent: str, a: _Ent, b: _Ent) -> str | None:
    m = re.search(r"\b([A-Z][\w-]+)[- ]branded\b|\bunder the ([A-Z][\w-]+) brand\b", sent)
    if m:
        return m.group(1) or m.group(2)
    return None


def _add(section: Section, sentence: Sentence, a: _Ent, b: _Ent, kind: str, status: str,
         state: _State) -> None:
    if _same_group(a, b, state.year):
        return
    key = tuple(sorted((a.key, b.key)))
    state.last_pair = (a, b)
    if key in state.facts:
        fact = state.facts[key]
        # "in talks with B about a joint venture": the same sentence's more specific cue names the kind
        if fact.evidence.start == sentence.start and fact.evidence.section == section.name and \
                kind_rank(kind) < kind_rank(fact.kind):
            state.facts[key] = replace(fact, kind=kind)
        return
    evidence = Evidence(sentence.text, sentence.start, sentence.end, section.name)
    state.facts[key] = PartnershipFact(
        company_a=a.name,
        company_b=b.name,
        company_a_id=a.company_id,
        company_b_id=b.company_id,
        kind=kind,
        status=status,
        brand=_brand(sentence.text, a, b),
        evidence=evidence,
    )
