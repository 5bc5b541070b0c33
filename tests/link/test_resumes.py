"""Near-duplicate résumés by MinHash LSH: copies with edits link, shared boilerplate does not."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from datasketch import MinHash, MinHashLSH

from tests.link.graphs import kinds, linked
from unmask.enrich import Intelligence
from unmask.link import LinkSettings
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
    words = [w for w in re.split(r"[^\w]+", text.lower()) if w]
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_lsh_finds_what_datasketch_finds(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    """datasketch (128 permutations) as the oracle: every pair it finds at or above the threshold,
    ours finds too, and ours reports the exact similarity."""
    rng = random.Random(11)
    texts = {f"r{i:03d}": resume(rng) for i in range(300)}
    for i in range(30):  # planted copies with 1-3 edits
        words = texts[f"r{i:03d}"].split()
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = rng.choice(SKILLS)
        texts[f"s{i:03d}"] = " ".join(words)
    threshold = LinkSettings().resume_min_similarity
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = {}
    for wid, text in texts.items():
        sketches[wid] = MinHash(num_perm=128)
        sketches[wid].update_batch([s.encode() for s in shingles(text)])
        lsh.insert(wid, sketches[wid])
    oracle = set()
    for wid, text in texts.items():
        for other in lsh.query(sketches[wid]):
            if other != wid and jaccard(text, texts[other]) >= threshold:
                oracle.add((min(wid, other), max(wid, other)))
    graph = linked(tmp_path, ws, intel, {"profiles": [cv(w, t) for w, t in texts.items()]})
    found = {(k.a, k.b): k for k in graph.links}
    assert len(oracle) >= 25
    # LSH is probabilistic on both sides: near the threshold either may miss a pair; well above it,
    # neither may.
    assert len(oracle & set(found)) >= 0.9 * len(oracle)
    assert {p for p in oracle if jaccard(texts[p[0]], texts[p[1]]) >= 0.8} <= set(found)
    for (a, b), link in found.items():
        assert jaccard(texts[a], texts[b]) >= threshold
        assert f"({jaccard(texts[a], texts[b]):.0%} of word sequences" in link.value
