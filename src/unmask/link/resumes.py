"""Links by near-duplicate résumés: one operator's template, copied under several names.

Similarity is the Jaccard index of the word 3-shingles of two résumés. Finding
the similar pairs without comparing all pairs is MinHash LSH:
- the engine splits each distinct (worker, résumé) into words and hashes each word
  (one set-based query, in parallel); numpy chains three word hashes into a shingle hash;
- each résumé gets a one-permutation MinHash signature (Li, Owen & Zhang 2012):
  every shingle hashed once, the minimum kept in each of ``resume_buckets`` slots;
- signatures are cut into bands of ``resume_rows_per_band`` slots; résumés that
  agree on a whole band are candidates. A band value held by more than
  ``bucket_cap`` résumés is boilerplate that everybody's template shares: skipped;
- candidates whose signatures agree on too few slots are dropped, and the rest
  are compared exactly, on their shingle sets.

The signature, banding and estimate steps are vectorised numpy over all
résumés (datasketch, which the tests use as an oracle, spends ~0.4 ms per
résumé in Python: 7 minutes for a million).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from unmask.engine import Engine
from unmask.link.settings import LinkSettings
from unmask.link.values import refs
from unmask.model import Link

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
EMPTY = np.iinfo(np.uint64).max  # a slot no shingle fell into
_CHUNK = 1 << 20  # candidate pairs estimated at a time (bounds memory)
_BLOCK = 100_000  # documents shingled and signed at a time (bounds memory)
_ESTIMATE_SLACK = 0.25  # the signature estimate may undershoot the exact similarity by this much

# Words: the lower-cased text split at spaces and common punctuation. (Chained replaces are
# three times faster than a Unicode regular expression over a million résumés; letters of any
# script stay whole.)
PUNCTUATION = (",", ".", ";", ":", "(", ")", "/", "!", "?", '"', "\n", "\t", "•", "–", "—", "“", "”")


def words_sql() -> str:
    """One row per distinct (worker, résumé): the hash of each of its words, in order."""
    text = "lower(resume_text)"
    for mark in PUNCTUATION:
        text = f"replace({text}, '{mark}', ' ')"
    return f"""
    WITH texts AS (
        SELECT worker_id, resume_text, min(row_id) AS row_id, arg_min(origin, row_id) AS origin
        FROM profiles WHERE resume_text IS NOT NULL GROUP BY worker_id, resume_text
    )
    SELECT worker_id, row_id, origin, left(resume_text, 60) AS opening,
           list_transform(string_split({text}, ' '), lambda w: hash(w)) AS words
    FROM texts ORDER BY worker_id, row_id
    """


def _mix(x: U64) -> U64:
    """A 64-bit finaliser (MurmurHash3 fmix64): spreads hash bits before slicing them."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def shingles(words: U64, offsets: I64, blank: np.uint64, min_words: int) -> tuple[U64, I64, I64]:
    """Word 3-shingle hashes of each document from its word hashes (``blank``, the hash of an empty
    word, is dropped): (shingles, their offsets per kept document, indices of the kept documents).
    Works through the documents in blocks, so temporaries stay small whatever the corpus."""
    parts: list[U64] = []
    counts: list[I64] = []
    kept: list[I64] = []
    for first in range(0, len(offsets) - 1, _BLOCK):
        last = min(first + _BLOCK, len(offsets) - 1)
        block = words[offsets[first] : offsets[last]]
        doc = np.repeat(np.arange(first, last, dtype=np.int64), np.diff(offsets[first : last + 1]))
        real = block != blank
        block, doc = block[real], doc[real]
        enough = np.bincount(doc - first, minlength=last - first) >= max(3, min_words)
        keep = enough[doc - first]
        block, doc = block[keep], doc[keep]
        inside = doc[:-2] == doc[2:]  # the three words belong to one document
        parts.append(_mix(_mix(_mix(block[:-2]) ^ block[1:-1]) ^ block[2:])[inside])
        counts.append(np.bincount(doc[:-2][inside] - first, minlength=last - first)[enough])
        kept.append(np.flatnonzero(enough) + first)
    per_doc = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    values = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return values, np.r_[0, np.cumsum(per_doc)].astype(np.int64), np.concatenate(kept) if kept else per_doc


