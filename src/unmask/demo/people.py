"""The small per-person tables: workers, firms, identities and profiles.

Profiles are what each source says about the person. For a legitimate worker
the sources agree (up to nicknames, middle initials and word order); for a
sloppy operative the payout account and a hand-typed profile name someone
else, and LinkedIn accounts are months rather than years old. Rings reuse one
photo and one résumé across their "people".

An invented identity is told more than once, and the tellings drift apart
(``_SLIP_RATES``): the background check finds the real owner of the identity
in another city with another phone, LinkedIn says another country or drops a
job, the application form gives the zone the person really lives in, the
history's dates cannot be true, the LinkedIn account is weeks old. Sloppy
operatives slip often, careful ones rarely; legitimate workers now and then
for an innocent reason (an old city on LinkedIn, a second mailbox for payouts,
a new account), and they vary in ways that must stay clean (a zone written as
its alias, an older job the résumé leaves out, a part-time side job). Expats
live abroad and say so in every source.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa

from unmask.demo import texts
from unmask.demo.clock import DAY_SECONDS, START_SECONDS, iso_date, iso_utc
from unmask.demo.contacts import E164, shown
from unmask.demo.dice import Dice
from unmask.demo.money import Payout
from unmask.demo.personas import EMPLOYERS, Json, Personas, local_phone
from unmask.demo.places import COUNTRIES, OPERATIVE_CLAIMS, OPERATIVE_TIMEZONES
from unmask.demo.world import CAREFUL, EXPAT, MODERATE, SLOPPY, Ints, Population, stream
from unmask.demo.writer import encoded

Columns = dict[str, list[Any]]


def _strings(columns: Columns) -> dict[str, pa.Array]:
    return {k: pa.array(v, type=pa.string()) for k, v in columns.items()}


def worker_rows(population: Population, personas: Personas, referrer: Ints) -> dict[str, pa.Array]:
    """The workers table; ``referrer`` is the index of each worker's referrer, or -1 (demo/referrals.py)."""
    end = [
        iso_date(int(d)) if h else None for d, h in zip(population.end_day, population.has_end, strict=True)
    ]
    rows = _strings(
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
    rows["referred_by"] = encoded(population.id_array, referrer)
    return rows


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


# How often each inconsistency shows: (sloppy, moderate, careful, legitimate). Expats never slip.
_SLIP_RATES: dict[str, tuple[float, float, float, float]] = {
    "other_city": (0.5, 0.25, 0.05, 0.02),  # legit: LinkedIn still shows the old city
    "other_country": (0.3, 0.12, 0.0, 0.005),  # on LinkedIn
    "other_phone": (0.7, 0.3, 0.03, 0.0),  # the background check reaches the identity's real owner
    "other_mailbox": (0.3, 0.1, 0.0, 0.03),  # on the payout account; legit: a second mailbox
    "real_timezone": (0.4, 0.15, 0.02, 0.0),  # written in the application form
    "retold_history": (0.6, 0.3, 0.05, 0.01),  # LinkedIn drops a job or moves the degree by years
    "bad_dates": (0.2, 0.08, 0.02, 0.005),
    "new_account": (0.55, 0.2, 0.03, 0.02),  # LinkedIn made in the weeks before applying
}
# Innocent variations of legitimate workers (expats included) that no detector may flag.
_BENIGN_RATES = {"zone_alias": 0.05, "older_job": 0.1, "year_off": 0.05, "side_job": 0.04}
_ZONE_ALIASES = {
    "America/New_York": "US/Eastern",
    "America/Chicago": "US/Central",
    "America/Denver": "US/Mountain",
    "America/Los_Angeles": "US/Pacific",
    "Europe/Kyiv": "Europe/Kiev",
    "Asia/Kolkata": "Asia/Calcutta",
    "Europe/London": "GB",
}
_SIDE_TITLES = ("Part-time Instructor", "Freelance Web Developer", "Volunteer Mentor")
_LINKEDIN_AGE = {SLOPPY: (90, 300), MODERATE: (300, 1200), CAREFUL: (1500, 4000)}


def _second_mailbox(dice: Dice, email: str) -> str:
    """Another mailbox of (or for) the same person, at another provider."""
    return f"{email.split('@', 1)[0]}{dice.integer(100, 1000)}@outlook.com"


def _new_employer(dice: Dice, employment: Json) -> tuple[str, str]:
    """An employer (name, domain) the history does not list yet."""
    listed = {job["employer"] for job in employment}
    return dice.pick([e for e in EMPLOYERS if e[0] not in listed])


def _slips(dice: Dice, group: int) -> frozenset[str]:
    if group == EXPAT:
        return frozenset()
    column = {SLOPPY: 0, MODERATE: 1, CAREFUL: 2}.get(group, 3)
    return frozenset(k for k, rates in _SLIP_RATES.items() if dice.random() < rates[column])


def _benign(dice: Dice, group: int) -> frozenset[str]:
    if group >= SLOPPY:
        return frozenset()
    return frozenset(k for k, rate in _BENIGN_RATES.items() if dice.random() < rate)


def _shifted(item: dict[str, str], years: int) -> dict[str, str]:
    return {**item, **{k: str(int(item[k]) + years) for k in ("start", "end") if item.get(k)}}


def _impossible(dice: Dice, education: Json, employment: Json) -> tuple[Json, Json]:
    """One date that cannot be true: a job that ends before it starts, a bachelor's in one year, or
    a degree finished in the future."""
    pick = dice.below(3)
    if pick == 0 and len(employment) > 1:
        k = dice.below(len(employment) - 1)
        job = employment[k]
        return education, [
            *employment[:k],
            {**job, "start": job["end"], "end": job["start"]},
            *employment[k + 1 :],
        ]
    school = education[0]
    if pick == 1 and school["degree"].startswith("B"):
        return [{**school, "end": str(int(school["start"]) + 1)}], employment
    return [{**school, "end": str(2027 + dice.below(3))}], employment


def _linkedin_story(
    dice: Dice, education: Json, employment: Json, slips: frozenset[str], benign: frozenset[str], country: str
) -> tuple[Json, Json]:
    """The history as LinkedIn tells it: the résumé's, retold differently by an invented identity."""
    if "retold_history" in slips:
        pick = dice.below(3)
        if pick == 0 and len(employment) > 1:
            k = dice.below(len(employment) - 1)
            employment = [*employment[:k], *employment[k + 1 :]]
        elif pick == 1:
            schools = texts.SCHOOLS.get(country, texts.SCHOOLS["other"])
            others = [name for name in schools if name != education[0]["school"]]
            education = [{**education[0], "school": dice.pick(others)}] if others else education
        else:
            education = [_shifted(education[0], dice.pick((-4, -3, 3)))]
    if "year_off" in benign:
        education = [_shifted(education[0], dice.pick((-1, 1)))]
    if "older_job" in benign and employment:
        first = int(employment[0]["start"])
        employer, domain = _new_employer(dice, employment)
        old = {"employer": employer, "title": "Intern", "start": str(first - 3), "end": str(first - 1),
               "domain": domain}  # fmt: skip
        employment = [old, *employment]
    return education, employment


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
        slips, benign = _slips(dice, group), _benign(dice, group)
        applied = int(population.interview_day[i]) - dice.integer(10, 25)
        country, city = population.country[i], population.city[i].name
        tz = population.offsets.names[population.tz[i]]
        name, email = personas.name[i], personas.email[i]
        style = personas.phone_style[i]
        phone = shown(personas.phone[i], country, style)
        schools, jobs = personas.education[i], personas.employment[i]
        if "bad_dates" in slips:
            schools, jobs = _impossible(dice, schools, jobs)
        if "side_job" in benign and jobs:
            since = jobs[-1]["start"] or "2024"
            employer, domain = _new_employer(dice, jobs)
            jobs = [*jobs, {"employer": employer, "title": dice.pick(_SIDE_TITLES), "start": since, "end": "",
                            "domain": domain}]  # fmt: skip
        li_schools, li_jobs = _linkedin_story(dice, schools, jobs, slips, benign, country)
        education = json.dumps(schools, ensure_ascii=False)
        employment = json.dumps(jobs, ensure_ascii=False)
        here = {"country": country, "city": city, "timezone": tz}
        form_tz = tz
        if "real_timezone" in slips:
            real = population.offsets.names[population.act_tz[i]]
            form_tz = real if real in OPERATIVE_TIMEZONES else OPERATIVE_TIMEZONES[1]
        elif "zone_alias" in benign:
            form_tz = _ZONE_ALIASES.get(tz, tz)
        cities = [c.name for c in COUNTRIES[country].cities if c.name != city]
        moved_city = dice.pick(cities) if cities and "other_city" in slips else city
        if "other_country" in slips:
            abroad = dice.pick([c for c in OPERATIVE_CLAIMS if c != country])
            li_place = {"country": abroad, "city": COUNTRIES[abroad].cities[0].name}
        else:  # a legitimate worker's old city stays on LinkedIn; an operative's shows on the check
            li_place = {"country": country, "city": moved_city if group < SLOPPY else city}
        add(
            i,
            applied,
            source="application",
            name=name,
            email=email,
            phone=phone,
            **{**here, "timezone": form_tz},
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
            age = (3, 90) if "new_account" in slips else _LINKEDIN_AGE.get(group, (700, 5000))
            slug = f"{personas.handle[i]}-{dice.below(16**6):06x}"
            add(
                i,
                applied - dice.integer(*age),
                source="linkedin",
                name=personas.linkedin_name[i],
                **li_place,
                photo_hash=photo(i, flip=dice.random() < 0.5),
                education=json.dumps(li_schools, ensure_ascii=False),
                employment=json.dumps(li_jobs, ensure_ascii=False),
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
                email=_second_mailbox(dice, personas.payment_email[i])
                if "other_mailbox" in slips
                else personas.payment_email[i],
                phone=shown(personas.payment_phone[i], country, E164),  # as the payment provider stores it
                country=payout.account_country,
            )
        if i in background:
            # What the check found on the identity: for a borrowed one, its real owner's city and phone.
            real_city = moved_city if group >= SLOPPY else city
            owner_phone = local_phone(dice, population, i) if "other_phone" in slips else personas.phone[i]
            checked = shown(owner_phone, country, E164)
            add(i, background[i], source="background_check", name=name, country=country, city=real_city,
                phone=checked)  # fmt: skip

    days = np.asarray(day, dtype=np.int64)
    ts = START_SECONDS + days * DAY_SECONDS + rng.integers(0, DAY_SECONDS, days.size)
    order = np.lexsort((ts, np.asarray(w, dtype=np.int64)))
    picked = order.tolist()
    out = {"worker_id": encoded(population.id_array, np.asarray(w, dtype=np.int64)[order])}
    for key in _PROFILE_COLUMNS:
        out[key] = pa.array([cols[key][k] for k in picked], type=pa.string())
    out["created_at"] = iso_utc(ts[order])
    return out
