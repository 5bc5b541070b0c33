"""Words the demo organisation writes: roles, résumés, chat messages, software and hardware names.

Legitimate and operative workers share the ordinary pools; only the few
messages in ``OPERATIVE_*`` carry the patterns the advisories describe
(prepayment, crypto, camera excuses, moving off-platform, paying someone
else, shipping the laptop elsewhere, extortion), each in several wordings,
some with typos or in capitals, so the demo exercises the intent classifier.
The ordinary pool is full of the same trigger words used innocently
("payment service bug", "wallet UI", "memory leak"): they must not flag.
Lists are written one item per line (``_lines``) or comma-separated
(``_items``) to keep this reference data readable.
"""

from __future__ import annotations


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


ORG_DOMAIN = "northwind.example"  # the hiring organisation's own mail domain

# (title, writes code, weight)
ROLES: tuple[tuple[str, bool, float], ...] = (
    ("Backend Engineer", True, 18), ("Frontend Engineer", True, 14), ("Full-Stack Engineer", True, 18),
    ("Mobile Engineer", True, 7), ("DevOps Engineer", True, 7), ("Data Engineer", True, 7),
    ("QA Automation Engineer", True, 5), ("Machine Learning Engineer", True, 4),
    ("Product Designer", False, 6), ("Technical Writer", False, 3), ("Data Analyst", True, 5),
    ("IT Support Specialist", False, 3),
)  # fmt: skip
IT_ADMIN_ROLES = ("IT Administrator", "Systems Administrator", "IT Support Specialist")

SKILLS = _items(
    "Python, Go, TypeScript, React, Node.js, Java, Kotlin, Swift, PostgreSQL, AWS, GCP, Kubernetes, "
    "Terraform, Docker, Django, FastAPI, Spark, Airflow, GraphQL, Redis, Kafka, Rust, C#, .NET, Vue, "
    "Next.js, Figma, Snowflake, dbt, Flutter"
)
SENIORITY = ("Junior", "", "", "Senior", "Senior", "Lead", "Staff")
ACHIEVEMENTS = _lines("""
    Cut API latency by {n}% by reworking the caching layer
    Led the migration of a monolith to {k} services
    Built the billing pipeline that processes {n}k invoices a month
    Introduced end-to-end testing that halved regressions
    Shipped an offline-first mobile app used by {n}k people
    Designed the event-driven order system on {s}
    Maintained CI/CD for {k} teams and reduced build times by {n}%
    Owned the data warehouse and its {k} nightly pipelines
    Mentored {k} junior engineers and ran the interview loop
    Rewrote the search service, improving relevance by {n}%
    Automated infrastructure provisioning with {s}
    Built internal dashboards used daily by {k} departments
    Delivered a design system adopted across {k} products
    Integrated {k} payment providers behind one API
""")
CLOSINGS = _lines("""
    Comfortable working across time zones with async teams.
    Strong communicator who enjoys pairing and code review.
    Looking for a long-term remote role on a product team.
    Open-source contributor; enjoys writing clear documentation.
    Cares about observability, testing and clean architecture.
    Experienced with agile delivery, on-call and incident reviews.
    Happy to own features end to end, from design to production.
    Focused on performance, reliability and developer experience.
""")
# (employer, industry): fictional companies only.
EMPLOYERS: tuple[tuple[str, str], ...] = tuple(
    (name.strip(), domain.strip())
    for name, domain in (
        line.split(":")
        for line in _lines("""
            Brightwave Analytics: analytics
            Northgate Logistics: logistics
            Cobalt Health: healthcare
            Ridgeline Software: software
            Harbor Payments: fintech
            Lumen Retail Group: retail
            Bluefin Media: media
            Tandem Insurance: insurance
            Greenfield Energy: energy
            Orbit Travel: travel
            Keystone Bank: banking
            Pinecone Labs: software
            Summit EdTech: education
            Vertex Robotics: manufacturing
            Cascade Telecom: telecom
            Meridian Games: gaming
            Atlas Freight: logistics
            Juniper Clinics: healthcare
            Silverleaf Consulting: consulting
            Quartz Security: security
            Nimbus Cloud Services: software
            Redwood Marketplace: ecommerce
            Foxglove Studios: media
            Beacon Mobility: automotive
            Copperline Fintech: fintech
            Driftwood Hotels: hospitality
        """)
    )
)
SCHOOLS: dict[str, tuple[str, ...]] = {
    "US": _items(
        "University of Texas at Austin, Georgia Institute of Technology, Ohio State University, "
        "Arizona State University, University of Washington, Rutgers University, Purdue University, "
        "University of Michigan, University of Florida, Penn State University, UC Davis, "
        "North Carolina State University"
    ),
    "CA": _items(
        "University of Toronto, University of Waterloo, McGill University, University of British Columbia"
    ),
    "GB": _items(
        "University of Manchester, University of Bristol, University of Leeds, University of Edinburgh"
    ),
    "DE": _items("TU München, KIT Karlsruhe, RWTH Aachen, Universität Hamburg"),
    "PL": _items("Politechnika Warszawska, AGH Kraków, Politechnika Wrocławska, Uniwersytet Gdański"),
    "UA": _items(
        "Kyiv Polytechnic Institute, Lviv Polytechnic, Kharkiv National University of Radio Electronics"
    ),
    "IN": _items(
        "VIT Vellore, Anna University, Savitribai Phule Pune University, Manipal Institute of Technology"
    ),
    "BR": _items("Universidade de São Paulo, UNICAMP, UFMG, UFRGS"),
    "PH": _items("University of the Philippines, Ateneo de Manila University, De La Salle University"),
    "other": _items(
        "State University of Technology, National Polytechnic University, Open University, "
        "Technical University, City College of Engineering"
    ),
}
DEGREES = _items(
    "BSc Computer Science, BEng Software Engineering, BSc Information Systems, MSc Computer Science, "
    "BSc Mathematics, MSc Data Science, BA Graphic Design, BSc Electrical Engineering"
)