def signatures(values: U64, offsets: I64, slots: int) -> U64:
    """One-permutation MinHash: (documents, slots), the least hash per slot, EMPTY where none."""
    docs = len(offsets) - 1
    out = np.full((docs, slots), EMPTY, dtype=np.uint64)
    for first in range(0, docs, _BLOCK):
        last = min(first + _BLOCK, docs)
        mixed = _mix(values[offsets[first] : offsets[last]])
        doc = np.repeat(np.arange(last - first, dtype=np.int64), np.diff(offsets[first : last + 1]))
        block = out[first:last].reshape(-1)  # a view: filled in place
        np.minimum.at(
            block, doc * slots + (mixed % np.uint64(slots)).astype(np.int64), mixed // np.uint64(slots)
        )
    return out


def candidates(sig: U64, rows_per_band: int, bucket_cap: int) -> I64:
    """Pairs (a < b) of documents agreeing on every slot of at least one band; (n, 2)."""
    found: list[I64] = []
    for start in range(0, sig.shape[1] - rows_per_band + 1, rows_per_band):
        band = sig[:, start : start + rows_per_band]
        valid = np.flatnonzero((band != EMPTY).all(axis=1))
        key = np.zeros(valid.size, dtype=np.uint64)
        for column in band[valid].T:
            key = _mix(key ^ column)
        by_key = np.argsort(key, kind="stable")
        order, key = valid[by_key], key[by_key]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        sizes = np.diff(np.r_[starts, key.size])
        for size in range(2, bucket_cap + 1):  # buckets of one size at a time, all at once
            first = starts[sizes == size]
            if first.size:
                i, j = np.triu_indices(size, k=1)
                found.append(
                    np.stack([order[first[:, None] + i], order[first[:, None] + j]], axis=-1).reshape(-1, 2)
                )
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0)


def estimated_similarity(sig: U64, pairs: I64) -> npt.NDArray[np.float64]:
    """Share of slots, filled in both, on which two signatures agree; in chunks of pairs."""
    out = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), _CHUNK):
        a, b = sig[pairs[lo : lo + _CHUNK, 0]], sig[pairs[lo : lo + _CHUNK, 1]]
        filled = (a != EMPTY) & (b != EMPTY)
        out[lo : lo + _CHUNK] = ((a == b) & filled).sum(axis=1) / np.maximum(filled.sum(axis=1), 1)
    return out


def resume_links(engine: Engine, s: LinkSettings) -> list[Link]:
    table = engine.arrow(words_sql())
    if table.num_rows < 2:
        return []
    column = table.column("words").combine_chunks()
    assert isinstance(column, pa.ListArray)
    values, offsets, kept = shingles(
        np.asarray(column.values.to_numpy(zero_copy_only=False), dtype=np.uint64),
        np.asarray(column.offsets, dtype=np.int64),
        np.uint64(engine.scalar("SELECT hash('')")),
        s.resume_min_words,
    )
    del column
    table = table.drop_columns(["words"])  # the word hashes are the biggest thing held
    sig = signatures(values, offsets, s.resume_buckets)
    pairs = candidates(sig, s.resume_rows_per_band, s.bucket_cap)
    workers = table.column("worker_id").to_numpy(zero_copy_only=False)[kept]
    pairs = pairs[workers[pairs[:, 0]] != workers[pairs[:, 1]]]
    pairs = pairs[estimated_similarity(sig, pairs) >= s.resume_min_similarity - _ESTIMATE_SLACK]
    best: dict[tuple[str, str], tuple[float, int, int]] = {}
    for a, b in pairs.tolist():
        x, y = (
            set(values[offsets[a] : offsets[a + 1]].tolist()),
            set(values[offsets[b] : offsets[b + 1]].tolist()),
        )
        similarity = len(x & y) / len(x | y)
        key = (min(workers[a], workers[b]), max(workers[a], workers[b]))
        if similarity >= s.resume_min_similarity and similarity > best.get(key, (0.0, 0, 0))[0]:
            best[key] = (similarity, a, b)
    rows = table.select(["row_id", "origin", "opening"])
    out: list[Link] = []
    for (wa, wb), (similarity, a, b) in sorted(best.items()):
        ra, rb = (rows.slice(int(kept[i]), 1).to_pylist()[0] for i in (a, b))
        # Named by the opening of the résumé that sorts first, so a copied template reads as one value.
        opening = min(ra["opening"], rb["opening"]).strip()
        evidence = [{"table": "profiles", "row_id": r["row_id"], "origin": r["origin"]} for r in (ra, rb)]
        value = f"“{opening}…” ({similarity:.0%} of word sequences in common)"
        out.append(Link(wa, wb, "resume", value, s.resume * similarity, refs(evidence)))
    return out
