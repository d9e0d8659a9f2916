"""The page's byline from its markup: trafilatura 2.3.1's `extract_author`, without copying the page.

trafilatura copies the whole tree, prunes comment, sidebar, date and figure blocks from the copy, then
runs three XPath searches with regular-expression tests over every element of it: about 6 ms on a
real 160 kB article page, a quarter of the cleaning cost of pages that carry no author in their meta
tags. Here one pass over the page's elements tests the same conditions in Python (most elements fail a
single keyword search over their attribute values); an element that trafilatura's pruning would remove
(it or an ancestor matches a discard rule, checked only for the elements selected) is left out; only
the element chosen is copied and pruned, to read its text exactly as trafilatura would.
The conditions are trafilatura's AUTHOR_XPATHS and AUTHOR_DISCARD_XPATHS (xpaths.py), written out;
tests/transforms/test_bylines.py checks the result equals `extract_author` page by page.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

__all__ = ["dom_author"]

MAX_LENGTH = 120  # extract_author's len_limit: a longer text is a paragraph, not a byline

# the three searches, most specific first (trafilatura's AUTHOR_XPATHS)
_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_CLASS_1 = re.compile(r"author-?name|AuthorName|authorName")
_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_CLASS_2_EXACT = frozenset({"byline", "username", "byl", "BBL"})
_ID_2 = re.compile(r"author|zuozhe|bianji|xiaobian")
_CLASS_2 = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_ID_3 = re.compile(r"[Aa]uthor")
_CLASS_3 = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")

# what the copy is pruned of first (trafilatura's AUTHOR_DISCARD_XPATHS)
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    r"|print|category|meta-date|meta-reviewer"
)
_ALWAYS_DISCARDED = frozenset({"time", "figure"})


# every condition of the three searches needs one of these in an attribute (or an <author> / <rel> element)
_SEARCHED_WORDS = ("uthor", "byl", "Byl", "BBL", "username", "zuozhe", "bianji", "xiaobian", "channel-name",
                   "submitted-by", "posted-by", "journalist-name", "screenname", "writer")
_SEARCHED = re.compile("|".join(map(re.escape, _SEARCHED_WORDS)))  # one C call per element, not fourteen


def dom_author(tree: HtmlElement) -> str | None:
    """The byline trafilatura's extract_author finds in `tree` (None when none), normalised as it does."""
    rel_children = tree.find(".//rel") is not None  # the first search's `rel='me'` (practically never)
    found: list[list[HtmlElement]] = [[], [], []]
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "author" or rel_children or _SEARCHED.search(" ".join(el.attrib.values())):
            for k in _searches(el):
                found[k].append(el)
    seen: dict[HtmlElement, bool] = {}
    for candidates in found:
        for el in candidates:
            if _pruned_away(el, tree, seen):
                continue
            content = trim(" ".join(_pruned(el).itertext()))
            if content and 2 < len(content) < MAX_LENGTH:
                return normalize_authors(None, content)
    return None


def _pruned_away(el: HtmlElement, root: HtmlElement, seen: dict[HtmlElement, bool]) -> bool:
    """Whether trafilatura's pruned copy lacks `el`: it or an ancestor below `root` matches a discard rule
    (the root itself is never pruned). Asked only of the few elements a search selects."""
    node: HtmlElement | None = el
    while node is not None and node is not root:
        gone = seen.get(node)
        if gone is None:
            gone = seen[node] = _discarded(node)
        if gone:
            return True
        node = node.getparent()
    return False


def _discarded(el: HtmlElement) -> bool:
    tag = el.tag
    if tag in _ALWAYS_DISCARDED:
        return True
    if tag not in _DISCARD_TAGS:
        return False
    get = el.get
    ident, cls = get("id"), get("class")
    if ident is not None and (ident == "comments" or _DISCARD_ID.search(ident)):
        return True
    if cls is not None and (cls in ("comments", "title", "date") or _DISCARD_CLASS.search(cls)):
        return True
    return "Figure" in (get("data-component") or "")


def _searches(el: HtmlElement) -> tuple[int, ...]:
    """Which of the three searches (0, 1, 2) select `el`."""
    tag, get = el.tag, el.get
    ident, cls, itemprop = get("id"), get("class"), get("itemprop")
    first = tag == "author" or (tag in _TAGS_1 and bool(
        get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or (cls is not None and _CLASS_1.search(cls))
        or any(c.tag == "rel" and c.text_content() == "me" for c in el)
    ))
    second = tag in _TAGS_2 and bool(
        cls in _CLASS_2_EXACT
        or (itemprop is not None and "author" in itemprop)
        or (ident is not None and _ID_2.search(ident))
        or (cls is not None and _CLASS_2.search(cls))
    )
    third = bool(
        "Byline" in (get("data-component") or "")
        or (itemprop is not None and "author" in itemprop)
        or (ident is not None and _ID_3.search(ident))
        or (cls is not None and _CLASS_3.search(cls))
    )
    return tuple(k for k, hit in enumerate((first, second, third)) if hit)


def _pruned(el: HtmlElement) -> HtmlElement:
    """`el` as it reads in trafilatura's pruned copy: a pruned copy of it when a descendant is discarded."""
    if not any(_discarded(d) for d in el.iterdescendants() if isinstance(d.tag, str)):
        return el
    return prune_unwanted_nodes(deepcopy(el), AUTHOR_DISCARD_XPATHS)