REPOS = _items(
    "payments-api, web-app, mobile-app, data-pipeline, infra-terraform, auth-service, design-system, "
    "search-indexer, admin-portal, notifications, analytics-etl, docs-site"
)
APPS: tuple[tuple[str, float], ...] = (
    ("Okta Dashboard", 30), ("Google Workspace", 16), ("Slack", 16), ("GitHub Enterprise", 12),
    ("Jira Cloud", 10), ("AWS IAM Identity Center", 6), ("Zoom", 5), ("Workday", 2), ("Figma", 3),
)  # fmt: skip
VPN_APP = "GlobalProtect"  # the corporate VPN, logged with source "vpn"

_WEBKIT = "AppleWebKit/537.36 (KHTML, like Gecko)"
_MAC = "Macintosh; Intel Mac OS X 10_15_7"
LAPTOP_AGENTS = (
    f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {_WEBKIT} Chrome/139.0.0.0 Safari/537.36",
    f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {_WEBKIT} Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0",
    f"Mozilla/5.0 ({_MAC}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
    f"Mozilla/5.0 ({_MAC}) {_WEBKIT} Chrome/139.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:142.0) Gecko/20100101 Firefox/142.0",
)
PHONE_AGENTS = (
    "Okta Verify/9.52.0 (iPhone; iOS 18.6; Scale/3.00)",
    "Okta Verify/9.51.1 (Android 15; Pixel 8)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148",
)

BASE_SOFTWARE: dict[str, tuple[str, ...]] = {
    "windows": _items(
        "Microsoft Edge, Google Chrome, Slack, Zoom, Microsoft Teams, CrowdStrike Falcon, 1Password, "
        "Git for Windows"
    ),
    "mac": _items("Google Chrome, Slack, Zoom, CrowdStrike Falcon, 1Password, iTerm2, Homebrew"),
    "linux": _items("Firefox, Slack, Zoom, CrowdStrike Falcon, 1Password, Git"),
}
ROLE_SOFTWARE = _items(
    "Visual Studio Code, Docker Desktop, IntelliJ IDEA, Postman, Figma, DBeaver, Android Studio, Xcode, "
    "PyCharm, Notion, Spotify, WhatsApp, Loom"
)
# Tools IT staff use for their job, and what laptop-farm operators control laptops with.
ADMIN_REMOTE_TOOLS = _items("TeamViewer, AnyDesk, ScreenConnect Client, Splashtop Business, RealVNC Viewer")
OPERATIVE_REMOTE_TOOLS = _items(
    "AnyDesk, TeamViewer, RustDesk, Chrome Remote Desktop Host, Splashtop Streamer"
)
PERIPHERALS = _items(
    "Logitech USB Receiver, Apple Magic Keyboard, YubiKey 5 NFC, Jabra Evolve2 65, Dell WD19 Dock, "
    "Logitech C920 HD Webcam, Samsung T7 SSD, CalDigit TS4 Thunderbolt Dock, Blue Yeti Microphone, "
    "Anker USB-C Hub"
)
IP_KVMS = _items("PiKVM v4 Plus, TinyPilot Voyager 2a, JetKVM, Sipeed NanoKVM, GL.iNet Comet GL-RM1")

