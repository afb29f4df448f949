"""Near-duplicate and same-incident detection: MinHash signatures of folded word shingles (datasketch),
an LSH index to find candidate pairs, then the same commune and a time window. Signatures are stored as
plain integer lists, so comparing two stored cases needs no library at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from danvan.analytics import text as pipeline
from danvan.analytics.conf import conf

SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it


def signature(text: str, *, num_perm: int | None = None, size: int | None = None) -> list[int]:
    from datasketch import MinHash  # lazy: heavy (numpy)

    minhash = MinHash(num_perm=num_perm or conf("NUM_PERM"), seed=1, scheme=SCHEME)
    for shingle in pipeline.shingles(text, size or conf("SHINGLE_SIZE")):
        minhash.update(shingle.encode("utf-8"))
    return [int(value) for value in minhash.hashvalues]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


@dataclass(frozen=True)
class Item:
    key: int
    signature: list[int]
    place: str  # commune path
    at: datetime


def candidate_pairs(items: list[Item], *, threshold: float | None = None) -> set[tuple[int, int]]:
    """Pairs (a < b) whose signatures LSH puts together and whose estimate reaches the threshold."""
    from datasketch import MinHash, MinHashLSH

    threshold = threshold if threshold is not None else conf("DUPLICATE_THRESHOLD")
    if not items:
        return set()
    num_perm = len(items[0].signature)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {}
    for item in items:
        hashes[item.key] = MinHash(num_perm=num_perm, seed=1, hashvalues=item.signature, scheme=SCHEME)
        lsh.insert(item.key, hashes[item.key])
    by_key = {item.key: item for item in items}
    pairs = set()
    for item in items:
        for other in lsh.query(hashes[item.key]):
            # Each pair is met from both ends; estimate it once, from the smaller key.
            if other > item.key and similarity(item.signature, by_key[other].signature) >= threshold:
                pairs.add((item.key, other))
    return pairs


def matches(
    item: Item, items: list[Item], *, threshold: float | None = None, window_days: int | None = None
) -> list[int]:
    """Keys of the items that belong with ``item`` (same commune, within the window, similar enough): what a
    new case needs, without regrouping the whole window (the sweep does that)."""
    threshold = threshold if threshold is not None else conf("DUPLICATE_THRESHOLD")
    window = window_days if window_days is not None else conf("DUPLICATE_WINDOW_DAYS")
    return [
        other.key
        for other in items
        if other.key != item.key
        and other.place == item.place
        and abs((other.at - item.at).days) <= window
        and similarity(item.signature, other.signature) >= threshold
    ]


def groups(items: list[Item], *, threshold: float | None = None, window_days: int | None = None) -> dict[int, int]:
    """Same-incident groups: connected pairs in the same commune, received within the window of each other.
    Returns key → group key (the smallest key of its group); singletons map to themselves."""
    window = window_days if window_days is not None else conf("DUPLICATE_WINDOW_DAYS")
    by_key = {item.key: item for item in items}
    parent = {item.key: item.key for item in items}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in candidate_pairs(items, threshold=threshold):
        first, second = by_key[a], by_key[b]
        if first.place != second.place or abs((first.at - second.at).days) > window:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {key: root(key) for key in parent}


def group_sizes(assignment: dict[int, int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for group in assignment.values():
        sizes[group] = sizes.get(group, 0) + 1
    return sizes


def members(assignment: dict[int, int], keys: Iterable[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for key in keys:
        result.setdefault(assignment[key], []).append(key)
    return result
