"""Cue words for partnership extraction: cooperation triggers with their kind, and status/trap cues.

Kept apart from the pairing logic so the vocabulary can be read and extended in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.screens import Alternatives, Needs, ScreenedPattern, ending_at, screened


@dataclass(frozen=True)
class Trigger:
    """A cooperation cue found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str
    symmetric: bool  # "A and B signed an X" pairs A with B; supply-like cues need two sides
    strong: bool  # weak cues (deal, agreement) give way to acquisition context


_I = re.IGNORECASE
_COMPONENT = (
    r"(?:cells?|batter(?:y|ies)|packs?|engines?|pumps?|kits?|components?|parts|chips?|modules?|"
    r"supplies|chemistry|systems?|platforms?|motors?|transmissions?|air conditioners|technology)"
)

# Parts that come "from" or are "made by" a supplier (a platform "from" a carmaker is usually its own).
_PARTS = _COMPONENT.replace("platforms?|", "")
# Words between the part and "from/by": how it was made or obtained ("cells made by", "packs supplied by"),
# never what someone said or did with it ("capacity advertised by", "technology acquired from").
_MADE = (r"(?:made|produced|built|supplied|sourced|provided|developed|manufactured|designed|delivered|"
         r"purchased|bought|imported|come|comes|came|coming|procured|sold|shipped)")

# The words a part name or a component name cannot be written without (screens below).
_PART_WORDS = ("cell", "batter", "pack", "engine", "pump", "kit", "component", "parts", "chip", "module",
               "supplies", "chemistry", "system", "motor", "transmission", "air conditioners", "technology")
_COMPONENT_WORDS = (*_PART_WORDS, "platform")
_BATTERY = ("batter", "cell", "engine", "chip")