# Ordinary work chat. {ticket} and {ticket_key} are filled in to vary the text.
FROM_WORKER = _lines("""
    pushed the fix for the login bug, PR is up
    can we move standup to 10 tomorrow?
    PR #{ticket} is ready for review
    I'm picking up {ticket_key} next
    deploy to staging went fine, running smoke tests now
    the flaky test was a race in the fixture, fixed
    out for a dentist appointment 2-3pm
    quick question on the API contract for {ticket_key}
    I left comments on your PR
    finished the migration script, dry run looks good
    is the design for the settings page final?
    blocked on access to the prod logs, who can grant it?
    sharing my screen in 2 min
    taking a look at the alert now
    merged, thanks for the review
    I'll be offline Friday afternoon, covered by Sam
    updated the runbook with the new steps
    benchmarks attached, p95 is down 30%
    sorry, running 5 min late to the sync
    can someone pair with me on the flaky build?
    opened a ticket for the memory leak: {ticket_key}
    done with code review for today
    found a payment service bug while testing {ticket_key}
    the wallet UI needs a loading state, see {ticket_key}
    telegram bot integration for alerts is merged
    we can ship the feature on Thursday if QA agrees
    I'll release the code once the freeze is lifted
    switch branch to main before you rebase
    sure, I'll turn on the camera for the demo
    the invoice export job failed again, looking into it
    crypto library upgrade is done, PR #{ticket}
    the camera permission screen crashes on Android, filed {ticket_key}
    rolled back the config change, looking into it
    thanks! that fixed it
    writing up the postmortem draft now
    estimates for the sprint are in the sheet
""")
TO_WORKER = _lines("""
    thanks for the quick turnaround on {ticket_key}
    can you take a look at the failing pipeline?
    reminder: sprint planning at 11
    great demo today!
    please update the ticket status before EOD
    could you review PR #{ticket}?
    welcome aboard! your accounts should be ready
    can you join the incident channel?
    nice work on the release
    do you have capacity for {ticket_key}?
    timesheet reminder for this week
    let's sync on the roadmap tomorrow
""")
PROJECT_KEYS = ("API", "WEB", "MOB", "DATA", "OPS", "AUTH", "PAY", "SRCH")

# Messages a given hard-legitimate group sends once: context, not red flags.
BENIGN_CONTEXT: dict[str, tuple[str, ...]] = {
    "legit_traveller": (
        "heads up, I'm travelling next week but keeping normal hours",
        "working from my family's place this week, same hours",
    ),
    "legit_vpn_user": ("I run Mullvad on my home network, let me know if that's a problem for SSO",),
    "legit_night_owl": ("I do my best focus work in the evenings, will reply async",),
    "legit_crypto": (
        "could my payouts go to my USDC wallet like last month?",
        "can you pay me in USDC this month?",
        "same as before please, payout in USDC to my usual wallet",
    ),
    "legit_it_admin": ("installed TeamViewer on my laptop for the helpdesk rotation",),
    "legit_camera_shy": (
        "sorry, keeping my camera off today, bandwidth is bad",
        "camera off for me today, kids are home",
    ),
    "legit_expat": (
        "my phone is still on my number from back home, texts reach me fine",
        "heads up, the number on file is my old one from home, I never switched carriers",
    ),
}
FAREWELL = ("thanks everyone, it was great working with you", "last day today, handover doc is in the wiki")

