"""Devices: remote-access software and IP-KVM hardware in endpoint inventories.

Laptop farms run company laptops in a facilitator's home and control them from
abroad, through remote-access tools or an IP-KVM plugged into the laptop.
"""

from __future__ import annotations

from unmask.detectors import references as ref
from unmask.detectors.base import Detector, Settings

REMOTE_ACCESS_TOOLS = (
    r"anydesk|teamviewer|rustdesk|chrome remote desktop|splashtop|gotoassist|goto resolve|logmein|"
    r"screenconnect|connectwise control|radmin|ammyy|remotepc|dwservice|supremo|zoho assist|"
    r"bomgar|beyondtrust remote|parsec|tightvnc|realvnc|ultravnc|tigervnc|nomachine|meshcentral"
)
IP_KVM = (
    r"pikvm|pi-kvm|tinypilot|jetkvm|nanokvm|blikvm|gl\.?inet|glkvm|comet kvm|gl-rm1|ip-?kvm|"
    r"kvm over ip|lantronix spider|raritan|aten kn"
)


def _matches_sql(column: str, pattern: str, s: Settings) -> str:
    """Workers whose inventory ``column`` (a list) names something matching ``pattern``."""
    return f"""
    WITH hits AS (
        SELECT d.worker_id, d.row_id, d.origin, d.ts, d.device_id, item
        FROM devices d, unnest(d.{column}) AS u(item)
        WHERE regexp_matches(lower(item), '{pattern}')
    )
    SELECT h.worker_id,
           list(DISTINCT h.item ORDER BY h.item) AS items,
           list(DISTINCT h.device_id ORDER BY h.device_id) AS devices,
           count(DISTINCT lower(h.item)) AS distinct_items,
           max(per_device) AS most_on_one_device,
           least(1.0, {s["base_strength"]} + {s["per_extra_item"]} * (most_on_one_device - 1)) AS strength,
           list(DISTINCT {{'table': 'devices', 'row_id': h.row_id, 'origin': h.origin}})[1:20] AS evidence,
           count(DISTINCT h.row_id) AS evidence_total
    FROM hits h
    JOIN (SELECT worker_id, device_id, count(DISTINCT lower(item)) AS per_device
          FROM hits GROUP BY ALL) pd USING (worker_id, device_id)
    GROUP BY h.worker_id
    """


REMOTE_ACCESS = Detector(
    id="remote_access_tools",
    title="Remote-access tools on the work device",
    description="AnyDesk, TeamViewer, RustDesk, Chrome Remote Desktop, Splashtop and the like in the "
    "device inventory; two or more on one host weigh more. IT staff use them legitimately.",
    category="device",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("devices",),
    sql=lambda s: _matches_sql("software", REMOTE_ACCESS_TOOLS, s),
    detail=lambda r: (
        f"Remote-access software on {len(r['devices'])} device(s): {', '.join(r['items'])}"
        + (f" ({r['most_on_one_device']} tools on one host)." if r["most_on_one_device"] > 1 else ".")
    ),
    settings={"base_strength": 0.5, "per_extra_item": 0.25},
)

IP_KVM_HARDWARE = Detector(
    id="ip_kvm_device",
    title="IP-KVM hardware attached",
    description="PiKVM, TinyPilot, JetKVM, NanoKVM, GL.iNet and similar IP-KVM devices attached to the work "
    "laptop: the laptop-farm signature of remote control from abroad.",
    category="device",
    references=(ref.FBI_PSA_2024, ref.DOJ_LAPTOP_FARM_2024),
    tables=("devices",),
    sql=lambda s: _matches_sql("usb", IP_KVM, s),
    detail=lambda r: f"IP-KVM hardware seen on {len(r['devices'])} device(s): {', '.join(r['items'])}.",
    settings={"base_strength": 1.0, "per_extra_item": 0.0},
)
