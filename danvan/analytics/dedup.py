"""Near-duplicate and same-incident detection: MinHash signatures of folded word shingles (datasketch),
an LSH index to find candidate pairs, then the same commune and a time window. Signatures are stored as
plain integer lists, so comparing two stored cases needs no library at all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from danvan.analytics import text as pipeline
from danvan.analytics.conf import conf

SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it


def signature(text: str, *, num_perm: int | None = None, size: int | None = None) -> list[int]:
    from datasketch import MinHash  # lazy: heavy (numpy)

    minhash = MinHash(num_perm=num_perm or conf("NUM_PERM"), seed=1, scheme=SCHEME)
    for shingle in pipeline.shingles(text, size or conf("SHINGLE_SIZE")):
        minhash.update(shingle.encode("utf-8"))
    return [int(value) for value in minhash.hashvalues]


def signatures(texts: Iterable[str], *, num_perm: int | None = None, size: int | None = None) -> list[list[int]]:
    """``signature`` of many texts at once: datasketch's ``MinHash.bulk`` draws the permutations once and
    hashes each text's shingles in one numpy step, which gives the same values several times faster."""
    from datasketch import MinHash  # lazy: heavy (numpy)

    size = size or conf("SHINGLE_SIZE")
    shingled = [[shingle.encode("utf-8") for shingle in pipeline.shingles(text, size)] for text in texts]
    sketches = MinHash.bulk(shingled, num_perm=num_perm or conf("NUM_PERM"), seed=1, scheme=SCHEME)
    return [sketch.hashvalues.tolist() for sketch in sketches]


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


@cache
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows datasketch chooses for the threshold (a numerical optimisation worth doing once)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


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


def neighbours(
    items: list[Item], keys: Iterable[int], *, threshold: float | None = None, window_days: int | None = None
) -> dict[int, list[int]]:
    """For each of ``keys``, what ``matches`` would find for that item among all ``items``: the same
    commune, received within the window, similar enough. One numpy comparison per item against the
    signatures of its commune and window, instead of one Python loop per pair."""
    import numpy as np  # lazy: heavy

    threshold = threshold if threshold is not None else conf("DUPLICATE_THRESHOLD")
    window = timedelta(days=window_days if window_days is not None else conf("DUPLICATE_WINDOW_DAYS"))
    wanted = set(keys)
    found: dict[int, list[int]] = {key: [] for key in wanted}
    # Signatures of different lengths never match (``similarity`` is 0); empty ones are never stored.
    places: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        if item.signature:
            places.setdefault((item.place, len(item.signature)), []).append(item)
    for (_place, length), members in places.items():
        if wanted.isdisjoint(member.key for member in members):
            continue
        members.sort(key=lambda member: member.at)
        times = [member.at for member in members]
        matrix = np.array([member.signature for member in members], dtype=np.int64)
        for index, item in enumerate(members):
            if item.key not in wanted:
                continue
            start, end = bisect_left(times, item.at - window), bisect_right(times, item.at + window)
            similar = (matrix[start:end] == matrix[index]).sum(axis=1) / length >= threshold
            found[item.key] = [
                members[start + offset].key
                for offset in np.flatnonzero(similar).tolist()
                if members[start + offset].key != item.key
            ]
    return found


def groups(items: list[Item], *, threshold: float | None = None, window_days: int | None = None) -> dict[int, int]:
    """Same-incident groups: connected pairs in the same commune, received within the window of each other
    (whole days apart), that MinHash LSH puts together and whose estimate reaches the threshold.
    Returns key → group key (the smallest key of its group); singletons map to themselves.

    An LSH index returns a pair when one band of their signatures is equal (datasketch's bands and rows for
    the threshold), whatever else the index holds; so instead of one index over everything, each commune
    is compared with numpy, band test and estimate from one comparison. Letters written from one template
    make almost every pair of a busy commune a candidate, which a Python loop per pair cannot afford."""
    import numpy as np  # lazy: heavy
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    threshold = threshold if threshold is not None else conf("DUPLICATE_THRESHOLD")
    window = window_days if window_days is not None else conf("DUPLICATE_WINDOW_DAYS")
    assignment = {item.key: item.key for item in items}
    places: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        places.setdefault((item.place, len(item.signature)), []).append(item)
    for (_place, length), members in places.items():
        if len(members) < 2 or not length:
            continue
        members.sort(key=lambda member: member.at)
        first, second = _linked(members, length, threshold, window)
        graph = coo_matrix((np.ones(len(first)), (first, second)), shape=(len(members), len(members)))
        _count, labels = connected_components(graph, directed=False)
        smallest: dict[int, int] = {}
        for label, member in zip(labels.tolist(), members, strict=True):
            smallest[label] = min(smallest.get(label, member.key), member.key)
        for label, member in zip(labels.tolist(), members, strict=True):
            assignment[member.key] = smallest[label]
    return assignment


def _linked(members: list[Item], length: int, threshold: float, window: int):
    """Index pairs (i < j) of ``members`` (one commune, sorted by time) that LSH puts together, whose
    estimate reaches the threshold and that were received less than ``window`` + 1 days apart."""
    import numpy as np

    bands, rows = _lsh_params(threshold, length)
    matrix = np.array([member.signature for member in members], dtype=np.int64)
    times = [member.at for member in members]
    span = timedelta(days=window + 1)
    first, second = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for index in range(len(members) - 1):
        end = bisect_left(times, times[index] + span)
        if end <= index + 1:
            continue
        equal = matrix[index + 1 : end] == matrix[index]
        banded = equal[:, : bands * rows].reshape(-1, bands, rows).all(axis=2).any(axis=1)
        similar = equal.sum(axis=1) / length >= threshold
        others = np.flatnonzero(banded & similar) + index + 1
        first.append(np.full(len(others), index, dtype=np.int64))
        second.append(others)
    return np.concatenate(first), np.concatenate(second)


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
