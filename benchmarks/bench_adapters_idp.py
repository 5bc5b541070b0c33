"""Identity-provider adapters: read() throughput and peak memory on a generated 1M-event file each.

    .venv/bin/python benchmarks/bench_adapters_idp.py                 # 1M events per source
    .venv/bin/python benchmarks/bench_adapters_idp.py --events 100000 # quick

Files (in a temp dir): Okta System Log as JSON lines, Entra Azure Monitor
diagnostic export (one record per line, as Azure Storage writes it), M365
unified audit log as JSON lines. Every event is a sign-in: the worst case, since
the adapters count non-sign-in lines without parsing them. Each source is read
in its own child process so that its peak RSS (``wait4``) is its own; figures
are printed and written to ``benchmarks/out/adapters_idp.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from measured import run_stage  # benchmarks/ is on sys.path when a script runs

OUT = Path(__file__).resolve().parent / "out"
SOURCES = ("okta", "entra", "m365")


def _okta(i: int) -> dict[str, Any]:
    return {
        "uuid": f"e{i:09d}",
        "published": f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:07.123Z",
        "eventType": "user.session.start",
        "version": "0",
        "severity": "INFO",
        "displayMessage": "User login to Okta",
        "actor": {
            "id": f"00u{i % 5000}",
            "type": "User",
            "alternateId": f"user{i % 5000}@example.com",
            "displayName": f"User {i % 5000}",
        },
        "client": {
            "userAgent": {
                "rawUserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0",
                "os": "Windows 10",
                "browser": "CHROME",
            },
            "zone": "null",
            "device": "Computer",
            "ipAddress": f"203.0.{i % 256}.{i % 251}",
            "geographicalContext": {
                "city": "Dallas",
                "state": "Texas",
                "country": "United States",
                "postalCode": "75201",
                "geolocation": {"lat": 32.78, "lon": -96.8},
            },
        },
        "authenticationContext": {"authenticationStep": 0, "externalSessionId": f"102{i}"},
        "outcome": {"result": "SUCCESS" if i % 7 else "FAILURE", "reason": None},
        "securityContext": {
            "asNumber": 7018,
            "asOrg": "AT&T",
            "isp": "AT&T",
            "domain": "att.net",
            "isProxy": False,
        },
        "debugContext": {
            "debugData": {
                "requestId": f"r{i}",
                "deviceFingerprint": f"fp{i % 9000}",
                "risk": "{level=LOW}",
                "behaviors": "{New IP=NEGATIVE}",
                "threatSuspected": "false",
            }
        },
        "request": {"ipChain": [{"ip": f"203.0.{i % 256}.{i % 251}", "version": "V4"}]},
        "target": [{"id": "0oa1", "type": "AppInstance", "alternateId": "GitHub", "displayName": "GitHub"}],
    }


def _entra(i: int) -> dict[str, Any]:
    ts = f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:07.1234567Z"
    return {
        "time": ts,
        "resourceId": "/tenants/t/providers/Microsoft.aadiam",
        "operationName": "Sign-in activity",
        "category": "SignInLogs",
        "tenantId": "t",
        "resultType": "0" if i % 7 else "50126",
        "callerIpAddress": f"203.0.{i % 256}.{i % 251}",
        "correlationId": f"c{i}",
        "Level": 4,
        "properties": {
            "id": f"s{i}",
            "createdDateTime": ts,
            "userPrincipalName": f"user{i % 5000}@example.com",
            "userId": f"u{i % 5000}",
            "appDisplayName": "Microsoft Teams",
            "appId": "1fec8e78",
            "ipAddress": f"203.0.{i % 256}.{i % 251}",
            "clientAppUsed": "Browser",
            "userAgent": "Mozilla/5.0 Edge",
            "conditionalAccessStatus": "success",
            "isInteractive": True,
            "riskDetail": "none",
            "riskLevelAggregated": "none",
            "riskLevelDuringSignIn": "none",
            "riskState": "none",
            "riskEventTypes": [],
            "riskEventTypes_v2": [],
            "resourceDisplayName": "Microsoft Graph",
            "status": {"errorCode": 0 if i % 7 else 50126},
            "deviceDetail": {
                "deviceId": f"d{i % 9000}",
                "displayName": "LAPTOP",
                "operatingSystem": "Windows10",
                "browser": "Edge 124",
                "isCompliant": True,
                "isManaged": True,
                "trustType": "AzureAD",
            },
            "location": {
                "city": "Dallas",
                "state": "Texas",
                "countryOrRegion": "US",
                "geoCoordinates": {"latitude": 32.78, "longitude": -96.8},
            },
            "authenticationRequirement": "multiFactorAuthentication",
            "autonomousSystemNumber": 7018,
        },
    }


def _m365(i: int) -> dict[str, Any]:
    return {
        "CreationTime": f"2024-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:07",
        "Id": f"i{i}",
        "Operation": "UserLoggedIn" if i % 7 else "UserLoginFailed",
        "OrganizationId": "o",
        "RecordType": 15,
        "ResultStatus": "Success" if i % 7 else "Failed",
        "UserKey": f"k{i % 5000}",
        "UserType": 0,
        "Version": 1,
        "Workload": "AzureActiveDirectory",
        "ClientIP": f"203.0.{i % 256}.{i % 251}:443",
        "ObjectId": "00000003-0000-0000-c000-000000000000",
        "UserId": f"user{i % 5000}@example.com",
        "AzureActiveDirectoryEventType": 1,
        "ExtendedProperties": [
            {"Name": "ResultStatusDetail", "Value": "Success"},
            {"Name": "UserAgent", "Value": "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0"},
            {"Name": "RequestType", "Value": "Login:login"},
        ],
        "ModifiedProperties": [],
        "Actor": [{"ID": f"k{i % 5000}", "Type": 0}],
        "DeviceProperties": [
            {"Name": "Id", "Value": f"d{i % 9000}"},
            {"Name": "OS", "Value": "Windows 10"},
            {"Name": "BrowserType", "Value": "Chrome"},
        ],
        "ApplicationId": "89bee1f7-5e6e-4d8a-9f3d-ecd601259da7",
        "ErrorNumber": "0" if i % 7 else "50126",
    }


MAKERS = {"okta": _okta, "entra": _entra, "m365": _m365}


def _generate(source: str, events: int, path: Path) -> None:
    make = MAKERS[source]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(events):
            handle.write(json.dumps(make(i), separators=(",", ":")) + "\n")


def _stage_read(source: str, path: Path) -> dict[str, Any]:
    from unmask.ingest.adapters.entra import EntraAdapter
    from unmask.ingest.adapters.m365 import M365Adapter
    from unmask.ingest.adapters.okta import OktaAdapter

    adapter = {"okta": OktaAdapter, "entra": EntraAdapter, "m365": M365Adapter}[source]()
    t = time.perf_counter()
    rows = errors = 0
    for part in adapter.read(path):
        rows += part.chunk.table.num_rows
        errors += len(part.chunk.errors)
    seconds = time.perf_counter() - t
    events = rows + errors + sum(adapter.skipped.values())
    return {
        "seconds": round(seconds, 2),
        "events": events,
        "rows": rows,
        "errors": errors,
        "events_per_s": round(events / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sources", nargs="+", default=list(SOURCES), choices=SOURCES)
    parser.add_argument("--stage", choices=SOURCES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(_stage_read(args.stage, args.file)))
        return
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-idp-") as tmp:
        for source in args.sources:
            path = Path(tmp) / f"{source}.jsonl"
            t = time.perf_counter()
            _generate(source, args.events, path)
            generated = time.perf_counter() - t
            report = run_stage(__file__, "--stage", source, "--file", str(path))
            report["file_mib"] = round(path.stat().st_size / 2**20, 1)
            report["generate_s"] = round(generated, 1)
            results[source] = report
            print(
                f"{source:6} {report['events']:>9} events  {report['seconds']:>6}s  "
                f"{report['events_per_s']:>8} events/s  peak RSS {report['peak_rss_mib']} MiB  "
                f"({report['file_mib']} MiB file)",
                flush=True,
            )
            path.unlink()
    OUT.mkdir(exist_ok=True)
    (OUT / "adapters_idp.json").write_text(json.dumps({"events": args.events, "sources": results}, indent=2))


if __name__ == "__main__":
    main()
