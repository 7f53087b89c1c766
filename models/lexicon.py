"""Shapes of the lexicon entries under ``corpus/lexicon/`` (reviewed data, not code).

Each YAML file is a list of small entries (or a mapping of such lists) that
:func:`pipeline.lexicon.load_entries` validates against one model here. The
entity recogniser (``ctie_entities``) turns them into spaCy phrase and token
patterns; the alias resolver reads the organisations' names, variants,
acronyms and translations to link forms. Every model rejects unknown keys, so
a typo in a reviewed file fails loudly with its file and line.

A form that names two different entries is an error unless both entries list
it under ``ambiguous`` ("Lashkar" for Lashkar-e-Taiba and Lashkar-e-Jhangvi):
the recogniser still tags it, but gives it no entry id, so nobody links it.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clean_forms(values: list[str]) -> list[str]:
    forms = [v.strip() for v in values]
    if any(not f for f in forms):
        raise ValueError("empty form")
    return forms


class _NamedEntry(_Entry):
    """An entry with an id, a canonical name and other written forms of the same thing."""

    id: str = Field(pattern=_SLUG)
    name: str = Field(min_length=1)
    variants: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)
    """Forms that name this entry and also another one: tagged, never linked."""
    note: str | None = None

    @field_validator("variants", "ambiguous")
    @classmethod
    def _forms(cls, values: list[str]) -> list[str]:
        return _clean_forms(values)

    def forms(self) -> list[str]:
        """Every form of this entry, name first, without duplicates."""
        return list(dict.fromkeys([self.name, *self.variants, *self.extra_forms(), *self.ambiguous]))

    def extra_forms(self) -> list[str]:
        """Forms kept in other fields by a subclass (acronyms, translations, plurals)."""
        return []


class OrgEntry(_NamedEntry):
    """A named organisation (``organizations.yml``): militant group, party, agency, body.

    ``acronyms`` are matched case-sensitively ("LeT" and "LET" are both
    listed where texts use both); ``translations`` are English renderings
    ("Army of the Jhangvi"); ``variants`` are spelling and transliteration
    variants. Names, variants and translations also match with a capitalised
    first letter (sentence starts, "Al-Qaeda").
    """

    type: Literal["ORG"] = "ORG"
    acronyms: list[str] = Field(default_factory=list)
    translations: list[str] = Field(default_factory=list)

    @field_validator("acronyms", "translations")
    @classmethod
    def _more_forms(cls, values: list[str]) -> list[str]:
        return _clean_forms(values)

    def extra_forms(self) -> list[str]:
        return [*self.acronyms, *self.translations]


class LocationKind(str, Enum):
    country = "country"
    province = "province"
    region = "region"
    district = "district"
    city = "city"
    place = "place"


class LocationEntry(_NamedEntry):
    """A place the statistical model misses or mislabels (``locations.yml``)."""

    type: Literal["LOC"] = "LOC"
    kind: LocationKind


class GroupKind(str, Enum):
    sect = "sect"
    religion = "religion"
    ethnic = "ethnic"
    tribe = "tribe"
    movement = "movement"


class GroupEntry(_NamedEntry):
    """A sect, ethnic or religious community (``groups.yml``).

    ``plurals`` are tagged as mentions of the group but are not aliases
    (guideline section 3). ``broad`` marks very general communities
    ("Muslim", "Arab") that analysts label in some documents and not in
    others; the recogniser tags them only when its ``broad_groups`` option
    is on.
    """

    type: Literal["GROUP"] = "GROUP"
    kind: GroupKind
    plurals: list[str] = Field(default_factory=list)
    broad: bool = False

    @field_validator("plurals")
    @classmethod
    def _plural_forms(cls, values: list[str]) -> list[str]:
        return _clean_forms(values)

    def extra_forms(self) -> list[str]:
        return list(self.plurals)


class HonorificKind(str, Enum):
    """How a word before or inside a personal name behaves.

    - ``title``: kept in the name as written (Qari, Mufti, General, King).
    - ``office``: a post, never part of the name (Prime Minister, Mayor);
      a name that follows it is still a name.
    - ``particle``: joins name words (bin, ibn, ur, ul, al): "Zia ur-Rehman".
    - ``prefix``: opens a name and needs a name word after it (Abu, Umm, El).
    """

    title = "title"
    office = "office"
    particle = "particle"
    prefix = "prefix"


class HonorificEntry(_Entry):
    """One form of ``honorifics.yml``."""

    form: str = Field(min_length=1)
    kind: HonorificKind
    note: str | None = None


class EventEntry(_NamedEntry):
    """A named event with its written variants (``events.yml`` ``named``)."""

    type: Literal["EVENT"] = "EVENT"


class EventCueKind(str, Enum):
    """Word classes the event grammar is built from (``events.yml`` ``cues``).

    - ``incident``: singular head of one incident (attack, bombing, massacre).
    - ``incidents``: plural head, an event only when named ("2008 Mumbai attacks").
    - ``killing``: "killing of ..." nouns, an event when the victims are a
      described group of people, not one named person.
    - ``war``: heads of wars and campaigns (war, battle, campaign).
    - ``invasion``: invasion, occupation.
    - ``operation``: capitalised words that open a named operation ("Operation").
    - ``modifier``: lower-case words that may precede an incident head
      ("suicide", "insider", "car bomb").
    """

    incident = "incident"
    incidents = "incidents"
    killing = "killing"
    war = "war"
    invasion = "invasion"
    operation = "operation"
    modifier = "modifier"


class EventCue(_Entry):
    form: str = Field(min_length=1)
    kind: EventCueKind


class OrgCueKind(str, Enum):
    """Word classes for organisation names the lexicon does not list (``org_patterns.yml``).

    - ``opening``: first word of South Asian / Arabic organisation names
      (Lashkar, Jaish, Tehrik, Harakat): "Jaish-ul-Adl" is an ORG.
    - ``unit``: lower-case nouns of a sub-unit named by a person, a place or
      a parent ("Amjad Farooqi group", "LeJ Karachi chapter").
    - ``suffix``: capitalised last words of organisation names
      ("Network", "Brigade", "Trust").
    - ``unit_modifier``: lower-case words allowed between a parent and a unit
      noun ("TTP's suicide brigade").
    """

    opening = "opening"
    unit = "unit"
    suffix = "suffix"
    unit_modifier = "unit_modifier"


class OrgCue(_Entry):
    form: str = Field(min_length=1)
    kind: OrgCueKind


class NonEntityKind(str, Enum):
    """Words the statistical model tags but the guideline does not (``non_entities.yml``).

    - ``demonym``: nationality adjectives and plurals ("Pakistani", "Saudis").
    - ``language``: language names ("Urdu", "Arabic").
    - ``generic``: capitalised common nouns that name no one on their own
      ("Commission", "State", "Government").
    - ``weapon``: weapon names ("Stinger", "Kalashnikov").
    - ``heading``: section heading words ("Background", "Conclusion").
    """

    demonym = "demonym"
    language = "language"
    generic = "generic"
    weapon = "weapon"
    heading = "heading"


class NonEntity(_Entry):
    form: str = Field(min_length=1)
    kind: NonEntityKind


class NameCue(_Entry):
    """A word of ``name_cues.yml``: its sentence is about how something is named."""

    form: str = Field(min_length=1)


LEXICON_FILES: dict[str, tuple[type[_Entry], str | None]] = {
    "organizations.yml": (OrgEntry, None),
    "locations.yml": (LocationEntry, None),
    "groups.yml": (GroupEntry, None),
    "honorifics.yml": (HonorificEntry, None),
    "events.yml#named": (EventEntry, "named"),
    "events.yml#cues": (EventCue, "cues"),
    "org_patterns.yml": (OrgCue, None),
    "non_entities.yml": (NonEntity, None),
    "name_cues.yml": (NameCue, None),
}
"""File (``#key`` for a list under a key) -> entry model and key, for loaders and tests."""
