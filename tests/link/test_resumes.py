"""Near-duplicate résumés by MinHash LSH: copies with edits link, shared boilerplate does not."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from tests.link.graphs import kinds, linked
from unmask.enrich import Intelligence
from unmask.link import LinkSettings, resumes
from unmask.link.resumes import PUNCTUATION
from unmask.store import Workspace

LEAD = (
    "Senior Backend Engineer with 9 years of experience in Go, Kafka, PostgreSQL and Kubernetes. "
    "Built the payments ledger that settles 40k transfers a day. Cut p99 latency by 63% by reworking "
    "the caching layer. Comfortable working across time zones with async teams."
)
SKILLS = [
    "Go",
    "Rust",
    "Python",
    "Kafka",
    "React",
    "Django",
    "AWS",
    "Terraform",
    "Vue",
    "Spark",
    "dbt",
    "Redis",
]
DEEDS = [
    "Built the billing pipeline that processes {n}k invoices a month.",
    "Led the migration of a monolith to {n} services.",
    "Rewrote the search service, improving relevance by {n}%.",
    "Introduced end-to-end testing that cut regressions by {n}%.",
    "Designed the data platform used by {n} teams.",
]
CLOSING = "Comfortable working across time zones with async teams."


def resume(rng: random.Random) -> str:
    """An unrelated résumé from the same template: it shares the boilerplate, nothing else."""
    skills = ", ".join(rng.sample(SKILLS, 4))
    deeds = " ".join(d.format(n=rng.randint(2, 90)) for d in rng.sample(DEEDS, 2))
    return f"Backend Engineer with {rng.randint(2, 15)} years of experience in {skills}. {deeds} {CLOSING}"


def cv(wid: str, text: str) -> dict[str, str]:
    return {"worker_id": wid, "source": "resume", "resume_text": text}


def test_copies_with_small_edits_link(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    edited = LEAD.replace("9 years", "8 years").replace("63%", "58%")
    rng = random.Random(3)
    rows = [cv("lead", LEAD), cv("copy", edited), cv("same", LEAD)] + [
        cv(f"o{i}", resume(rng)) for i in range(60)
    ]
    graph = linked(tmp_path, ws, intel, {"profiles": rows})
    assert kinds(graph, "copy", "lead") == {"resume"}
    assert kinds(graph, "lead", "same") == {"resume"}
    assert {(k.a, k.b) for k in graph.links} == {("copy", "lead"), ("lead", "same"), ("copy", "same")}
    link = next(k for k in graph.links if (k.a, k.b) == ("lead", "same"))
    assert link.value == f"“{LEAD[:60].strip()}…” (100% of word sequences in common)"
    assert link.strength == pytest.approx(0.75)


def test_a_worker_repeating_their_own_resume_is_no_link(
    tmp_path: Path, ws: Workspace, intel: Intelligence
) -> None:
    graph = linked(
        tmp_path, ws, intel, {"profiles": [cv("a", LEAD), {**cv("a", LEAD), "source": "marketplace"}]}
    )
    assert graph.links == []


def shingles(text: str) -> set[str]:
    """Word 3-shingles, split the way the link layer splits them."""
    for mark in PUNCTUATION:
        text = text.replace(mark, " ")
    words = [w for w in text.lower().split(" ") if w]
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_lsh_finds_near_copies_as_well_as_datasketch(
    tmp_path: Path, ws: Workspace, intel: Intelligence, report_figure: Callable[[str], None]
) -> None:
    """Every pair is compared exactly (the truth), then datasketch (128 permutations, LSH at the
    same threshold) and ours are scored on it: both are S-curves, sure well above the threshold."""
    rng = random.Random(11)
    texts = {f"r{i:03d}": resume(rng) for i in range(300)}
    for i in range(40):  # planted copies with 1-4 words changed
        words = texts[f"r{i:03d}"].split()
        for _ in range(rng.randint(1, 4)):
            words[rng.randrange(len(words))] = rng.choice(SKILLS)
        texts[f"s{i:03d}"] = " ".join(words)
    threshold = LinkSettings().resume_min_similarity
    ids = sorted(texts)
    truth = {(a, b): jaccard(texts[a], texts[b]) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    similar = {pair for pair, j in truth.items() if j >= threshold}
    close = {pair for pair, j in truth.items() if j >= 0.8}
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = {}
    for wid, text in texts.items():
        sketches[wid] = MinHash(num_perm=128)
        sketches[wid].update_batch([s.encode() for s in shingles(text)])
        lsh.insert(wid, sketches[wid])
    oracle = {(min(w, o), max(w, o)) for w in ids for o in lsh.query(sketches[w]) if o != w} & similar
    graph = linked(tmp_path, ws, intel, {"profiles": [cv(w, t) for w, t in texts.items()]})
    found = {(k.a, k.b): k for k in graph.links}
    assert len(similar) >= 30 and close
    assert set(found) <= similar  # verified exactly: no false link
    assert close <= set(found) and close <= oracle
    ours, theirs = len(similar & set(found)) / len(similar), len(oracle) / len(similar)
    report_figure(
        f"résumé LSH, {len(similar)} pairs at similarity >= {threshold}: recall {ours:.2f} (datasketch "
        f"{theirs:.2f}); {len(close)} pairs >= 0.8: all found; false links 0"
    )
    assert ours >= 0.75 and ours >= theirs - 0.15, (ours, theirs)
    for (a, b), link in found.items():
        assert f"({truth[(a, b)]:.0%} of word sequences" in link.value


def test_blocks_do_not_change_shingles_or_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    offsets = np.r_[0, np.cumsum(rng.integers(0, 40, 25))].astype(np.int64)
    words = rng.integers(0, 50, offsets[-1]).astype(np.uint64)  # 0 plays the empty word
    whole = resumes.shingles(words, offsets, np.uint64(0), 5)
    signed = resumes.signatures(whole[0], whole[1], 18)
    monkeypatch.setattr(resumes, "_BLOCK", 3)
    blocked = resumes.shingles(words, offsets, np.uint64(0), 5)
    assert all(np.array_equal(x, y) for x, y in zip(whole, blocked, strict=True))
    assert np.array_equal(resumes.signatures(blocked[0], blocked[1], 18), signed)
    lengths = np.diff(offsets)
    assert len(whole[2]) == len(whole[1]) - 1 and all(lengths[whole[2]] >= 5)
