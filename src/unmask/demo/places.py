"""Countries, cities, phone plans and address blocks the demo organisation draws from.

Everything here is static reference data, written as compact text tables that
``_country`` parses. The residential blocks are large allocations of consumer
ISPs (cable, DSL, fibre and mobile carriers); each was checked once by hand to
geolocate to its country in geoip2fast and to stay out of the public
VPN/datacenter lists, so a legitimate worker's home address never looks like a
hosting provider. At run time the generator still re-checks every drawn
address against the geo index and drops any that disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    timezone: str
    area_codes: tuple[str, ...] = ()  # national dialling prefixes where numbers are geographic


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    dial: str  # E.164 country calling code, without '+'
    # Mobile number plan after the country code: a prefix from ``mobile_prefixes``
    # (or the city's area code when there are none) then ``digits`` random digits.
    mobile_prefixes: tuple[str, ...]
    digits: int
    cities: tuple[City, ...]
    residential: tuple[str, ...]  # consumer ISP CIDRs (see module docstring)
    cultures: tuple[tuple[str, float], ...]  # name traditions of people living there, with weights
    pay_tier: int = 1  # 1 = high-cost market, 2 = mid, 3 = low-cost (sets hourly rates)

    @property
    def use_area_codes(self) -> bool:
        return not self.mobile_prefixes


def _country(
    code: str,
    currency: str,
    dial: str,
    mobile: str,
    digits: int,
    cities: str,
    residential: str,
    cultures: str,
    tier: int = 1,
) -> Country:
    """Parse one country. ``cities``: lines of ``name | timezone [| area codes]``, or
    ``timezone: name, name`` for a single-timezone country with mobile prefixes."""
    parsed: list[City] = []
    if "|" in cities:
        for line in filter(None, (ln.strip() for ln in cities.splitlines())):
            parts = [p.strip() for p in line.split("|")]
            parsed.append(City(parts[0], parts[1], tuple(parts[2].split()) if len(parts) > 2 else ()))
    else:
        tz, names = cities.split(":", 1)
        parsed = [City(n.strip(), tz.strip()) for n in names.split(",")]
    mix = tuple((name, float(weight)) for name, weight in (c.split(":") for c in cultures.split()))
    prefixes, blocks = tuple(mobile.split()), tuple(residential.split())
    return Country(code, currency, dial, prefixes, digits, tuple(parsed), blocks, mix, tier)


_US_CITIES = """
    New York | America/New_York | 212 646 917 718
    Boston | America/New_York | 617 857
    Atlanta | America/New_York | 404 678 470
    Miami | America/New_York | 305 786
    Raleigh | America/New_York | 919 984
    Philadelphia | America/New_York | 215 267
    Columbus | America/New_York | 614 380
    Charlotte | America/New_York | 704 980
    Pittsburgh | America/New_York | 412
    Detroit | America/Detroit | 313 248
    Indianapolis | America/Indiana/Indianapolis | 317 463
    Chicago | America/Chicago | 312 773 872
    Austin | America/Chicago | 512 737
    Dallas | America/Chicago | 214 469 972
    Houston | America/Chicago | 713 832 281
    Minneapolis | America/Chicago | 612 763
    Nashville | America/Chicago | 615 629
    Kansas City | America/Chicago | 816
    Denver | America/Denver | 303 720
    Salt Lake City | America/Denver | 801 385
    Phoenix | America/Phoenix | 602 480 623
    Los Angeles | America/Los_Angeles | 213 310 323 424
    San Diego | America/Los_Angeles | 619 858
    San Francisco | America/Los_Angeles | 415 628
    San Jose | America/Los_Angeles | 408 669
    Seattle | America/Los_Angeles | 206 425
    Portland | America/Los_Angeles | 503 971
"""
_CA_CITIES = """
    Toronto | America/Toronto | 416 647 437
    Ottawa | America/Toronto | 613 343
    Montreal | America/Toronto | 514 438
    Vancouver | America/Vancouver | 604 778
    Calgary | America/Edmonton | 403 587
    Halifax | America/Halifax | 902 782
