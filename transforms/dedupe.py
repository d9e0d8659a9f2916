"""Exact and near-duplicate detection for cleaned articles (content hash + 64-bit simhash).

The exact key hashes the article's words (case, punctuation and spacing ignored). The simhash
fingerprints word 2-gram shingles, so a syndicated copy with a different title, byline or a few
boilerplate lines lands within a small Hamming distance of the original. `DuplicateIndex` buckets
fingerprints by three bands and probes every key within k // 3 bits of each (pigeonhole: two
fingerprints within distance k differ in at most k // 3 bits of one band), so a lookup compares
against a handful of candidates however many articles are indexed, never every article; it
also keeps a MinHash sketch per article, which catches near copies of short texts that simhash
(noisy below a few hundred words) misses.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import combinations

import numpy as np

from transforms.records import Article

__all__ = [
    "NEAR_DISTANCE",
    "DuplicateIndex",
    "content_hash",
    "find_duplicate",
    "fingerprints",
    "hamming",
    "normalise_text",
    "rank",
    "resemblance",
    "simhash",
    "sketch",
    "sketch_bytes",
    "sketch_from_bytes",
]

SKETCH_SIZE = 64  # bottom-k MinHash sketch kept per article in a DuplicateIndex
SKETCH_KEYS = 4  # its smallest hashes double as lookup keys ...
SKETCH_BUCKET_CAP = 64  # ... (a key shared by this many articles is a common phrase: stop filling it)
NEAR_RESEMBLANCE = 0.6  # estimated Jaccard of shingle sets above which two texts are copies
NEAR_DISTANCE = 8  # max Hamming distance between simhashes of two copies (unrelated texts: 17+)
SHINGLE = 2  # words per shingle (2 beat 3: copies closer, unrelated texts as far apart)

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_SPLIT = re.compile(f"[{_CJK_CHARS}]|[^{_CJK_CHARS}]+")  # one token per CJK character
_MASK64 = (1 << 64) - 1


def _tokens(text: str) -> list[str]:
    """Lowercased words; Chinese/Japanese/Korean characters count one token each (no spaces there)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not _CJK.search(text):
        return _WORD.findall(text)
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


def fingerprints(text: str) -> tuple[str, int]:
    """(content_hash, simhash) of `text`, tokenising it once."""
    tokens, digests = _analyse(text)
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest(), _simhash_digests(digests)


@lru_cache(maxsize=32)
def _analyse(text: str) -> tuple[list[str], bytes]:
    """Tokens and packed shingle digests of a text (cached: a batch fingerprints, then sketches it)."""
    tokens = _tokens(text)
    return tokens, _shingle_digests(tokens)


def simhash(text: str) -> int:
    """64-bit unsigned simhash over word 2-gram shingles of `text`; 0 (no fingerprint) for no words."""
    return _simhash_digests(_shingle_digests(_tokens(text)))


def _shingle_digests(tokens: list[str]) -> bytes:
    """8-byte blake2b digests of the distinct word 2-gram shingles (stable across runs), concatenated."""
    if not tokens:
        return b""
    n = SHINGLE if len(tokens) >= SHINGLE else len(tokens)
    shingles = {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}
    blake = hashlib.blake2b
    return b"".join([blake(sh.encode("utf-8"), digest_size=8).digest() for sh in shingles])


def _simhash_digests(digests: bytes) -> int:
    """Bit k of the simhash is set when more than half the digests set bit k (bit j of byte k // 8 is
    bit 8 * (k // 8) + j): counted for all 64 bits at once over the unpacked digest bits."""
    if not digests:
        return 0
    rows = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8)
    counts = np.unpackbits(rows, axis=1, bitorder="little").sum(axis=0, dtype=np.int64)
    bits = np.packbits(counts * 2 > len(rows), bitorder="little")
    return int(bits.view("<u8")[0])


def sketch(text: str) -> tuple[int, ...]:
    """Bottom-k MinHash sketch: the SKETCH_SIZE smallest shingle hashes of `text`, ascending."""
    hashes = np.frombuffer(_analyse(text)[1], dtype=">u8")
    if len(hashes) > SKETCH_SIZE:
        hashes = np.partition(hashes, SKETCH_SIZE - 1)[:SKETCH_SIZE]
    return tuple(int(h) for h in np.sort(hashes))


def resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH_SIZE]
    common = set(a) & set(b)
    return sum(1 for h in union if h in common) / len(union)


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


Rank = tuple[bool, date, str]


def rank(article_id: str, published: date | None) -> Rank:
    """Order in which copies are judged: earliest publication first, undated last, ties by id.

    The original of a group of copies is the one ranked first, whatever order they were cleaned in,
    so a split run, a resumed run and one uninterrupted run choose the same original.
    """
    return (published is None, published or date.max, article_id)


def sketch_bytes(mine: tuple[int, ...]) -> bytes:
    """A sketch as the big-endian uint64 bytes the warehouse keeps (articles.minhash)."""
    return struct.pack(f">{len(mine)}Q", *mine)


def sketch_from_bytes(raw: bytes | None) -> tuple[int, ...]:
    """The sketch kept as bytes by `sketch_bytes` (empty for NULL)."""
    if not raw:
        return ()
    return struct.unpack(f">{len(raw) // 8}Q", raw)


SIMHASH_BANDS = 3  # simhash lookup bands (see DuplicateIndex)


@lru_cache(maxsize=8)
def _probes(bits: int, radius: int) -> tuple[int, ...]:
    """Every XOR mask of `bits` bits with at most `radius` bits set (0 first): the keys a band probes."""
    masks = [0]
    for r in range(1, radius + 1):
        masks += [sum(1 << b for b in chosen) for chosen in combinations(range(bits), r)]
    return tuple(masks)


