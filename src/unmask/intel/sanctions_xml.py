"""Reader for OFAC's advanced SDN XML (``sdn_advanced.xml``), streamed with ElementTree.

The advanced format (https://ofac.treasury.gov/sdn-list-data-formats-data-schemas,
"sdn_advanced_notes.pdf") is normalised: values are numeric IDs into
``ReferenceValueSets``; a ``DistinctParty`` (``FixedRef`` = the legacy ent_num) holds a
``Profile`` (type via ``PartySubTypeID``), its ``Identity`` with ``Alias`` /
``DocumentedName`` parts and ``Feature``s (digital currency addresses, locations);
programmes sit in ``SanctionsEntries`` after the parties. The sections come in that
order, so one pass with ``iterparse`` reads references and locations first, keeps a
small record per party, and applies programmes at the end; each element is cleared
once read, so memory stays flat on the full ~100 MB file.

Only Latin-script names are kept, matching the legacy CSV. ElementTree gives no line
numbers while streaming, so issues name the party (``FixedRef``) instead, with line 0;
a malformed document reports expat's line and keeps what was read before it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from unmask.intel.sanctions_load import (
    Address,
    Alias,
    AliasType,
    CryptoAddress,
    EntityType,
    LoadReport,
    SanctionsEntity,
)

_ALIAS_TYPES: dict[str, AliasType] = {"A.K.A.": "aka", "F.K.A.": "fka", "N.K.A.": "nka"}
_PARTY_TYPES: dict[str, EntityType] = {
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_WALLET_FEATURE = "Digital Currency Address - "

Refs = dict[str, dict[str, ET.Element]]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(elem: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in elem if _local(c.tag) == name), None)


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem if _local(c.tag) == name]


def _descendants(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem.iter() if _local(c.tag) == name]


def _ref_text(refs: Refs, kind: str, ref_id: str | None) -> str:
    elem = refs.get(kind, {}).get(ref_id or "")
    return (elem.text or "").strip() if elem is not None else ""


@dataclass(slots=True)
class _Party:
    ent_num: int
    profile_id: str
    entity_type: EntityType
    names: list[tuple[str, AliasType | None, bool]] = field(default_factory=list)  # (name, type, weak)
    crypto: list[CryptoAddress] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


def _read_refs(elem: ET.Element) -> Refs:
    refs: Refs = {}
    for value_set in elem:
        for value in value_set:
            if value.get("ID") is not None:
                refs.setdefault(_local(value.tag), {})[value.get("ID", "")] = value
    return refs


def _read_location(elem: ET.Element, refs: Refs) -> Address:
    parts: dict[str, str] = {}
    for part in _children(elem, "LocationPart"):
        kind = _ref_text(refs, "LocPartType", part.get("LocPartTypeID")).upper()
        value = next((v.text or "" for v in _descendants(part, "Value")), "").strip()
        if value:
            parts[kind] = value
    country = next(
        (_ref_text(refs, "Country", c.get("CountryID")) for c in _children(elem, "LocationCountry")), ""
    )
    street = ", ".join(parts[k] for k in ("ADDRESS1", "ADDRESS2", "ADDRESS3") if k in parts)
    return Address(street, parts.get("CITY", ""), country)


def _party_type(profile: ET.Element, refs: Refs) -> EntityType:
    sub = refs.get("PartySubType", {}).get(profile.get("PartySubTypeID", ""))
    text = (sub.text or "").strip().lower() if sub is not None else ""
    if text not in _PARTY_TYPES and sub is not None:
        text = _ref_text(refs, "PartyType", sub.get("PartyTypeID")).lower()
    return _PARTY_TYPES.get(text, "entity")


def _documented_name(doc: ET.Element, part_types: dict[str, str], refs: Refs, person: bool) -> str:
    by_type: dict[str, list[str]] = {}
    for value in _descendants(doc, "NamePartValue"):
        script = _ref_text(refs, "Script", value.get("ScriptID"))
        if script and script.lower() != "latin":
            return ""
        if value.text and value.text.strip():
            by_type.setdefault(part_types.get(value.get("NamePartGroupID", ""), ""), []).append(
                value.text.strip()
            )
    last = " ".join(by_type.pop("Last Name", []))
    rest = " ".join(" ".join(v) for k, v in by_type.items())
    if person and last:
        return f"{last}, {rest}" if rest else last  # OFAC's legacy "LAST, First Middle"
    return " ".join(x for x in (rest, last) if x)


def _read_party(elem: ET.Element, refs: Refs, locations: dict[str, Address]) -> _Party:
    profile = _child(elem, "Profile")
    if profile is None:
        raise ValueError("no Profile")
    party = _Party(int(elem.get("FixedRef", "")), profile.get("ID", ""), _party_type(profile, refs))
    for identity in _children(profile, "Identity"):
        part_types = {
            g.get("ID", ""): _ref_text(refs, "NamePartType", g.get("NamePartTypeID"))
            for g in _descendants(identity, "NamePartGroup")
        }
        for alias in _children(identity, "Alias"):
            primary = alias.get("Primary", "").lower() == "true"
            weak = alias.get("LowQuality", "").lower() == "true"
            alias_type = (
                None
                if primary
                else _ALIAS_TYPES.get(_ref_text(refs, "AliasType", alias.get("AliasTypeID")), "aka")
            )
            for doc in _children(alias, "DocumentedName"):
                name = _documented_name(doc, part_types, refs, party.entity_type == "individual")
                if name:
                    party.names.append((name, alias_type, weak))
    for feature in _children(profile, "Feature"):
        label = _ref_text(refs, "FeatureType", feature.get("FeatureTypeID"))
        if label.startswith(_WALLET_FEATURE):
            for detail in _descendants(feature, "VersionDetail"):
                if detail.text and detail.text.strip():
                    party.crypto.append(
                        CryptoAddress(label[len(_WALLET_FEATURE) :].strip(), detail.text.strip())
                    )
        for loc in _descendants(feature, "VersionLocation"):
            if loc.get("LocationID", "") in locations:
                party.addresses.append(locations[loc.get("LocationID", "")])
    if not any(t is None for _, t, _ in party.names):
        raise ValueError("no primary name")
    return party


def _programmes(elem: ET.Element, refs: Refs) -> list[str]:
    found: list[str] = []
    for measure in _children(elem, "SanctionsMeasure"):
        if _ref_text(refs, "SanctionsType", measure.get("SanctionsTypeID")) == "Program":
            comment = _child(measure, "Comment")
            if comment is not None and comment.text and comment.text.strip():
                found.append(comment.text.strip())
    return found


def _merge(party: _Party, programmes: list[str], entities: dict[int, SanctionsEntity]) -> None:
    primary = next(n for n, t, _ in party.names if t is None)
    entity = entities.get(party.ent_num)
    if entity is None:
        entity = SanctionsEntity(party.ent_num, primary, party.entity_type)
        entities[party.ent_num] = entity
    entity.programmes = tuple(dict.fromkeys((*entity.programmes, *programmes)))
    for name, alias_type, weak in party.names:
        if alias_type is not None and name != entity.name:
            entity.add_alias(Alias(name, alias_type, weak))
    known = {(c.currency, c.address) for c in entity.crypto}
    entity.crypto.extend(c for c in party.crypto if (c.currency, c.address) not in known)
    entity.addresses.extend(a for a in party.addresses if a not in entity.addresses)


def read_sdn_advanced_xml(path: Path, entities: dict[int, SanctionsEntity], report: LoadReport) -> None:
    """Add the parties of an advanced SDN XML file to ``entities`` (merging by ent_num)."""
    refs: Refs = {}
    locations: dict[str, Address] = {}
    parties: list[_Party] = []
    programmes: dict[str, list[str]] = {}
    try:
        for _, elem in ET.iterparse(path, events=("end",)):
            tag = _local(elem.tag)
            if tag == "ReferenceValueSets":
                refs = _read_refs(elem)
            elif tag == "Location":
                locations[elem.get("ID", "")] = _read_location(elem, refs)
            elif tag == "DistinctParty":
                try:
                    parties.append(_read_party(elem, refs, locations))
                    report.count(path)
                except ValueError as exc:
                    report.issue(path, 0, f"DistinctParty FixedRef={elem.get('FixedRef')!r}: {exc}")
            elif tag == "SanctionsEntry":
                programmes.setdefault(elem.get("ProfileID", ""), []).extend(_programmes(elem, refs))
            else:
                continue
            elem.clear()
    except ET.ParseError as exc:
        report.issue(path, exc.position[0], f"malformed XML, reading stopped: {exc}")
    for party in parties:
        _merge(party, programmes.get(party.profile_id, []), entities)
