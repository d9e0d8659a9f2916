"""Exact and near-duplicate detection for cleaned articles (content hash + 64-bit simhash).

The exact key hashes the article's words (case, punctuation and spacing ignored). The simhash
fingerprints word 2-gram shingles, so a syndicated copy with a different title, byline or a few
boilerplate lines lands within a small Hamming distance of the original. `DuplicateIndex` buckets
fingerprints by bands (pigeonhole: two fingerprints within distance k agree exactly on at least
one of k+1 bands), so a lookup compares against a handful of candidates, not every article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from transforms.records import Article

__all__ = [
    "NEAR_DISTANCE",
    "DuplicateIndex",
    "content_hash",
    "find_duplicate",
    "fingerprints",
    "hamming",
    "normalise_text",
    "simhash",
]

NEAR_DISTANCE = 8  # max Hamming distance between simhashes of two copies (unrelated texts: 17+)
SHINGLE = 2  # words per shingle (2 beat 3: copies closer, unrelated texts as far apart)

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_SPLIT = re.compile(f"[{_CJK_CHARS}]|[^{_CJK_CHARS}]+")  # one token per CJK character
_MASK64 = (1 << 64) - 1
_FIELD = 24  # bits per counter in the bit-sliced accumulator below (room for 16M shingle weight)


def _tokens(text: str) -> list[str]:
    """Lowercased words; Chinese/Japanese/Korean characters count one token each (no spaces there)."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for word in _WORD.findall(text):
        if _CJK.search(word):
            out.extend(_CJK_SPLIT.findall(word))
        else:
            out.append(word)
    return out


def normalise_text(text: str) -> str:
    """The words of `text`, lowercased and single-spaced: what the exact-duplicate key hashes."""
    return " ".join(_tokens(text))


def content_hash(text: str) -> str:
    """Exact-duplicate key: sha256 (hex) of the normalised words of `text`."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# Bit-sliced accumulation: table[k][b] spreads the 8 bits of byte b (at byte position k of a
# 64-bit hash) into 8 counters of _FIELD bits each inside one big int, so adding the spread
# integers of all shingles counts, per bit position, how many shingles set it - one addition per
# shingle instead of 64.
_SPREAD = [
    [sum(((b >> j) & 1) << (_FIELD * (8 * k + j)) for j in range(8)) for b in range(256)]
    for k in range(8)
]
_FIELD_MASK = (1 << _FIELD) - 1


def fingerprints(text: str) -> tuple[str, int]:
    """(content_hash, simhash) of `text`, tokenising it once."""
    tokens = _tokens(text)
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest(), _simhash_tokens(tokens)


def simhash(text: str) -> int:
    """64-bit unsigned simhash over word 2-gram shingles of `text`; 0 (no fingerprint) for no words."""
    tokens = _tokens(text)
    return _simhash_tokens(tokens)


def _simhash_tokens(tokens: list[str]) -> int:
    if not tokens:
        return 0
    n = SHINGLE if len(tokens) >= SHINGLE else len(tokens)
    shingles = {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}
    t0, t1, t2, t3, t4, t5, t6, t7 = _SPREAD
    acc = 0
    blake = hashlib.blake2b
    for sh in shingles:
        d = blake(sh.encode("utf-8"), digest_size=8).digest()
        acc += t0[d[0]] + t1[d[1]] + t2[d[2]] + t3[d[3]] + t4[d[4]] + t5[d[5]] + t6[d[6]] + t7[d[7]]
    half = len(shingles) / 2
    out = 0
    for bit in range(64):
        if ((acc >> (_FIELD * bit)) & _FIELD_MASK) > half:
            out |= 1 << bit
    return out


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints."""
    return ((a ^ b) & _MASK64).bit_count()


def _near(a_hash: int, b_hash: int) -> bool:
    return a_hash != 0 and b_hash != 0 and hamming(a_hash, b_hash) <= NEAR_DISTANCE


def find_duplicate(article: Article, seen: Iterable[tuple[str, str, int]]) -> str | None:
    """Id of the first earlier article that `article` copies exactly or nearly, else None.

    `seen` holds (id, content_hash, simhash) of earlier articles, oldest first. An exact match wins
    over a near one wherever it appears.
    """
    near: str | None = None
    for seen_id, seen_hash, seen_simhash in seen:
        if seen_id == article.id:
            continue
        if seen_hash == article.content_hash:
            return seen_id
        if near is None and _near(article.simhash, seen_simhash):
            near = seen_id
    return near


class DuplicateIndex:
    """Articles seen so far in a batch, looked up by exact hash and by simhash bands."""

    def __init__(self, distance: int = NEAR_DISTANCE) -> None:
        self.distance = distance
        bands = distance + 1
        # band boundaries over the 64 bits, as even as possible
        edges = [round(i * 64 / bands) for i in range(bands + 1)]
        self._bands = [(lo, (1 << (hi - lo)) - 1) for lo, hi in zip(edges, edges[1:], strict=False)]
        self._by_hash: dict[str, str] = {}
        self._by_band: list[defaultdict[int, list[tuple[str, int]]]] = [
            defaultdict(list) for _ in self._bands
        ]
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def lookup(self, content_hash: str, simhash: int) -> str | None:
        """Id of the first article added that this text duplicates exactly or nearly, else None."""
        first = self._by_hash.get(content_hash)
        if first is not None:
            return first
        if simhash == 0:
            return None
        best: tuple[int, str] | None = None
        for (lo, mask), buckets in zip(self._bands, self._by_band, strict=True):
            for cand_id, cand_hash in buckets.get((simhash >> lo) & mask, ()):
                if hamming(simhash, cand_hash) <= self.distance:
                    rank = self._order[cand_id]
                    if best is None or rank < best[0]:
                        best = (rank, cand_id)
        return best[1] if best else None

    def add(self, article_id: str, content_hash: str, simhash: int) -> None:
        """Remember an article (the first one added under a hash stays the original)."""
        if article_id in self._order:
            return
        self._order[article_id] = len(self._order)
        self._by_hash.setdefault(content_hash, article_id)
        if simhash == 0:
            return
        for (lo, mask), buckets in zip(self._bands, self._by_band, strict=True):
            buckets[(simhash >> lo) & mask].append((article_id, simhash))

    def check(self, article: Article) -> str | None:
        """Id of the original if `article` duplicates one already added, else add it and return None."""
        first = self.lookup(article.content_hash, article.simhash)
        if first is None or first == article.id:
            self.add(article.id, article.content_hash, article.simhash)
            return None
        return first
