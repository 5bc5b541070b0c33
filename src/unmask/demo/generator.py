"""``generate_bundle``: a seeded, deterministic demo organisation written as a bundle-v1 folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from unmask.demo.checks import assessment_rows, verification_rows
from unmask.demo.contacts import plant_contacts
from unmask.demo.devices import build_hardware, device_rows
from unmask.demo.events import commit_rows, meeting_rows
from unmask.demo.messages import message_rows
from unmask.demo.money import payment_rows, plan_payouts
from unmask.demo.network import build_network
from unmask.demo.people import firm_rows, identity_rows, profile_rows, worker_rows
from unmask.demo.personas import build_personas
from unmask.demo.referrals import plan_referrals
from unmask.demo.signins import signin_chunks, signin_counts
from unmask.demo.truth import DemoTruth, truth_of, truth_path, write_truth
from unmask.demo.world import build_population
from unmask.demo.writer import FORMATS, Format, TableWriter
from unmask.model import TABLES


def generate_bundle(
    out_dir: Path,
    *,
    workers: int = 400,
    days: int = 60,
    seed: int = 7,
    fmt: Format = "csv",
    signins_per_worker: int | None = None,
) -> DemoTruth:
    """Write a demo organisation of ``workers`` people over ``days`` days into ``out_dir``.

    One file per bundle-v1 table (``workers.csv`` …, or ``.jsonl`` / ``.parquet``);
    the ground truth goes beside the folder as ``<out_dir>-truth.csv`` so that
    scanning the folder never sees it. The same arguments always produce the
    same bytes. ``signins_per_worker`` fixes the number of sign-ins of each
    working (non-applicant) person, for benchmarks; ``None`` draws a realistic
    one to four per working day.
    """
    if workers < 1 or days < 1:
        raise ValueError("workers and days must be at least 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}")
    if signins_per_worker is not None and signins_per_worker < 0:
        raise ValueError("signins_per_worker must be non-negative")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_tables(out_dir)

    population = build_population(workers, days, seed)
    personas = build_personas(population, seed)
    plant_contacts(population, personas, seed)
    network = build_network(population, seed)
    hardware = build_hardware(population, seed)
    payouts = plan_payouts(population, seed)
    verifications, background = verification_rows(population, seed)

    # One table at a time, so only one is ever held in memory.
    tables: dict[str, Callable[[], dict[str, pa.Array]]] = {
        "workers": lambda: worker_rows(population, personas, plan_referrals(population, seed)),
        "firms": lambda: firm_rows(population),
        "identities": lambda: identity_rows(population, personas),
        "profiles": lambda: profile_rows(population, personas, payouts, background, seed),
        "verifications": lambda: verifications,
        "assessments": lambda: assessment_rows(population, seed),
        "payments": lambda: payment_rows(population, payouts, seed),
        "meetings": lambda: meeting_rows(population, seed),
        "messages": lambda: message_rows(population, network.trip_first, seed),
        "commits": lambda: commit_rows(population, personas, seed),
        "devices": lambda: device_rows(population, network, hardware, seed),
    }
    for name, rows in tables.items():
        with TableWriter(out_dir, name, fmt) as writer:
            writer.write(rows())
    counts = signin_counts(population, seed, signins_per_worker)
    with TableWriter(out_dir, "signins", fmt) as writer:
        for chunk in signin_chunks(population, network, hardware, seed, counts):
            writer.write(chunk)

    truth = truth_of(population)
    write_truth(truth, truth_path(out_dir))
    return truth


def _remove_tables(folder: Path) -> None:
    """Delete table files an earlier run left here (possibly in another format)."""
    for table in TABLES:
        for fmt in FORMATS:
            (folder / f"{table}.{fmt}").unlink(missing_ok=True)