# (pattern, kind, symmetric, strong, needs); order matters only for the kind chosen when cues overlap.
# `needs`: words of which the case-folded sentence must hold one for the pattern to match (none: always
# run); a sentence without them skips the pattern, the same result without its regex. A pattern of many
# unrelated wordings is a list of pieces, (regex, needs) each (screens.Alternatives).
_TRIGGER_SPECS: list[tuple[str | list[tuple[str, Needs]], str, bool, bool, tuple[str, ...]]] = [
    (r"\bjoint[- ]?ventures?\b|\bJVs?\b|\b(?:new|the) venture\b|\bventure (?:of|between|formed)\b|"
     # "a battery venture with", "a production venture": the noun, not venture capital or the verb
     # (lower case: "Alliance Ventures" is a name)
     r"\b(?-i:v)entures?\b(?!\s+(?:capital\w*|funds?|investors?|arms?|firms?|backed|debt|into|out|to)\b)",
     "joint_venture", True, True,
     ("joint", "jv", "venture")),
    (r"\bmemorand(?:ums?|a) of understanding\b|\bMoUs?\b", "mou", True, True,
     ("memorand", "mou")),
    (r"\bletters? of intent\b", "mou", True, False,
     ("intent",)),
    (r"\bjointly[- ](?:develop|design|build|produc|manufactur|research|mak|operat|run|conduct)\w*|"
     r"\bco-?develop\w*|"
     r"\bdevelop\w* jointly\b|\bjoint (?:research|development|battery|cell|program\w*)\b|"
     r"\bdevelop\w* (?:together )?with\b|"
     # what is developed may stand between ("develop electric cars for China with BYD")
     r"\bdevelop(?:s|ed|ing)? (?:[\w-]+ ){0,2}"
     r"(?:cars|vehicles|models|trucks|engines|batteries|EVs|platforms?|technolog(?:y|ies)|systems?|software)"
     r"(?: for [A-Z][\w-]*)? with\b",
     "co_development", True, True,
     ("develop", "joint")),
    (r"\balliances?\b|\ballied\b|\bally (?:with|itself)\b|\bto ally\b", "alliance", True, True,
     ("allian", "allied", "ally")),
    # a plant built or run together: "building a factory ... with Changan", "a plant it ran with GM"
    (r"\b(?:plants?|factory|factories|facility|facilities)\b[^.;]{0,60}?\b(?:ran|run|runs|running|operated|"
     r"operates|operating|built|building|builds|being built|co-owned|owned jointly)\s+(?:jointly\s+)?with\b|"
     r"\b(?:build|builds|building|built|set up|setting up|open|opening|opened|run|ran|running|operate|"
     r"operates|operating)\s+(?:an?\s+|the\s+|a\s+new\s+)?(?:[\w-]+\s+){0,4}(?:plants?|factory|factories|facility|"
     r"facilities)\s+(?:[^\s.;]+\s+){0,8}?with\b",
     "manufacturing", True, True,
     ("plant", "factor", "facilit")),
    # making cars together with a named maker: "Dongfeng, which makes cars with Honda Motor and Toyota Motor",
    # "plans to manufacture cars and vans in Russia with truckmaker ZIL"
    (r"\b(?:make|makes|made|making|build|builds|built|building|produce|produces|produced|producing|"
     r"assemble|assembles|assembled|assembling|manufactur(?:e|es|ed|ing)) (?:\w+ ){0,3}"
     r"(?:cars|vehicles|models|trucks|vans|minivans|SUVs|engines|buses) (?:[\w-]+ ){0,4}?(?:together )?with\b"
     r"(?= (?:the |its |(?-i:[A-Z][a-z]+['’]s) )?(?-i:[a-z-]+ )?(?-i:[A-Z]))",
     "manufacturing", True, True,
     ("mak", "made", "build", "built", "produc", "assembl", "manufactur")),
    (r"\blicen[cs](?:e|es|ed|ing)\b", "licensing", False, True,
     ("licen",)),
    (r"\b(?:production|manufacturing|assembly) (?:agreement|deal|pact|partner\w*|contract|accord)\b|"
     r"\bcontract manufactur\w*|"
     r"\b(?:making|make|makes|build|builds|building|assemble|assembles|produce|produces) "
     r"(?:\w+ ){0,3}(?:cars|vehicles|models|sedans?|SUVs?|vans?|minivans?|trucks?|pickups?|crossovers?)"
     r" for\b(?! (?:more|over|nearly|almost|about|some|years|decades|months|\d|a (?:decade|year|century)|"
     r"the (?:first|past|last|next))\b)|"  # "making cars for more than a decade" is how long, not for whom
     r"\bmanufactur\w* (?:\w+ ){0,3}for\b",
     "manufacturing", False, True,
     ("manufactur", "assembl", "produc", "mak", "build")),
    # supply: many unrelated wordings, so written as pieces each screened by its own words (one cue list)
    ([(r"\b(?:its|their)\b(?= (?:[A-Z][\w-]*\s?){1,3}(?:batter|cells?|engines?|chips?))",
       (("its", "their"), _BATTERY)),
      # "supply" as availability ("limited supply of the Altima", "supply constraints") is no deal
      (r"(?<!limited )(?<!short )(?<!tight )(?<!tighter )\bsuppl(?:y|ies|ied|ier|iers|ying)\b"
       r"(?! (?:chains?|base|constraints?|shortages?|disruptions?|issues|problems|operations)\b)"
       # joint procurement is an alliance of buyers ("a product-development and procurement alliance")
       r"|\bprocurement\b(?!\s+(?:alliance|partnership|cooperation|co-operation|venture|pact))"
       r"|\bprovided by\b",
       (("suppl", "procurement", "provided by"),)),
      (r"\bsourc(?:e|es|ed|ing) (?:[\w-]+ ){0,2}from\b", (("sourc",), ("from",))),
      (rf"\b{_PARTS}\s+(?:{_MADE}\s+)?(?:from|by)\b", (_PART_WORDS, ("from", "by"))),
      (rf"\b{_COMPONENT}\s+(?:(?:is|are|was|were|will\s+be)\s+)?(?:made|built|produced)\s+with\b",
       (_COMPONENT_WORDS, ("made", "built", "produced"), ("with",))),
      # "cells will also be used in": up to three words of tense and adverb before the participle
      # (a bracketed spec may stand between: "cells (435-484 Wh/L) used in")
      (rf"\b{_COMPONENT}\s+(?:\([^()]{{0,40}}\)\s+)?(?:\w+\s+){{0,3}}(?:used|found)\s+(?:in|by)\b",
       (_COMPONENT_WORDS, ("used", "found"))),
      (r"\b(?:equipped|fitted) with\b|\bpowered by\b|\bwill power\b|\bto power\b",
       (("equipped with", "fitted with", "powered by", "will power", "to power"),)),
      (r"\b(?:gets?|getting|get|uses?|using|adopt\w*|buy\w*|import\w*|abandon\w*|order\w*|purchas\w*|"
       r"integrat\w*|borrow\w*)\b"
       r"[^.;]{0,60}?\b(?P<piv>from)\b",
       (("get", "use", "using", "adopt", "buy", "import", "abandon", "order", "purchas", "integrat",
         "borrow"), ("from",))),
      # "uses LG Chem cells", "features CATL's cutting-edge Qilin battery": the maker's name, then its part
      (r"\b(?:start(?:s|ed)? using|uses?|using|adopts?|adopting|gets?|getting|order(?:s|ed)?|chose|choose|"
       r"features?|featuring|leverag(?:e|es|ed|ing)|employ(?:s|ed|ing)?|deploy(?:s|ed|ing)?)\b"
       r"(?= (?:the |its |their )?(?:[A-Z][\w-]*\s?){1,4}(?:['’]s\s+(?:[\w-]+\s+){0,3})?"
       r"(?:cells?|batter|packs?|engines?|chips?))",
       (("use", "using", "adopt", "get", "order", "chose", "choose", "featur", "leverag", "employ", "deploy"),
        _BATTERY + ("pack",))),
      (r"\b(?:made|built|produced) by\b|\bdistribut(?:or|ors|ion)\b|\bimporter\b|"
       r"\b(?:customers?|clients?)\b(?!['’])",
       (("made by", "built by", "produced by", "distribut", "importer", "customer", "client"),)),
      (r"\bprovid(?:e|es|ed|ing) (?!(?:[\w-]+ ){0,3}?alternatives? )(?:[\w-]+ ){0,3}?to\b",
       (("provid",), ("to",)))],
     "supply", False, True,
     ()),
    (r"\bowned (?:an? )?(?:estimated )?(?P<pct>\d+(?:\.\d+)?) ?(?:pct|%|per ?cent) by\b|"
     r"\b(?:holds?|owns?|has|took|takes|acquired) (?:an? )?(?:estimated )?(?P<pct2>\d+(?:\.\d+)?) ?"
     r"(?:pct|%|per ?cent) stake in\b",
     "investment", False, True,
     ("pct", "%", "per")),
    (r"\bstrategic (?:investment|investor)\b|\binvest\w* in\b[^.;]{0,40}\bpartner", "investment", True, True,
     ("invest",)),
    # "a partner at law firm Dickinson Wright" is a job, not a cooperation
    (r"\bpartner(?:s|ed|ing|ship|ships)?\b(?!\s+at\b)|\bteam(?:s|ed|ing)? up\b|"
     r"\bjoin(?:s|ed|ing)? (?:forces|hands)\b|"
     r"\bjoins? with\b|\bcooperat\w*|\bco-operat\w*|\bcollaborat\w*|\b(?:tie|link)-?ups?\b|\bties with\b|"
     r"\bties? up with\b|\bwork(?:s|ed|ing)? (?:together\b|with\b)|\bcooperation\b|"
     r"\b(?:talks|discussions|negotiations|negotiat(?:e|es|ed|ing)) (?:with|between)\b|"
     # what the talks are about may stand between: "in talks on sharing vehicle production with ZIL"
     r"\b(?:talks|discussions|negotiations) (?:on|about|over) (?:[\w-]+ ){1,4}?with\b|"
     r"\bworking relationship\b",
     "partnership", True, True,
     ("partner", "team", "join", "cooperat", "co-operat", "collaborat", "tie", "link", "work", "talks",
      "discussions", "negotiat")),
    (r"\bagreements?\b|\bagreed\b|\bdeals?\b|\bpacts?\b|\baccords?\b|\bcontracts?\b|\bsigned\b|"
     r"\barrangements?\b|\brelationships? with\b",
     "partnership", True, False,
     ("agreement", "agreed", "deal", "pact", "accord", "contract", "signed", "arrangement", "relationship")),
]
_TRIGGERS = [(Alternatives([(p, (needs,) if needs else ())] if isinstance(p, str) else p, _I), k, sym, strong)
             for p, k, sym, strong, needs in _TRIGGER_SPECS]

