"""A small feed snapshot folder, in the official formats, for tests that must run without ../shared.

Names of real sanctioned entities are public facts; the entity numbers, addresses
and network ranges below are made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

VPN_IP = "45.83.64.7"  # inside VPN_RANGE
VPN_RANGE = "45.83.64.0/24"
TOR_IP = "51.15.43.205"  # a relay on rented servers: hosting by AS, Tor by the list
HOSTING_IP = "13.37.1.2"  # inside HOSTING_RANGE (a cloud provider's published range)
HOSTING_RANGE = "13.37.0.0/16"
IOC_IP = "100.24.1.1"
IOC_DOMAIN = "blocknovas-test.net"
SANCTIONED_WALLET = "0x1DA5821544e25c636c1417Ba96Ade4Cf6D2f9B5A"
DISPOSABLE_DOMAIN = "throwaway-mail-test.net"

SDN_ROWS = [
    '36001,"YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '-0- ,"a.k.a. CHINA SILVER STAR."',
    '36002,"VOLASYS SILVER STAR",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '36003,"CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,'
    '-0- ,-0- ,"a.k.a. JINYONG IT COOPERATION COMPANY."',
    '36004,"JONG, Song Hwa","individual","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1980."',
    '36006,"MORENO, Jose","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."',
    f'36005,"LAZARUS TEST WALLET HOLDER",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    f'"Digital Currency Address - ETH {SANCTIONED_WALLET}."',
]
ALT_ROWS = [
    '36003,9001,"aka","CHINYONG IT COOPERATION COMPANY",-0- ',
    '36001,9002,"aka","CHINA SILVER STAR",-0- ',
]


def write_feeds(root: Path) -> Path:
    """Write one snapshot of every known feed under ``root``; returns ``root``."""
    files = {
        "x4bnet-vpn-datacenter/vpn_ipv4.txt": f"{VPN_RANGE}\n",
        "x4bnet-vpn-datacenter/datacenter_ipv4.txt": "",
        "x4bnet-vpn-datacenter/PROVENANCE.md": "- test snapshot 2026-11-01\n",
        "tor-nodes/tor-exit-nodes.lst": f"{TOR_IP}\n",
        "tor-nodes/tor-nodes.lst": f"{TOR_IP}\n",
        "tor-nodes/PROVENANCE.md": "- test snapshot 2026-11-20\n",
        "cloud-ip-ranges/aws.csv": f"Type,Address\nIPv4,{HOSTING_RANGE}\n",
        "cloud-ip-ranges/PROVENANCE.md": "- test snapshot 2026-11-01\n",
        "disposable-email-domains/disposable_email_blocklist.conf": f"{DISPOSABLE_DOMAIN}\n",
        "disposable-email-domains/PROVENANCE.md": "- test snapshot 2026-11-01\n",
        "ofac-sdn/sdn.csv": "\n".join(SDN_ROWS) + "\n",
        "ofac-sdn/alt.csv": "\n".join(ALT_ROWS) + "\n",
        "ofac-sdn/add.csv": "",
        "ofac-sdn/PROVENANCE.md": "- test snapshot 2026-11-01\n",
        "ofac-crypto-addresses/sanctioned_addresses_ETH.txt": f"{SANCTIONED_WALLET}\n",
        "ofac-crypto-addresses/PROVENANCE.md": "- test snapshot 2026-11-01\n",
        "dprk-itw-iocs/test_iocs.txt": (
            f"DOMAINS\n{IOC_DOMAIN.replace('.', '[.]')}\n\nIP ADDRESSES\n{IOC_IP}\n"
        ),
        "dprk-itw-iocs/PROVENANCE.md": "- test snapshot 2026-11-01\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root