OPERATIVE_PREPAYMENT = _lines("""
    could you pay the first two weeks in advance? I have equipment costs
    my bank needs the payment before the 15th, can you send it early this time?
    is it possible to get an advance on next month's invoice?
    I need 50% upfront before I start the next milestone
    pls send the paymnt b4 i start, my rent is due
    Can you pay me in advanse this month? Will explain later
    I'd prefer to be paid up front for this sprint
""")
OPERATIVE_CRYPTO = _lines("""
    can you pay this invoice in USDT? my bank is delaying transfers
    please send the payment to my crypto wallet instead of the bank account
    pls pay me in btc this time, bank transfers take too long
    my wallet address for the salary is below (USDT TRC20)
    Could you transfer my wages in bitcoin instead?
""")
OPERATIVE_CAMERA = _lines("""
    sorry, my webcam is broken, ordering a new one
    camera not working today, can we do audio only?
    my laptop camera driver crashed again, joining by voice
    internet is slow here, video keeps freezing so I'll stay off camera
    my cam is brokn again sorry, audio only
    MY WEBCAM DIED, JOINING BY PHONE
    I dont have a camera on this laptop, can we do voice only
""")
OPERATIVE_OFF_PLATFORM = _lines("""
    can we continue on Telegram? Slack keeps logging me out
    please add me on WhatsApp, easier to reach me there
    let's move the contract outside the platform to save on fees
    ping me on telegramm, I check it more often
    lets talk on skype instead, my id is in my profile
    can u message me on whatsap from now on
""")
# Asking to be paid through someone else's account or under another name.
OPERATIVE_PAYOUT_SWITCH = _lines("""
    please use my cousin's Payoneer account for this month's payout
    my bank account is frozen, send the salary to my brother's account
    pls pay my frend this month, he will pass it to me
    can you change my payout to a different bank account, details below
    from now on the invoice will be under a different name
""")
# Asking for the company laptop to go somewhere other than the address on file.
OPERATIVE_RESHIPPING = _lines("""
    can you ship the laptop to my friend at a different address?
    please send the new laptop to my cousin, he will set it up for me
    I'm travelling, could you mail the equipment to another address this time
    pls ship the macbook to my uncles place instead of my home
""")
OPERATIVE_THREAT = _lines("""
    if the last invoice is not paid I will publish the source code I still have
    I kept copies of the repositories. Pay what you owe or they go public
    pay what you owe by friday or your customer data gets leaked
    I still have your code. Unless I get paid, it goes on github tomorrow
    you have 48 hours to pay. otherwise I sell your database to your competitors
""")
MANAGER_NUDGES = _lines("""
    please turn your camera on for standups
    we missed you at the 1:1 again, everything ok?
    we need a live video ID check before the next payment
""")
# Hiring-funnel chat with applicants.
RECRUITER_TO = _lines("""
    thanks for your time today, next step is a technical interview
    could you share your availability for next week?
    we'd like to move forward with an offer
""")
RECRUITER_FROM = _lines("""
    thanks, looking forward to it
    I'm available Tuesday or Thursday afternoon
    attached my updated resume
""")

MEETING_NOTES_CAMERA_OFF = ("said webcam was broken", "audio only, poor connection", "joined by phone")
# The last, empty note means "no note".
MEETING_NOTES_INTERVIEW = ("strong on fundamentals", "good communication", "solid system design",
                           "needs more depth on testing", "")  # fmt: skip
ASSESSMENT_NOTES = ("", "", "clean run", "good problem solving", "ran out of time on the last task",
                    "efficient solution")  # fmt: skip

# Staffing firms: legitimate agencies and the front companies rings hire through.
FIRM_PREFIXES = _items(
    "Blue, Silver, North, Bright, Clear, Apex, Nova, Summit, Vertex, Prime, Swift, Stellar, Cedar, Harbor, "
    "Pioneer, Keystone, Crest, Evergreen, Lumen, Orbit, Granite, Maple, Atlas, Sterling, Horizon, Pacific, "
    "Metro, Union"
)
FIRM_SUFFIXES = _items(
    "Talent, Staffing, IT Solutions, Tech Partners, Consulting Group, Workforce, Digital Services, "
    "Software Outsourcing, Recruiting, Tech Staffing"
)
BACKGROUND_CHECK_PROVIDERS = ("Sterling", "Checkr", "HireRight", "First Advantage")