_KIND_ORDER = ["joint_venture", "mou", "co_development", "licensing", "manufacturing", "supply",
               "investment", "alliance", "partnership"]


def find_triggers(sentence: str) -> list[Trigger]:
    """Cooperation cues in `sentence`, left to right, overlapping cues merged (most specific kind kept)."""
    return list(_triggers(sentence))


# Every piece's needs in one list, screened at once per sentence; piece i is piece _OWNER[i][1] of cue
# _OWNER[i][0].
_ALL_NEEDS = tuple(needs for cue, *_ in _TRIGGERS for needs in cue.needs)
_OWNER = tuple((k, j) for k, (cue, *_) in enumerate(_TRIGGERS) for j in range(len(cue.needs)))


@lru_cache(maxsize=8192)
def _triggers(sentence: str) -> tuple[Trigger, ...]:
    """find_triggers, memoised: the reader and the candidate builder look at the same sentences."""
    met = screened(sentence).chosen(_ALL_NEEDS)
    if not met:
        return ()
    pieces: dict[int, list[int]] = {}
    for i in met:
        k, j = _OWNER[i]
        pieces.setdefault(k, []).append(j)
    found: list[Trigger] = []
    for k, chosen in pieces.items():  # in cue order: `met` is ascending
        cue, kind, sym, strong = _TRIGGERS[k]
        for m in cue.finditer(sentence, tuple(chosen)):
            groups = m.groupdict()
            pct = groups.get("pct") or groups.get("pct2")
            if pct is not None and float(pct) >= 50:
                continue  # a majority holding is ownership, not a partnership
            if _named_or_job(sentence, m.start(), m.end()):
                continue
            if groups.get("piv"):
                found.append(Trigger(m.start("piv"), m.end("piv"), kind, sym, strong))
            else:
                found.append(Trigger(m.start(), m.end(), kind, sym, strong))
    found.sort(key=lambda t: (t.start, _KIND_ORDER.index(t.kind)))
    merged: list[Trigger] = []
    for t in found:
        if merged and t.start < merged[-1].end:
            prev = merged[-1]
            merged[-1] = Trigger(prev.start, max(prev.end, t.end), prev.kind, prev.symmetric and t.symmetric,
                                 prev.strong or t.strong)
            continue
        merged.append(t)
    return tuple(merged)