class DuplicateIndex:
    """Original articles seen so far: exact hash, simhash bands and a bottom-k MinHash sketch each.

    Simhash alone is noisy on short texts (one changed word in 80 can flip 10 bits), so a bottom-k
    MinHash sketch is kept too; its smallest hashes are LSH keys (a lookup compares a handful of
    candidates, never every article) and an estimated shingle resemblance >= NEAR_RESEMBLANCE also
    counts as a copy. Seeded from the warehouse (hash, simhash, sketch, published) in one pass, it
    judges across runs as within one.

    The original of a group is the copy ranked first (`rank`). When an article outranks the
    originals it copies, it becomes the original and they are demoted: `take_demoted()` hands the
    (demoted id, new original id) pairs to the caller, which stores them as duplicates.
    """

    def __init__(self, distance: int = NEAR_DISTANCE, *, by_rank: bool = True) -> None:
        self.distance = distance
        self.by_rank = by_rank  # False: the first copy added stays the original (a stream cannot retract)
        # Three bands of ~21 bits: two fingerprints within `distance` bits differ in at most distance // 3
        # bits of some band, so a lookup probes, per band, every key within that many bits of its own
        # (232 keys for distance 8). A bucket then holds ~N / 2**21 fingerprints, not N / 2**7 as with
        # distance + 1 exact bands, so a lookup stays near constant as the index grows to millions.
        radius = distance // SIMHASH_BANDS
        edges = [round(i * 64 / SIMHASH_BANDS) for i in range(SIMHASH_BANDS + 1)]
        self._bands = [
            (lo, (1 << (hi - lo)) - 1, _probes(hi - lo, radius))
            for lo, hi in zip(edges, edges[1:], strict=False)
        ]
        self._by_hash: dict[str, str] = {}
        self._by_band: list[defaultdict[int, list[tuple[str, int]]]] = [
            defaultdict(list) for _ in self._bands
        ]
        self._by_key: defaultdict[int, list[str]] = defaultdict(list)
        # sketches kept as packed bytes (512 B each, not 64 int objects: ~2.3 kB less per article, a
        # quarter of a GB at 100k articles); unpacked only for the few candidates that share a key
        self._sketches: dict[str, bytes] = {}
        self._rank: dict[str, Rank] = {}
        self._hash_of: dict[str, str] = {}
        self._url: dict[str, str] = {}
        self._demoted: list[tuple[str, str]] = []
        self._seq = 0

    def _order(self, article_id: str, published: date | None) -> Rank:
        if self.by_rank:
            return rank(article_id, published)
        return (False, date.min, f"{len(self._rank) + self._seq:016d}")

    def __len__(self) -> int:
        return len(self._rank)

    def url_of(self, article_id: str) -> str:
        """URL an indexed (or just demoted) article was added with ('' when not given)."""
        return self._url.get(article_id, "")

    def lookup(self, content_hash: str, simhash: int, text: str | None = None) -> str | None:
        """Id of the first-ranked original that this text duplicates exactly or nearly, else None."""
        found = self._found(content_hash, simhash, sketch(text) if text is not None else ())
        return min(found, key=self._rank.__getitem__) if found else None

    def _found(self, content_hash: str, simhash: int, mine: tuple[int, ...]) -> set[str]:
        found: set[str] = set()
        first = self._by_hash.get(content_hash)
        if first is not None:
            found.add(first)
        if simhash != 0:
            for (lo, mask, probes), buckets in zip(self._bands, self._by_band, strict=True):
                key = (simhash >> lo) & mask
                for probe in probes:
                    for cand_id, cand_hash in buckets.get(key ^ probe, ()):
                        if cand_id in self._rank and hamming(simhash, cand_hash) <= self.distance:
                            found.add(cand_id)
        mine_set = frozenset(mine)
        checked: set[str] = set()  # a text sharing a story shares several keys: compare it once
        for key in mine[:SKETCH_KEYS]:
            for cand_id in self._by_key.get(key, ()):
                if cand_id in checked or cand_id in found or cand_id not in self._rank:
                    continue
                checked.add(cand_id)
                theirs = sketch_from_bytes(self._sketches[cand_id])
                common = len(mine_set.intersection(theirs))
                # resemblance counts common hashes among the SKETCH_SIZE smallest of the union: at most
                # `common` of them, so most candidates (sharing a story, not a text) are ruled out here
                union = min(SKETCH_SIZE, len(mine_set) + len(theirs) - common)
                if common < NEAR_RESEMBLANCE * union:
                    continue
                if resemblance(mine, theirs) >= NEAR_RESEMBLANCE:
                    found.add(cand_id)
        return found

    def add(
        self,
        article_id: str,
        content_hash: str,
        simhash: int,
        text: str | None = None,
        *,
        minhash: tuple[int, ...] | None = None,
        published: date | None = None,
        url: str = "",
    ) -> None:
        """Remember an original article (an id already indexed is left as it is)."""
        mine = minhash if minhash is not None else (sketch(text) if text is not None else ())
        self._add(article_id, content_hash, simhash, mine, self._order(article_id, published), url)

    def _add(self, article_id: str, content_hash: str, simhash: int, mine: tuple[int, ...], order: Rank,
             url: str) -> None:
        if article_id in self._rank:
            return
        self._rank[article_id] = order
        self._hash_of[article_id] = content_hash
        if url:
            self._url[article_id] = url
        held = self._by_hash.get(content_hash)
        if held is None or order < self._rank.get(held, order):
            self._by_hash[content_hash] = article_id
        if simhash != 0:
            entry = (article_id, simhash)  # one tuple shared by the three bands
            for (lo, mask, _), buckets in zip(self._bands, self._by_band, strict=True):
                buckets[(simhash >> lo) & mask].append(entry)
        if mine:
            self._sketches[article_id] = sketch_bytes(mine)
            for key in mine[:SKETCH_KEYS]:
                bucket = self._by_key[key]
                if len(bucket) < SKETCH_BUCKET_CAP:
                    bucket.append(article_id)

    def _drop(self, article_id: str) -> None:
        """Forget an original that was demoted (bucket entries are skipped lazily)."""
        del self._rank[article_id]
        self._seq += 1
        self._sketches.pop(article_id, None)
        content_hash = self._hash_of.pop(article_id)
        if self._by_hash.get(content_hash) == article_id:
            del self._by_hash[content_hash]

    def check(self, article: Article) -> str | None:
        """Id of the original if `article` duplicates one ranked before it, else index it and return None.

        Originals that `article` copies but outranks are demoted (see `take_demoted`).
        """
        mine = article.minhash or sketch(article.text)
        found = self._found(article.content_hash, article.simhash, mine)
        found.discard(article.id)
        order = self._order(article.id, article.published)
        if found:
            first = min(found, key=self._rank.__getitem__)
            if self._rank[first] < order:
                return first
            for old in sorted(found, key=self._rank.__getitem__):
                self._drop(old)
                self._demoted.append((old, article.id))
        self._add(article.id, article.content_hash, article.simhash, mine, order, article.url)
        return None

    def take_demoted(self) -> list[tuple[str, str]]:
        """(demoted id, new original id) pairs since the last call, oldest first; clears them."""
        out, self._demoted = self._demoted, []
        return out
