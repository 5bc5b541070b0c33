"""Everything unmask knows about IPs, contacts, domains and sanctioned parties, for one scan.

Package data (geoip2fast, phonenumbers, disposable-email-domains, the curated
lists in ``unmask/intel/data``) is always there; feed snapshots from the cache
add to it. Each source is loaded only when an enrichment first asks for it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from unmask.intel.domains import LookalikeIndex, load_known_companies
from unmask.intel.email import EmailIntel
from unmask.intel.feeds import FEEDS, FeedCache, FeedStatus, default_cache_dir
from unmask.intel.indicators import IndicatorSet, load_indicators
from unmask.intel.ipintel import IpIntel
from unmask.intel.sanctions import SanctionsFiles, SanctionsList

_PACKAGES = (
    "unmask",
    "geoip2fast",
    "phonenumbers",
    "disposable-email-domains",
    "email-validator",
    "dnstwist",
)
_PACKAGE_DATA = "geoip2fast (country, AS organisation), phonenumbers, disposable-email-domains, curated lists"


class Intelligence:
    """Feed snapshots found in one cache folder, plus package data."""

    def __init__(self, cache: FeedCache, today: date | None = None) -> None:
        self.cache = cache
        self.feeds: dict[str, Path] = cache.paths()
        self.statuses: list[FeedStatus] = cache.status(today)

    @classmethod
    def open(cls, feeds_dir: Path | None = None, today: date | None = None) -> Intelligence:
        """The cache at ``feeds_dir`` (default: the user's cache); a missing folder means no feeds."""
        return cls(FeedCache(feeds_dir or default_cache_dir()), today)

    def fingerprint(self, *feed_names: str) -> str:
        """Changes whenever a package version or one of the named feeds' snapshots changes."""
        records = {s.name: s.record for s in self.statuses}
        parts = [f"{p}={_version(p)}" for p in _PACKAGES]
        for name in feed_names:
            record = records.get(name)
            parts.append(f"{name}={record.sha256 if record else '-'}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    @cached_property
    def ip(self) -> IpIntel:
        return IpIntel.load({n: p for n, p in self.feeds.items() if n in IP_FEEDS})

    @cached_property
    def email(self) -> EmailIntel:
        folder = self.feeds.get("disposable-email-domains")
        blocklist = folder / "disposable_email_blocklist.conf" if folder else None
        return EmailIntel(blocklist if blocklist and blocklist.exists() else None)

    @cached_property
    def lookalikes(self) -> LookalikeIndex:
        return LookalikeIndex(load_known_companies())

    @cached_property
    def indicators(self) -> IndicatorSet:
        folder = self.feeds.get("dprk-itw-iocs")
        return load_indicators(folder) if folder else IndicatorSet()

    @cached_property
    def sanctions(self) -> SanctionsList | None:
        """The OFAC list, or None without an ``ofac-sdn`` or ``ofac-crypto-addresses`` feed."""
        sdn, crypto = self.feeds.get("ofac-sdn"), self.feeds.get("ofac-crypto-addresses")
        if sdn is None and crypto is None:
            return None
        return SanctionsList.load(SanctionsFiles.discover(sdn or crypto or Path(), crypto))

    def report(self) -> dict[str, Any]:
        """What a scan's reader must know: feeds used (with age), missing, stale."""
        used = [s.as_dict() for s in self.statuses if s.record]
        missing = [s.name for s in self.statuses if not s.record]
        warnings = [
            f"feed {s.name} is {s.age_days} days old (stale after {FEEDS[s.name].max_age_days}); "
            "run `unmask feeds update`"
            for s in self.statuses
            if s.stale
        ]
        if not used:
            warnings.append(
                f"no feed snapshots in {self.cache.root}: running on package data only ({_PACKAGE_DATA}); "
                "VPN/Tor/cloud classification and sanctions screening need `unmask feeds update --from …`"
            )
        return {
            "cache": str(self.cache.root),
            "used": used,
            "missing": missing,
            "warnings": warnings,
            "package_data": _PACKAGE_DATA,
            "checked_at": datetime.now(UTC).date().isoformat(),
        }


IP_FEEDS = ("x4bnet-vpn-datacenter", "tor-nodes", "cloud-ip-ranges")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"