# a person's job at a firm: "Paul Melville, a partner with Grant Thornton", "Thomas Stallkamp, a former
# Chrysler president and a partner at Ripplewood": a first and last name, an apposition, the role, at/with/in
_PERSON_A_BEFORE = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+,\s+(?:a|the)\s+(?:[^,;]{0,50}?\band\s+a\s+)?"
    r"(?:(?:senior|managing|general|founding|former)\s+)?$")
_JOB_AFTER = re.compile(r"(?<=partner)\s+(?:with|at|in)\b", re.I)
# "Centerbridge Capital Partners and Carlyle": the last word of a firm's name, not the verb of a title-case
# headline ("Ford Partners With Baidu"); "senior managing partner Scott Sweet said": a job title
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][\w&.'’-]*\s+$")
_VERB_AFTER = re.compile(r"\s+(?:with|on|to|in)\b", re.I)
_JOB_TITLE_BEFORE = re.compile(r"\bmanaging\s+$", re.I)


def _named_or_job(sentence: str, start: int, end: int) -> bool:
    """Whether the cue word at [start, end) is no deal: a person's job ("Thomas Stallkamp, a partner with
    Ripplewood", "managing partner Scott Sweet") or "Partners" ending a firm's name."""
    if _JOB_AFTER.match(sentence, end) and ending_at(_PERSON_A_BEFORE, sentence, start):
        return True
    word = sentence[start:end]
    if word == "Partners":
        return (ending_at(_NAME_WORD_BEFORE, sentence, start) is not None
                and _VERB_AFTER.match(sentence, end) is None)
    return word.lower() == "partner" and ending_at(_JOB_TITLE_BEFORE, sentence, start) is not None


def kind_rank(kind: str | None) -> int:
    """How specific a kind is (0 = most specific); unknown kinds rank last."""
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


def best_kind(triggers: list[Trigger]) -> str:
    """The most specific kind among cues of one clause."""
    kinds = {t.kind for t in triggers}
    for k in _KIND_ORDER:
        if k in kinds:
            return k
    return "partnership"


# Status and ownership cues run on every clause with a pair; screened by the words each alternative starts
# with (a clause lacking all of them cannot match), as most clauses hold none.
ENDED = ScreenedPattern(re.compile(
    r"\b(?:ended|ending|end (?:to|of)|ends|terminat\w*|sever(?:s|ed|ing|ance)?|dissolv\w*|"
    r"pull(?:ed|s|ing)? out|"
    r"withdr[ae]w\w*|abandon\w*|unwind\w*|exit\w*|former(?:ly)? partners?|broke off|break(?:s)? off|"
    r"scrap(?:ped|s)?|cancel\w*|split|back(?:ed)? away|get out of|was the (?:\w+ )?partner|"
    r"were the (?:\w+ )?partners|stopp?(?:ed|s)?)\b",
    _I,
), (("end", "terminat", "sever", "dissolv", "pull", "withdr", "abandon", "unwind", "exit", "former",
     "broke off", "break", "scrap", "cancel", "split", "back", "get out", "partner", "stop"),))
TALKS = ScreenedPattern(re.compile(
    r"\b(?:talks?|negotiat\w*|explor\w*|consider\w*|mulls?|mulling|discuss\w*|potential|possible|propos\w*|"
    r"reportedly|reporting|reports?|(?:is|are|was|were) reported to|rumou?r\w*|"
    r"plans? to|planning|could|may|might|maybe|expected to|"
    r"trying to|seeks?|seeking|aims? to|intends? to|in the running)\b",
    _I,
), (("talk", "negotiat", "explor", "consider", "mull", "discuss", "potential", "possible", "propos", "report",
     "rumo", "plan", "could", "may", "might", "expected to", "trying to", "seek", "aim", "intend",
     "in the running"),))
NEGATION = re.compile(
    r"\b(?:not|never|no|neither|nor|denie[sd]|deny|without|refused?|rejected)\b|n't\b",
    _I,
)
ACQUISITION = ScreenedPattern(re.compile(
    r"\b(?:acqui(?:re|res|red|ring|sition|sitions)|takeovers?|take over|took over|buyouts?|buy-?out|"
    r"mergers?|merg(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|bid for|bought|buy(?:s|ing)? (?:the|a|an) "
    r"(?:\w+ )?(?:company|firm|stake|business|unit|division|carmaker))\b",
    _I,
), (("acqui", "takeover", "take over", "took over", "buy", "merg", "purchas", "bid for", "bought"),))
