"""Messages: red-flag requests in the worker's own words, one detector per intent.

Each message the worker sent is read once by the intent classifier
(``unmask.intel.intents``, stored in ``message_intents`` by enrichment), which
is robust to paraphrase, typos and leetspeak and ignores ordinary work talk
that shares the trigger words ("payment service bug", "memory leak"). Each
intent is its own detector so it is weighed and explained on its own; the
detail quotes the worker's words. Messages *to* the worker never count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings, evidence

# One message shows the flag partly; each further distinct message adds, up to full strength.
_STRENGTH = {"strength_one": 0.6, "strength_step": 0.2}


def _intent_sql(intent: str) -> Callable[[Settings], str]:
    def sql(s: Settings) -> str:
        return f"""
        WITH hits AS (
            SELECT m.worker_id, m.row_id, m.origin, m.ts, m.text,
                   i.snippets[list_position(i.intents, '{intent}')] AS snippet,
                   i.cues[list_position(i.intents, '{intent}')] AS cue
            FROM messages m
            JOIN (SELECT * FROM message_intents WHERE list_contains(intents, '{intent}')) i
              ON i.text_key = m.text
            WHERE coalesce(m.direction, 'from_worker') = 'from_worker'
        )
        SELECT h.worker_id,
               count(DISTINCT h.text) AS distinct_messages,
               arg_min(h.snippet, h.ts) AS example,
               arg_min(h.cue, h.ts) AS cues,
               least(1.0, {float(s["strength_one"])}
                          + {float(s["strength_step"])} * (count(DISTINCT h.text) - 1)) AS strength,
               {evidence("h", "messages")}
        FROM hits h
        GROUP BY h.worker_id
        """

    return sql


def _detail(asks: str) -> Callable[[Mapping[str, Any]], str]:
    def detail(r: Mapping[str, Any]) -> str:
        n = int(r["evidence_total"])
        return f'{asks} ({n} message{"s" if n != 1 else ""}), e.g. "{r["example"]}".'

    return detail


def _message_detector(
    intent: str,
    title: str,
    description: str,
    asks: str,
    references: tuple[str, ...],
    category: str = "messages",
    **settings: float,
) -> Detector:
    return Detector(
        id=f"message_{intent}",
        title=title,
        description=description,
        category=category,
        references=references,
        tables=("messages",),
        sql=_intent_sql(intent),
        detail=_detail(asks),
        settings={**_STRENGTH, **settings},
    )


PREPAYMENT = _message_detector(
    "prepayment",
    "Asks to be paid before the work is done",
    "The worker's messages ask for payment up front, in advance or before starting, in any wording.",
    "Asked to be paid before the work is done",
    (ref.GUIDANCE_2022, ref.FBI_PSA_2023),
)
CRYPTO_PAYMENT = _message_detector(
    "crypto_payment",
    "Asks to be paid in cryptocurrency",
    "The worker's messages ask to be paid in cryptocurrency or to a wallet; weak alone, since some "
    "people are paid in crypto by choice.",
    "Asked to be paid in cryptocurrency",
    (ref.GUIDANCE_2022, ref.FBI_PSA_2023),
)
CAMERA_EXCUSE = _message_detector(
    "camera_excuse",
    "Says the camera is broken or missing",
    "The worker's messages excuse themselves from video: a broken, failing or missing camera "
    "(keeping the camera off by choice is not an excuse and is left to the meeting detectors).",
    "Said the camera is broken or missing",
    (ref.GUIDANCE_2022, ref.FBI_PSA_2023),
)
EQUIPMENT_RESHIPPING = _message_detector(
    "equipment_reshipping",
    "Asks to ship company equipment elsewhere",
    "The worker's messages ask to ship the company laptop or other equipment to a different address "
    "or to another person, as laptop farms require.",
    "Asked to ship company equipment to another address or person",
    (ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
)
PAYOUT_SWITCH = _message_detector(
    "payout_switch",
    "Asks to pay someone else or another account",
    "The worker's messages ask to pay another person (a cousin, a friend, an agent), into another "
    "account, or under another name.",
    "Asked to pay another person or account",
    (ref.GUIDANCE_2022, ref.FBI_PSA_2023),
)
OFF_PLATFORM = _message_detector(
    "off_platform",
    "Asks to move off the platform",
    "The worker's messages ask to move the conversation or contract to Telegram, WhatsApp, WeChat, "
    "Signal, Skype, Discord, a personal mailbox, or outside the hiring platform.",
    "Asked to move the conversation or contract off the platform",
    (ref.GUIDANCE_2022, ref.FBI_PSA_2023),
)
EXTORTION = _message_detector(
    "extortion",
    "Threatens to leak code or data unless paid",
    "The worker's messages threaten to publish, leak or sell the organisation's code or data unless "
    "paid, as the FBI warns DPRK IT workers do once discovered or let go.",
    "Threatened to leak code or data unless paid",
    (ref.FBI_PSA_2025,),
    category="extortion",
    strength_one=1.0,
)

MESSAGE_DETECTORS = (
    PREPAYMENT,
    CRYPTO_PAYMENT,
    CAMERA_EXCUSE,
    EQUIPMENT_RESHIPPING,
    PAYOUT_SWITCH,
    OFF_PLATFORM,
    EXTORTION,
)
