"""The small per-person tables: workers, firms, identities and profiles.

Profiles are what each source says about the person. For a legitimate worker
the sources agree (up to nicknames, middle initials and word order); for a
sloppy operative the payout account and a hand-typed profile name someone
else, and LinkedIn accounts are months rather than years old. Rings reuse one
photo and one résumé across their "people".
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa

from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_date, iso_utc
from unmask.demo.contacts import E164, shown
from unmask.demo.dice import Dice
from unmask.demo.money import Payout
from unmask.demo.personas import Personas
from unmask.demo.world import CAREFUL, MODERATE, SLOPPY, Population, stream
from unmask.demo.writer import encoded

Columns = dict[str, list[Any]]


def _strings(columns: Columns) -> dict[str, pa.Array]:
    return {k: pa.array(v, type=pa.string()) for k, v in columns.items()}


def worker_rows(population: Population, personas: Personas) -> dict[str, pa.Array]:
    end = [
        iso_date(int(d)) if h else None for d, h in zip(population.end_day, population.has_end, strict=True)
    ]
    return _strings(
        {
            "worker_id": population.worker_ids,
            "name": personas.name,
            "email": personas.email,
            "phone": [
                shown(p, c, style)
                for p, c, style in zip(personas.phone, population.country, personas.phone_style, strict=True)
            ],
            "claimed_country": population.country,
            "claimed_city": [c.name for c in population.city],
            "claimed_timezone": [population.offsets.names[t] for t in population.tz],
            "role": population.role,
            "engagement": population.engagement,
            "firm_id": population.firm,
            "start_date": [iso_date(int(d)) for d in population.start_day],
            "end_date": end,
        }
    )


def firm_rows(population: Population) -> dict[str, pa.Array]:
    firms = population.firms
    return _strings(
        {
            "firm_id": [f.firm_id for f in firms],
            "name": [f.name for f in firms],
            "domain": [f.domain for f in firms],
            "country": [f.country for f in firms],
            "background_check_provider": [f.provider for f in firms],
            "background_check_docs": ["true" if f.has_docs else "false" for f in firms],
        }
    )


def identity_rows(population: Population, personas: Personas) -> dict[str, pa.Array]:
    """How the logs name each person: Okta login, git author e-mail, marketplace handle."""
    cols: Columns = {"worker_id": [], "source": [], "identity": []}

    def add(i: int, source: str, identity: str) -> None:
        cols["worker_id"].append(population.worker_ids[i])
        cols["source"].append(source)
        cols["identity"].append(identity)

    for i in range(population.n):
        if population.applicant[i]:
            add(i, "other", personas.email[i])  # the applicant-tracking system knows the e-mail
            continue
        add(i, "okta", personas.work_email[i])
        if population.codes[i]:
            add(i, "git", personas.git_email[i])
        if population.engagement[i] == "freelancer":
            add(i, "marketplace", personas.handle[i])
    return _strings(cols)


_PROFILE_COLUMNS = (
    "source",
    "name",
    "email",
    "phone",
    "country",
    "city",
    "timezone",
    "photo_hash",
    "photo",
    "resume_text",
    "education",
    "employment",
    "url",
)


def profile_rows(
    population: Population,
    personas: Personas,
    payouts: list[Payout | None],
    background: dict[int, int],
    seed: int,
) -> dict[str, pa.Array]:
    rng = stream(seed, "profiles")
    dice = Dice(rng)
    w: list[int] = []
    day: list[int] = []
    cols: Columns = {k: [] for k in _PROFILE_COLUMNS}

    def add(i: int, created: int, **values: Any) -> None:
        w.append(i)
        day.append(created)
        for key in _PROFILE_COLUMNS:
            cols[key].append(values.get(key))

    def photo(i: int, flip: bool = False) -> str:
        value = int(personas.photo[i])
        if flip:  # another crop of the same picture: one bit of the hash differs
            value ^= 1 << dice.below(64)
        return f"{value:016x}"

    for i in range(population.n):
        group = int(population.group[i])
        applied = int(population.interview_day[i]) - dice.integer(10, 25)
        country, city = population.country[i], population.city[i].name
        tz = population.offsets.names[population.tz[i]]
        name, email = personas.name[i], personas.email[i]
        style = personas.phone_style[i]
        phone = shown(personas.phone[i], country, style)
        education = json.dumps(personas.education[i], ensure_ascii=False)
        employment = json.dumps(personas.employment[i], ensure_ascii=False)
        here = {"country": country, "city": city, "timezone": tz}
        add(
            i,
            applied,
            source="application",
            name=name,
            email=email,
            phone=phone,
            **here,
            photo_hash=photo(i),
            resume_text=personas.resume[i],
            education=education,
            employment=employment,
        )
        add(
            i,
            applied,
            source="resume",
            name=name,
            email=email,
            phone=shown(personas.phone[i], country, (style + 1) % 3),  # retyped in the résumé
            resume_text=personas.resume[i],
            education=education,
            employment=employment,
        )
        if group >= SLOPPY or dice.random() < 0.85:
            # LinkedIn accounts of invented identities are young; careful rings buy aged ones.
            age = {SLOPPY: (30, 300), MODERATE: (300, 1200), CAREFUL: (1500, 4000)}.get(group, (700, 5000))
            slug = f"{personas.handle[i]}-{dice.below(16**6):06x}"
            add(
                i,
                applied - dice.integer(*age),
                source="linkedin",
                name=personas.linkedin_name[i],
                country=country,
                city=city,
                photo_hash=photo(i, flip=dice.random() < 0.5),
                education=education,
                employment=employment,
                url=f"https://www.linkedin.com/in/{slug}",
            )
        if population.codes[i] and dice.random() < 0.7:
            add(
                i,
                applied - dice.integer(200, 4000),
                source="github",
                name=name if dice.random() < 0.7 else None,  # many GitHub users set no display name
                photo_hash=photo(i) if dice.random() < 0.5 else None,
                url=f"https://github.com/{personas.handle[i]}",
            )
        if population.engagement[i] == "freelancer":
            add(
                i,
                applied - dice.integer(60, 2000),
                source="marketplace",
                name=name,
                **here,
                photo_hash=photo(i, flip=True),
                url=f"https://www.upwork.com/freelancers/{personas.handle[i]}",
            )
        payout = payouts[i]
        if payout is not None:
            add(
                i,
                max(int(population.start_day[i]), applied),
                source="payment",
                name=personas.payee_name[i],
                email=personas.payment_email[i],
                phone=shown(personas.payment_phone[i], country, E164),  # as the payment provider stores it
                country=payout.account_country,
            )
        if i in background:
            add(i, background[i], source="background_check", name=name, country=country, city=city)

    days = np.asarray(day, dtype=np.int64)
    ts = START_SECONDS + days * DAY_SECONDS + rng.integers(0, DAY_SECONDS, days.size)
    order = np.lexsort((ts, np.asarray(w, dtype=np.int64)))
    picked = order.tolist()
    out = {"worker_id": encoded(population.id_array, np.asarray(w, dtype=np.int64)[order])}
    for key in _PROFILE_COLUMNS:
        out[key] = pa.array([cols[key][k] for k in picked], type=pa.string())
    out["created_at"] = iso_utc(ts[order])
    return out
