"""The intent classifier's lexicon: concepts (words and phrases that say one thing) and, per intent,
the rules that combine them. Data, versioned by :data:`LEXICON_VERSION`; the matching is in
:mod:`unmask.intel.intents`.

Words are written as the normaliser leaves them: lower case, no accents, no apostrophes
("dont", "cousins"). Terms of several words are phrases matched word by word, each word allowing
one typo when it has five letters or more.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


def _set(text: str) -> frozenset[str]:
    return frozenset(item.strip() for item in text.split(",") if item.strip())


# Nouns that make a preceding trigger word technical: "payment service", "wallet UI", "telegram bot".
TECH = _set(
    "service, services, bug, bugs, api, apis, ui, ux, bot, bots, integration, integrations, module, "
    "modules, endpoint, endpoints, test, tests, flow, flows, page, pages, screen, component, components, "
    "gateway, gateways, provider, providers, pipeline, pipelines, sdk, feature, features, schema, table, "
    "tables, widget, logic, form, forms, webhook, webhooks, processing, processor, system, library, "
    "libraries, lib, client, server, queue, job, jobs, ticket, tickets, pr, branch, mock, mocks, stub, "
    "fixture, fixtures, fix, fixes, validation, validator, field, fields, regex, parser, format, token, "
    "tokens, app, apps, plugin, plugins, connector, notification, notifications, alert, alerts, package, "
    "packages, repo, dashboard, report, reports, export, exports, import, migration, migrations, handler, "
    "handlers, status, model, models, retry, retries, logs, log, metrics, tab, button, modal, permission, "
    "permissions, preview, player, upload, uploads, tutorial, tutorials, codec, encoding, file, files, "
    "docs, doc, spec, specs, config, settings, setting, team, teams, channel, channels, history, holiday, "
    "holidays, calendar, reconciliation, terms, freeze, review, reviews, notes, candidate, date, plan, "
    "build, builds, version, process, checklist, tag, schedule, cycle, train, coverage, owners, quality, "
    "style, smell, path, base, snippet, snippets"
)
NEGATORS = _set(
    "not, no, never, dont, doesnt, didnt, wont, wouldnt, shouldnt, isnt, arent, neednt, without, nobody, "
    "nothing"
)
NEGATION_WINDOW = 5
# Words that end a negation's reach: in "I can't start unless you pay upfront" the ask is not negated,
# nor is "publish" in "if it is not paid I will publish", where a new subject starts a new clause.
SCOPE_BREAKS = _set(
    ", unless, until, if, but, so, because, then, and, or, otherwise, instead, i, we, he, she, they"
)
CONDITIONALS = _set("if, unless, when, until")
# An intent that contains others: an extortion demand for bitcoin is not also a request to be paid in crypto.
SUBSUMES: dict[str, frozenset[str]] = {
    "extortion": frozenset({"crypto_payment", "prepayment", "payout_switch"})
}
# Chat shorthand, read as the word it stands for before lexicon look-up.
SHORTHAND = {
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "plez": "please", "b4": "before",
    "2day": "today", "msg": "message", "acct": "account", "acc": "account", "pmt": "payment",
    "pymt": "payment", "tg": "telegram", "wapp": "whatsapp", "wanna": "want", "gonna": "going to",
    "ppl": "people", "thx": "thanks", "bro": "brother", "sis": "sister", "cuz": "cousin",
    "vid": "video", "cam": "camera", "w8": "wait", "ya": "you", "im": "i am", "ill": "i will",
    "ive": "i have", "youre": "you are", "theyll": "they will", "itll": "it will",
}  # fmt: skip
# Real words one typo away from a lexicon word: never read as that typo.
NOT_TYPOS = _set(
    "advanced, broker, brokers, walled, mallet, single, poster, coded, coder, coders, signals, founds, "
    "stared, shipper, shipment, deliverable, deliverables, sourced, payee, payer, payers, cameo, friendly, "
    "fronts, sender, senders, leader, dealer, teach, beach, bench, scale, stale, model, modal, cable, "
    "later, latter, matter, water, whats, devise, revise, advise, advice, lasting"
)


@dataclass(frozen=True)
class Concept:
    """Words and phrases that say one thing; ``not_before``/``not_after`` words cancel a match."""

    name: str
    terms: frozenset[str]
    not_before: frozenset[str] = frozenset()  # a following word that makes the match technical
    not_after: frozenset[str] = frozenset()  # a preceding word that changes the match's sense


@dataclass(frozen=True)
class Rule:
    """Every concept of ``needs``, un-negated, within ``near`` words of the first (the anchor)."""

    needs: tuple[str, ...]
    near: int = 10
    message_wide: bool = False  # threats span sentences ("I kept copies. Pay or they go public.")
    # The other concepts come after the anchor: "pay my brother", not "my brother pays".
    in_order: bool = False


_PAY = (
    "pay, pays, paid, paying, payment, payments, payout, payouts, invoice, invoices, salary, salaries, wage, "
    "wages, money, fee, fees, compensation, funds, wire, deposit, remuneration, get paid, paycheck, remit"
)
_PAY_ACCOUNT = (
    "bank account, bank details, banking details, payment details, payment account, payment method, "
    "payout method, payout account, payoneer, paypal, transferwise, wise account, revolut, iban, "
    "routing number, account number, swift code, bank"
)
_PEOPLE = (
    "cousin, cousins, friend, friends, brother, brothers, sister, sisters, uncle, aunt, relative, relatives"
)
_OTHER_PERSON = ", ".join(f"my {p}, a {p}" for p in _set(_PEOPLE)) + (
    ", my agent, my roommate, my colleague, another person, someone else, somebody else, his account, "
    "her account, their account, third party, family member, my family"
)
_LEAK_VERBS = "leak, publish, release, sell, expose, post, upload, dump, share, send"
_LEAKED = "leaked, published, released, sold, exposed, posted, uploaded, dumped, shared, sent"
# A threat is a leak in the future tense: "I will publish", "it will be leaked", "they go public".
_THREAT = ", ".join(
    [f"{m} {v}" for m in ("will", "going to", "shall") for v in _set(_LEAK_VERBS)]
    + [f"{m} {v}" for m in ("will be", "gets", "get") for v in _set(_LEAKED)]
    + ["go public, goes public, going public, go online, goes online, goes on github, end up online"]
)
CONCEPTS: dict[str, Concept] = {
    c.name: c
    for c in (
        Concept("PAY", _set(_PAY), TECH),
        Concept(
            "BEFORE",
            _set(
                "upfront, up front, in advance, advance, beforehand, ahead of time, prepay, prepaid, "
                "prepayment, pre pay, pre payment, before i start, before i begin, before starting, "
                "before we start, before we begin, before i continue, before i deliver, before delivery, "
                "before i send, before i hand, before the work, before work, before any work, "
                "before i do, before i can start, deposit first, before commencing, until i receive, "
                "until i get, until i am paid, wont start until, will not start until, cant start until"
            ),
            TECH,
        ),
        Concept("FIRST", _set("first")),
        Concept(
            "AMOUNT", _set("%, percent, half, deposit, usd, dollars, eur, euros")
        ),  # "50% upfront", "half upfront"
        Concept("PAY_NOW", _set("pay, paid, payment, salary, wage, wages, money, payout"), TECH),
        Concept(
            "PREPAY",
            _set("prepay, prepaid, prepayment, pre pay, pre payment, advance payment, advance pay"),
            TECH,
        ),
        Concept("EARLY", _set("early, earlier, sooner, ahead of schedule")),
        Concept(
            "REQUEST",
            _set("could, can, please, would, need, possible, want, require, must, have to, kindly, request"),
        ),
        Concept(
            "CRYPTO",
            _set(
                "usdt, usdc, btc, bitcoin, bitcoins, crypto, cryptocurrency, cryptocurrencies, tether, "
                "ethereum, eth, trc20, trc 20, erc20, erc 20, bep20, stablecoin, stablecoins, binance, "
                "monero, xmr, litecoin, ltc, crypto wallet, wallet address, coinbase, tron, usd coin"
            ),
            TECH | _set("price, prices, chart, charts, library, hashing, hash, random"),
        ),
        Concept("WALLET", _set("wallet, wallets"), TECH),
        Concept("SELF", _set("my, me, i, mine, myself")),
        Concept("SEND", _set("send, sent, transfer, receive, accept, move, pay")),
        Concept(
            "CAMERA",
            _set("camera, cameras, webcam, webcams, web cam, video, face cam, facecam"),
            TECH | _set("roll, recording, recordings, demo, link, quality, editing, editor"),
            _set("your, his, her, their, our"),
        ),
        Concept(
            "BROKEN",
            _set(
                "broken, broke, busted, dead, died, dying, crashed, crashing, crashes, faulty, damaged, "
                "malfunctioning, not working, isnt working, doesnt work, does not work, is not working, "
                "stopped working, wont work, wont turn on, wont start, cant, cannot, unable, not able, "
                "unavailable, out of order, freezing, freezes, frozen, glitching, glitchy, issue, issues, "
                "problem, problems, trouble, fried, acting up, keeps failing, failed, failing, not detected, "
                "in repair, being repaired, lost my, stolen, not showing, black screen"
            ),
            frozenset(),
            _set("a, no, any"),
        ),
        Concept(
            "NO_CAMERA",
            _set(
                "no camera, no webcam, dont have a camera, dont have a webcam, do not have a camera, "
                "do not have a webcam, doesnt have a camera, doesnt have a webcam, without a camera, "
                "without a webcam, has no camera, have no camera, have no webcam, no working camera"
            ),
            TECH | _set("roll, recording, recordings, demo, link, quality, editing, editor"),
        ),
        Concept(
            "AUDIO_ONLY",
            _set(
                "audio only, voice only, by voice, by phone, via phone, off camera, camera off, video off, "
                "without video, without camera, no video, audio call, just audio, only audio, dial in, "
                "voice call, phone call, just voice"
            ),
        ),
        Concept("NOW", _set("today, now, again, still, this week, tonight, currently, lately, these days")),
        Concept(
            "SHIP",
            _set(
                "ship, ships, shipped, shipping, send, sends, sent, sending, mail, mailed, post, deliver, "
                "delivered, delivery, forward, forwarded, courier, fedex, dhl, drop off, go to, goes to, "
                "bring, arrive"
            ),
        ),
        Concept(
            "EQUIPMENT",
            _set(
                "laptop, laptops, macbook, computer, computers, device, devices, equipment, hardware, pc, "
                "notebook, machine, yubikey, monitor, work laptop, company laptop"
            ),
            _set(
                "farm, farms, token, tokens, id, ids, type, types, driver, drivers, learning, image, images"
            ),
        ),
        Concept(
            "ELSEWHERE",
            _set(
                "different address, another address, other address, alternate address, alternative address, "
                "this address instead, not my home, not to my home, not my address, not the address, "
                "his place, her place, his address, her address, their address, forwarding address, "
                "freight forwarder, warehouse, instead of my, another city, another state, another country, "
                "different city, different state, different country, "
            )
            | _set(_OTHER_PERSON),
        ),
        Concept(
            "PICKUP", _set("pick up, pickup, receive, collect, accept, hold, keep, take delivery, sign for")
        ),
        Concept("OTHER_PERSON", _set(_OTHER_PERSON)),
        Concept("PAYOUT", _set(_PAY) | _set(_PAY_ACCOUNT), TECH),
        Concept("PAY_ACCOUNT", _set(_PAY_ACCOUNT), TECH),
        Concept(
            "CHANGE",
            _set(
                "change, changed, changing, switch, switched, switching, update, updated, use, using, move, "
                "redirect, send, transfer, from now on, instead, replace, route"
            ),
        ),
        # Not "new": moving one's own pay to a new bank is ordinary; to a different or second one less so.
        Concept("NEW", _set("different, another, other, alternate, alternative, second, separate")),
        Concept(
            "RECEIVE", _set("receive, receives, get, gets, collect, collects, accept, take, takes, handle")
        ),
        Concept("ACCOUNT", _set("account, accounts"), TECH | _set("manager, owner, settings, page")),
        Concept(
            "NAME_CHANGE",
            _set(
                "new name, different name, another name, other name, change my name, update my name, "
                "changed my name, name change, under the name, in the name of, in his name, in her name, "
                "under his name, under her name, on his name, on her name"
            ),
        ),
        Concept(
            "APP",
            _set(
                "telegram, whatsapp, whats app, wechat, we chat, skype, discord, viber, kakaotalk, "
                "on signal, via signal, signal app, in signal, over signal, personal email, private email, "
                "personal mail, gmail, hotmail, yahoo mail, protonmail, proton mail, personal number, "
                "personal phone, "
                "whatsapp number, telegram id, telegram handle"
            ),
            TECH,
            _set("our, their"),
        ),
        Concept(
            "CONTACT",
            _set(
                "continue, move, moving, talk, chat, contact, reach, add, message, text, ping, dm, call, "
                "switch, communicate, write, hit me, find me, join, connect, lets use, can we use, "
                "please use, we can use, prefer, easier, faster, directly, my id, my handle, my username, "
                "conversation, take this, do you have, do you use, are you on, whats your"
            ),
            TECH,
        ),
        Concept(
            "OUTSIDE",
            _set(
                "off platform, off the platform, outside the platform, outside of the platform, "
                "outside upwork, outside of upwork, off upwork, outside fiverr, off fiverr, outside toptal, "
                "bypass the platform, avoid the fees, avoid fees, save on fees, platform fees, platform fee, "
                "pay me directly, pay directly, contract directly, work directly, outside of this platform, "
                "outside this platform"
            ),
        ),
        Concept(
            "LEAK",
            _set(
                "leak, leaks, leaked, leaking, publish, publishing, published, release, releasing, expose, "
                "exposing, sell, selling, post, posted, posting, upload, dump, make public, go public, "
                "goes public, "
                "going public, put online, put it online, post online, hand over, to your competitors, "
                "dark web, darkweb, give to your competitors, share with your competitors, on github, "
                "to github, online, on the internet, pastebin, make it public"
            ),
            TECH,
            _set(
                "memory, connection, resource, resources, fd, handle, goroutine, thread, socket, gas, water"
            ),
        ),
        Concept(
            "ASSET",
            _set(
                "code, source code, sourcecode, source, repo, repos, repository, repositories, data, "
                "database, databases, files, documents, secrets, credentials, customer data, user data, "
                "client data, private keys, intellectual property, emails, screenshots, copies, everything, "
                "what i have, what i took, codebase"
            ),
            TECH | _set("export, exports, freeze, review, owner, owners, science, scientist, engineer"),
        ),
        Concept(
            "PAY_DEMAND",
            _set(
                "pay, paid, payment, owe, owed, money, ransom, compensation, invoice, btc, bitcoin, usdt, "
                "crypto, dollars, usd, settle, wire, fee, severance, transfer"
            ),
            TECH,
        ),
        Concept(
            "CONDITION",
            _set(
                "unless, or else, otherwise, if you dont, if you do not, if not, or they, or it, or i, "
                "or your, "
                "deadline, within, by friday, by monday, if the, until"
            ),
        ),
        Concept("THREAT", _set(_THREAT)),
        # Whose the code is, or that a copy was kept: "your source code", "I kept copies".
        Concept(
            "HELD",
            _set(
                "your, copies, copy, kept, still have, i have, downloaded, stolen, took, backup, backups, "
                "company, customer, customers, client, clients"
            ),
        ),
        Concept("RANSOM", _set("ransom, extort, blackmail")),
    )
}

INTENT_RULES: dict[str, tuple[Rule, ...]] = {
    "prepayment": (
        Rule(("PAY", "BEFORE")),
        Rule(("BEFORE", "PAY")),  # "an advance on next month's invoice": either may come first
        Rule(("PAY", "FIRST"), near=2),
        Rule(("PAY_NOW", "EARLY", "REQUEST")),
        Rule(("PREPAY", "REQUEST")),
        Rule(("BEFORE", "AMOUNT"), near=3),
    ),
    "crypto_payment": (
        Rule(("CRYPTO", "PAY")),
        Rule(("CRYPTO", "SEND", "SELF")),
        Rule(("WALLET", "PAY", "SELF")),
    ),
    "camera_excuse": (
        Rule(("BROKEN", "CAMERA", "SELF"), near=6),
        Rule(("BROKEN", "CAMERA", "AUDIO_ONLY"), near=12),
        Rule(("BROKEN", "CAMERA", "NOW"), near=6),
        Rule(("NO_CAMERA", "SELF"), near=6),
        Rule(("NO_CAMERA", "AUDIO_ONLY"), near=12),
    ),
    "equipment_reshipping": (
        Rule(("SHIP", "EQUIPMENT", "ELSEWHERE"), near=14),
        Rule(("PICKUP", "EQUIPMENT", "ELSEWHERE"), near=10),
    ),
    "payout_switch": (
        Rule(("PAYOUT", "OTHER_PERSON"), near=12, in_order=True),
        Rule(("OTHER_PERSON", "RECEIVE", "PAYOUT"), near=10, in_order=True),
        Rule(("OTHER_PERSON", "PAY_ACCOUNT"), near=2, in_order=True),
        Rule(("OTHER_PERSON", "ACCOUNT", "PAYOUT"), near=12),
        Rule(("CHANGE", "NEW", "PAY_ACCOUNT"), near=8),
        Rule(("CHANGE", "NEW", "ACCOUNT", "PAYOUT"), near=10),
        Rule(("NAME_CHANGE", "PAYOUT"), near=12),
    ),
    "off_platform": (
        Rule(("CONTACT", "APP"), near=8),
        Rule(("OUTSIDE",)),
    ),
    "extortion": (
        Rule(("LEAK", "ASSET", "PAY_DEMAND", "CONDITION"), near=16, message_wide=True),
        Rule(("THREAT", "ASSET", "PAY_DEMAND", "HELD"), near=16, message_wide=True),
        Rule(("RANSOM", "ASSET"), near=16, message_wide=True),
    ),
}
INTENTS: tuple[str, ...] = tuple(INTENT_RULES)

LEXICON_VERSION = hashlib.sha256(
    repr((sorted((c.name, sorted(c.terms), sorted(c.not_before), sorted(c.not_after))
                 for c in CONCEPTS.values()), INTENT_RULES, sorted(SHORTHAND.items()), sorted(NOT_TYPOS),
          sorted(NEGATORS), sorted(SCOPE_BREAKS), sorted(CONDITIONALS), NEGATION_WINDOW,
          sorted((k, sorted(v)) for k, v in SUBSUMES.items()))).encode()
).hexdigest()[:12]  # fmt: skip