"""
# Brazil, Mexico and Argentina: the "area code" includes the mobile '9' where one is dialled.
_BR_CITIES = """
    São Paulo | America/Sao_Paulo | 119
    Rio de Janeiro | America/Sao_Paulo | 219
    Belo Horizonte | America/Sao_Paulo | 319
    Curitiba | America/Sao_Paulo | 419
    Porto Alegre | America/Sao_Paulo | 519
    Florianópolis | America/Sao_Paulo | 489
    Recife | America/Recife | 819
"""
_MX_CITIES = """
    Mexico City | America/Mexico_City | 55 56
    Guadalajara | America/Mexico_City | 33
    Monterrey | America/Monterrey | 81
"""
_AR_CITIES = """
    Buenos Aires | America/Argentina/Buenos_Aires | 9111 9115 9116
    Córdoba | America/Argentina/Cordoba | 9351
    Rosario | America/Argentina/Cordoba | 9341
"""
_US_ISPS = (
    "73.0.0.0/8 67.160.0.0/11 98.192.0.0/10 24.0.0.0/12 50.128.0.0/9 71.192.0.0/12 76.16.0.0/12 "
    "174.48.0.0/12 99.0.0.0/10 107.128.0.0/12 96.224.0.0/11 72.64.0.0/12 70.160.0.0/11 68.96.0.0/12 "
    "98.160.0.0/11 174.96.0.0/12"
)

COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        _country("US", "USD", "1", "", 7, _US_CITIES, _US_ISPS,
                 "anglo:.50 hispanic:.16 chinese:.05 korean:.03 vietnamese:.03 indian:.08 slavic_east:.03 "
                 "polish:.02 italian:.03 german:.02 nigerian:.02 arabic:.02 filipino:.01"),
        _country("CA", "CAD", "1", "", 7, _CA_CITIES,
                 "99.224.0.0/11 70.24.0.0/13 142.112.0.0/12 24.64.0.0/13 70.64.0.0/12 174.88.0.0/13",
                 "anglo:.55 french:.12 chinese:.08 indian:.1 slavic_east:.05 korean:.03 filipino:.04 "
                 "arabic:.03"),
        _country("GB", "GBP", "44", "7", 9,
                 "Europe/London: London, Manchester, Bristol, Edinburgh, Leeds, Glasgow",
                 "86.128.0.0/10 81.128.0.0/11 90.192.0.0/11 109.144.0.0/12",
                 "anglo:.7 indian:.1 pakistani:.05 polish:.05 nigerian:.04 chinese:.03 italian:.03"),
        _country("DE", "EUR", "49", "151 152 157 160 170 171 176", 8,
                 "Europe/Berlin: Berlin, Munich, Hamburg, Cologne, Leipzig, Frankfurt",
                 "84.128.0.0/10 87.128.0.0/10 91.0.0.0/10 93.192.0.0/10 79.192.0.0/10",
                 "german:.8 turkish:.08 polish:.05 slavic_east:.04 italian:.03"),
        _country("PL", "PLN", "48", "50 51 53 57 60 66 69 72 78 79 88", 7,
                 "Europe/Warsaw: Warsaw, Kraków, Wrocław, Gdańsk, Poznań, Łódź",
                 "83.0.0.0/11 89.64.0.0/12 79.184.0.0/13 37.47.0.0/16", "polish:.93 slavic_east:.07", 2),
        _country("UA", "USD", "380", "50 63 66 67 68 73 93 95 96 97 98", 7,
                 "Europe/Kyiv: Kyiv, Lviv, Kharkiv, Dnipro, Odesa",
                 "46.211.0.0/16 178.150.0.0/15 37.73.0.0/16 188.163.0.0/16", "slavic_east:1", 2),
        _country("IN", "INR", "91", "70 73 77 80 81 88 90 93 96 98 99", 8,
                 "Asia/Kolkata: Bengaluru, Hyderabad, Pune, Chennai, Noida, Mumbai",
                 "122.160.0.0/12 223.176.0.0/12 117.192.0.0/10 59.88.0.0/13 106.192.0.0/11", "indian:1", 3),
        _country("BR", "BRL", "55", "", 8, _BR_CITIES,
                 "177.0.0.0/10 191.0.0.0/10 201.0.0.0/11", "brazilian:1", 2),
        _country("PH", "PHP", "63", "905 906 915 917 918 919 920 927 995", 7,
                 "Asia/Manila: Manila, Quezon City, Cebu City, Davao City, Makati",
                 "112.198.0.0/16 49.144.0.0/13 180.190.0.0/15 122.52.0.0/14", "filipino:1", 3),
        _country("MX", "MXN", "52", "", 8, _MX_CITIES, "189.128.0.0/10", "hispanic:1", 2),
        _country("ES", "EUR", "34", "6 7", 8, "Europe/Madrid: Madrid, Barcelona, Valencia, Seville, Málaga",
                 "83.32.0.0/11 88.0.0.0/11 79.144.0.0/12 81.32.0.0/12",
                 "hispanic:.9 arabic:.05 romanian:.05", 2),
        _country("PT", "EUR", "351", "91 92 93 96", 7, "Europe/Lisbon: Lisbon, Porto, Braga, Coimbra",
                 "94.60.0.0/14 89.152.0.0/14", "brazilian:1", 2),
        _country("RO", "RON", "40", "72 73 74 75 76 78", 7,
                 "Europe/Bucharest: Bucharest, Cluj-Napoca, Iași, Timișoara",
                 "86.120.0.0/13 5.12.0.0/14 82.76.0.0/14", "romanian:1", 2),
        _country("AR", "USD", "54", "", 7, _AR_CITIES,
                 "181.0.0.0/12 181.88.0.0/13", "hispanic:.85 italian:.15", 2),
        _country("NL", "EUR", "31", "6", 8,
                 "Europe/Amsterdam: Amsterdam, Rotterdam, Utrecht, Eindhoven, The Hague",
                 "77.160.0.0/12 84.24.0.0/13 62.194.0.0/15", "dutch:.85 turkish:.08 arabic:.07"),
        _country("FR", "EUR", "33", "6 7", 8,
                 "Europe/Paris: Paris, Lyon, Toulouse, Nantes, Lille, Bordeaux",
                 "86.192.0.0/10 88.160.0.0/11", "french:.85 arabic:.1 vietnamese:.05"),
        _country("SE", "SEK", "46", "70 72 73 76", 7,
                 "Europe/Stockholm: Stockholm, Gothenburg, Malmö, Uppsala",
                 "83.248.0.0/13 90.224.0.0/12 78.64.0.0/12 81.224.0.0/12",
                 "swedish:.85 arabic:.08 polish:.07"),
        _country("IT", "EUR", "39", "320 328 333 338 340 347 349 380", 7,
                 "Europe/Rome: Milan, Rome, Turin, Bologna, Florence",
                 "79.0.0.0/10 93.32.0.0/12 87.0.0.0/12 151.16.0.0/12", "italian:1"),
        _country("NG", "USD", "234", "703 706 803 806 810 813 816 903 906", 7,
                 "Africa/Lagos: Lagos, Abuja, Port Harcourt, Ibadan",
                 "105.112.0.0/12 197.210.0.0/16 102.89.0.0/16 41.184.0.0/16", "nigerian:1", 3),
        _country("PK", "PKR", "92", "300 301 303 310 321 333 345", 7,
                 "Asia/Karachi: Lahore, Karachi, Islamabad, Rawalpindi",
                 "39.32.0.0/11 182.176.0.0/12 119.152.0.0/13", "pakistani:1", 3),
        _country("VN", "VND", "84", "32 33 35 70 77 86 90 91 96 98", 7,
                 "Asia/Ho_Chi_Minh: Ho Chi Minh City, Hanoi, Da Nang, Can Tho",
                 "113.160.0.0/11 14.160.0.0/11 27.64.0.0/12 171.224.0.0/11", "vietnamese:1", 3),
        _country("CO", "COP", "57", "300 301 310 311 312 315 320", 7,
                 "America/Bogota: Bogotá, Medellín, Cali, Barranquilla",
                 "181.48.0.0/13 191.88.0.0/13", "hispanic:1", 2),
        _country("EG", "EGP", "20", "10 11 12 15", 8, "Africa/Cairo: Cairo, Alexandria, Giza",
                 "41.32.0.0/12 156.192.0.0/11 197.32.0.0/12", "arabic:1", 3),
        _country("TR", "TRY", "90", "530 532 533 535 541 542 505 555", 7,
                 "Europe/Istanbul: Istanbul, Ankara, Izmir, Bursa",
                 "78.160.0.0/11 88.224.0.0/11 85.96.0.0/12 176.232.0.0/13", "turkish:1", 2),
    )
}  # fmt: skip

# Where legitimate workers claim to live (weights, normalised later): a US company
# hiring remotely, mostly at home and across the usual nearshore/offshore markets.
LEGIT_CLAIMS: dict[str, float] = {
    "US": 50, "GB": 6, "CA": 5, "PL": 5, "UA": 5, "IN": 7, "DE": 4, "BR": 4, "PH": 3.5, "MX": 2,
    "ES": 1.5, "PT": 1, "RO": 1.5, "AR": 1.5, "NL": 1, "FR": 1, "SE": 0.5, "IT": 0.5, "NG": 1,
    "PK": 1, "VN": 1, "CO": 1, "EG": 0.5, "TR": 0.5,
}  # fmt: skip
# Operatives pose as residents of the US, Canada and a few EU countries (advisories).
OPERATIVE_CLAIMS: dict[str, float] = {"US": 76, "CA": 10, "GB": 4, "DE": 3, "PL": 4, "NL": 3}

# Where travellers go; JP/TH/AU have no country entry above, so their blocks are here.
TRIP_DESTINATIONS = ("PT", "ES", "IT", "FR", "MX", "GB", "DE", "NL", "CO", "TR", "JP", "TH", "AU")
EXTRA_RESIDENTIAL: dict[str, tuple[str, ...]] = {
    "JP": ("60.64.0.0/11", "114.144.0.0/12", "153.128.0.0/10", "219.96.0.0/11"),
    "TH": ("49.228.0.0/14", "1.46.0.0/15", "110.168.0.0/14"),
    "AU": ("1.120.0.0/13", "101.160.0.0/11", "58.160.0.0/12", "121.208.0.0/12"),
}

# Commercial privacy-VPN exit servers (Mullvad, Proton VPN), as listed publicly;
# shared by many unrelated customers, as real exits are.
VPN_EXITS: dict[str, tuple[str, ...]] = {
    "NL": ("80.66.197.3", "89.37.63.129", "147.78.240.3", "185.65.134.76", "37.0.12.227", "185.107.44.210"),
    "CH": (
        "46.19.136.226",
        "138.199.6.207",
        "179.43.189.66",
        "79.127.207.129",
        "149.88.27.130",
        "185.159.157.48",
    ),
    "SE": (
        "45.83.220.68",
        "141.98.255.97",
        "185.65.135.68",
        "185.213.154.68",
        "31.13.191.67",
        "149.50.216.194",
    ),
    "US": (
        "23.234.85.127",
        "68.235.46.33",
        "146.70.165.194",
        "31.13.189.227",
        "89.187.180.52",
        "154.47.25.18",
    ),
}
PRIVACY_VPN_COUNTRIES = ("NL", "CH", "SE")

# Cloud servers (DigitalOcean, Linode) a moderate operative tunnels through.
DATACENTER_CIDRS: dict[str, tuple[str, ...]] = {
    "US": ("104.131.0.0/18", "104.236.0.0/18", "107.170.208.0/20", "104.200.16.0/24"),
    "NL": ("104.248.192.0/20", "161.35.144.0/20", "138.68.120.0/23", "172.233.32.0/24"),
}

# The operatives' real whereabouts: China (most), Russia, and rarely North Korea itself.
ABROAD_COUNTRIES = ("CN", "RU")
OPERATIVE_TIMEZONES = ("Asia/Pyongyang", "Asia/Shanghai")  # UTC+9 and UTC+8

# Fixed demo exchange rates: units of currency per US dollar.
USD_RATE: dict[str, float] = {
    "USD": 1.0, "CAD": 1.37, "GBP": 0.78, "EUR": 0.92, "PLN": 3.95, "INR": 84.0, "BRL": 5.5,
    "PHP": 57.0, "MXN": 18.5, "RON": 4.6, "PKR": 280.0, "VND": 25000.0, "COP": 4000.0, "EGP": 48.0,
    "TRY": 34.0, "SEK": 10.5, "CNY": 7.2, "HKD": 7.8, "USDC": 1.0, "USDT": 1.0,
}  # fmt: skip
# Hourly USD rate ranges by ``Country.pay_tier``.
HOURLY_USD: dict[int, tuple[float, float]] = {1: (45.0, 95.0), 2: (25.0, 55.0), 3: (15.0, 35.0)}
