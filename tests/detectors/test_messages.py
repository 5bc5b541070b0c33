"""Message-intent detectors: each flags the worker's own red-flag request, in any wording, and leaves
alone ordinary chat full of the same trigger words, messages *to* the worker, and innocent look-alikes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.detectors.cases import Case, check_case, message, workers
from tests.intel.intent_corpus import ORDINARY
from unmask.detectors.registry import REGISTRY
from unmask.enrich import Intelligence
from unmask.scoring import Weights
from unmask.store import Workspace

ORDINARY_CHATTER = ORDINARY  # work chat with "payment service bug", "wallet UI", "memory leak" …

RED_FLAG_MESSAGES = {
    "prepay": "Could you pay 50% upfront before I start? It helps me plan.",
    "crypto": "Can you send my salary as USDT (TRC20) instead? Here is my wallet address.",
    "camera": "Sorry my webcam is broken today, can we do audio only",
    "offplat": "let's continue on Telegram, easier for me",
    "switch": "please use my cousin's Payoneer account for this month's payout",
    "ship": "can you ship the laptop to my friend at a different address?",
    "extort": "I have a copy of your source code. I will publish the repo unless you pay 5 BTC.",
}
# Three more wordings of each red flag (typos, shouting, no apostrophes): a repeated ask is full strength.
REPEATED = {
    "prepay": ("pls send payment b4 i start the work", "I NEED THE PAYMENT UP FRONT",
               "kindly release the salary in advanse this month"),
    "crypto": ("I prefer to be paid in bitcoin", "transfer my salary to this erc20 address",
               "my paypal is blocked, can you pay in crypt0?"),
    "camera": ("my cam died, audio only today", "MY CAMERA IS BROKEN", "c4mera is br0ken again today"),
    "offplat": ("ping me on telegramm", "add me on skype: dev.pro.99", "LETS TALK ON WHATSAPP"),
    "switch": ("pay the invoice to my uncles account please", "PLEASE SEND THE PAYMENT TO MY SISTER",
               "switch my payouts to another paypal account"),
    "ship": ("PLEASE SHIP THE LAPTOP TO ANOTHER ADDRESS", "pls send the laptop to my frends house",
             "my cousin will receive the laptop for me"),
    "extort": ("pay me or I will leak your customer data", "send the money or your secrets go public",
               "I will sell your database to your competitors if you dont pay"),
}  # fmt: skip
# People whose words resemble a red flag but are not one.
LOOK_ALIKES = {
    "shy": ("sorry, keeping my camera off today, bandwidth is bad", "camera off for me today, kids are home"),
    "mover": ("please send the laptop to my new address, I moved",),
    "newbank": ("please update the payment details to my new IBAN, I changed banks",),
    "declines": ("no need to pay in advance, invoice at the end of the month is fine",),
    "slack_only": ("please don't message me on WhatsApp, Slack is better",),
}
DETECTOR_OF = {
    "prepay": "message_prepayment",
    "crypto": "message_crypto_payment",
    "camera": "message_camera_excuse",
    "offplat": "message_off_platform",
    "switch": "message_payout_switch",
    "ship": "message_equipment_reshipping",
    "extort": "message_extortion",
}


def _case(who: str) -> Case:
    detector = DETECTOR_OF[who]
    once, often = who, f"{who}_often"
    rows = [message(once, RED_FLAG_MESSAGES[who]), message(often, RED_FLAG_MESSAGES[who])]
    rows += [message(often, t) for t in REPEATED[who]]
    rows += [message("chatty", t) for t in ORDINARY_CHATTER]
    # The organisation's messages quoting or asking the same never count against the worker.
    rows += [message("told", t, direction="to_worker") for t in (*RED_FLAG_MESSAGES.values(), *REPEATED[who])]
    rows += [message(w, t) for w, texts in LOOK_ALIKES.items() for t in texts]
    others = [w for w in RED_FLAG_MESSAGES if w != who]
    rows += [message(w, RED_FLAG_MESSAGES[w]) for w in others]
    flagged = {once: (1.0, 1.0) if who == "extort" else (0.6, 0.6), often: (1.0, 1.0)}
    if who == "crypto":
        # A worker paid in crypto by choice asks for it too: flagged, weakly (see the weight test below).
        rows.append(message("crypto_by_choice", "can you pay me in USDC this month?"))
        flagged["crypto_by_choice"] = (0.6, 0.6)
    return Case(
        f"{detector}: its red flag in many wordings; trigger-word chat, messages to the worker, look-alikes",
        detector,
        {"workers": workers(once, often, "chatty", "told", *LOOK_ALIKES, *others, "crypto_by_choice"),
         "messages": rows},
        flagged,
        ("chatty", "told", *LOOK_ALIKES, *others),
        {"messages"},
    )  # fmt: skip


CASES: list[Case] = [_case(who) for who in DETECTOR_OF]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_detector(tmp_path: Path, ws: Workspace, intel: Intelligence, case: Case) -> None:
    check_case(tmp_path, ws, intel, case)


def test_every_message_detector_has_a_case() -> None:
    assert {d for d in REGISTRY if d.startswith("message_")} == set(DETECTOR_OF.values())


def test_a_single_crypto_ask_stays_weak() -> None:
    """The innocent look-alike (paid in crypto by choice, asks once) adds far less than review needs."""
    weights = Weights.load()
    one_ask = (
        weights.weights["message_crypto_payment"]
        * REGISTRY["message_crypto_payment"].settings["strength_one"]
    )
    assert one_ask < 1.0 < -weights.prior_log_odds
    assert weights.weights["message_extortion"] > max(
        w for d, w in weights.weights.items() if d.startswith("message_") and d != "message_extortion"
    )


def test_detail_quotes_the_worker(tmp_path: Path, ws: Workspace, intel: Intelligence) -> None:
    case = CASES[0]
    check_case(tmp_path, ws, intel, case)
    finding = next(f for f in REGISTRY[case.detector].run(ws.engine) if f.worker_id == "prepay")
    assert finding.detail == (
        "Asked to be paid before the work is done (1 message), "
        'e.g. "Could you pay 50% upfront before I start?".'
    )
