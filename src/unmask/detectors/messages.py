"""Messages: red-flag intents in the worker's own words.

A first, pattern-based version; each intent is a regular expression over the
lower-cased text of messages the worker sent.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings

INTENTS: dict[str, str] = {
    "prepayment": (
        r"(pay|payment|paid|invoice)[^.?!]{0,40}"
        r"(upfront|up front|in advance|before (i|we) (start|begin))|prepay|advance payment"
    ),
    "crypto_payment": (
        r"\b(usdt|usdc|btc|bitcoin|crypto|tether|ethereum|eth wallet|wallet address|trc-?20|erc-?20)\b"
    ),
    "camera_excuse": (
        r"(camera|webcam|video)[^.?!]{0,40}"
        r"(broken|not working|doesn'?t work|isn'?t working|issue|problem|off today|can'?t turn)"
    ),
    "off_platform": (
        r"\b(telegram|whatsapp|wechat|signal app|skype)\b|off[- ]platform"
        r"|outside (of )?(the )?(platform|upwork|fiverr|toptal)"
    ),
    "payout_switch": (
        r"(change|switch|update|use)[^.?!]{0,25}(new|different|another|my friend'?s|cousin'?s)"
        r"[^.?!]{0,20}(payment|payout|bank|account|paypal|payoneer)"
    ),
    "equipment_elsewhere": (
        r"(ship|send|mail|deliver)[^.?!]{0,40}(laptop|device|equipment|computer)"
        r"[^.?!]{0,60}(different address|another address|my (friend|cousin|relative|uncle|agent))"
    ),
    "extortion": (
        r"(leak|publish|release|sell|expose)[^.?!]{0,60}(code|source|data|repo|repositor)"
        r"[^.?!]{0,60}(unless|if you (don'?t|do not)|pay)|unless you pay"
    ),
}


def _intents_sql(s: Settings) -> str:
    hits = " UNION ALL ".join(
        f"SELECT m.worker_id, m.row_id, m.origin, m.ts, '{name}' AS intent FROM messages m "
        f"WHERE coalesce(m.direction, 'from_worker') = 'from_worker' "
        f"AND regexp_matches(lower(m.text), '{pattern.replace(chr(39), chr(39) * 2)}')"
        for name, pattern in INTENTS.items()
    )
    return f"""
    WITH hits AS ({hits})
    SELECT worker_id,
           list(DISTINCT intent ORDER BY intent) AS intents,
           count(DISTINCT row_id) AS messages,
           CASE WHEN list_contains(intents, 'extortion') THEN 1.0
                ELSE least(1.0, 0.25 + 0.25 * len(intents)) END AS strength,
           list(DISTINCT {{'table': 'messages', 'row_id': row_id, 'origin': origin}})[1:20] AS evidence,
           count(DISTINCT row_id) AS evidence_total
    FROM hits GROUP BY worker_id
    """


MESSAGE_RED_FLAGS = Detector(
    id="message_red_flags",
    title="Asks for red-flag things in messages",
    description="The worker's own messages ask for prepayment or crypto, excuse the camera, move the "
    "conversation off-platform, switch payout accounts, ship equipment elsewhere, or threaten to leak code.",
    category="messages",
    references=(ref.FBI_PSA_2023, ref.FBI_PSA_2025),
    tables=("messages",),
    sql=_intents_sql,
    detail=lambda r: (
        f"{r['messages']} message(s) show: {', '.join(i.replace('_', ' ') for i in r['intents'])}."
    ),
)
