"""The lexicons of ``corpus/lexicon/`` as the word sets the entity recogniser needs.

Loaded once when the component is built (:func:`load_entity_lexicon`); the
component compiles them into spaCy ``PhraseMatcher`` / ``Matcher`` patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.lexicon import (
    EventCue,
    EventCueKind,
    EventEntry,
    GroupEntry,
    HonorificEntry,
    HonorificKind,
    LocationEntry,
    NameCue,
    NonEntity,
    NonEntityKind,
    OrgCue,
    OrgCueKind,
    OrgEntry,
)

from ..lexicon import load_entries


@dataclass(frozen=True)
class LexForm:
    """One written form of a lexicon entry: its label and entry id ("" when ambiguous)."""

    text: str
    label: str
    entry_id: str
    exact_case: bool  # acronyms: only as written


@dataclass
class EntityLexicon:
    """Everything the recogniser reads from the lexicon folder."""

    forms: list[LexForm] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    offices: list[str] = field(default_factory=list)
    particles: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    event_cues: dict[EventCueKind, set[str]] = field(default_factory=dict)
    org_cues: dict[OrgCueKind, set[str]] = field(default_factory=dict)
    non_entities: dict[NonEntityKind, set[str]] = field(default_factory=dict)
    group_plurals: set[str] = field(default_factory=set)
    name_cues: set[str] = field(default_factory=set)
    suppressed: set[str] = field(default_factory=set)
    """Forms of broad groups left untagged: the model's spans of them are dropped too."""

    def cue(self, kind: EventCueKind) -> set[str]:
        return self.event_cues.get(kind, set())

    def org(self, kind: OrgCueKind) -> set[str]:
        return self.org_cues.get(kind, set())

    @property
    def non_entity_forms(self) -> set[str]:
        return set().union(*self.non_entities.values()) if self.non_entities else set()


def _entry_forms(entry: OrgEntry | LocationEntry | GroupEntry | EventEntry, label: str) -> list[LexForm]:
    acronyms = set(entry.acronyms) if isinstance(entry, OrgEntry) else set()
    ambiguous = set(entry.ambiguous)
    return [
        LexForm(text=f, label=label, entry_id="" if f in ambiguous else entry.id, exact_case=f in acronyms)
        for f in entry.forms()
    ]


def load_entity_lexicon(lexicon_dir: str | Path, broad_groups: bool) -> EntityLexicon:
    """Read and validate the recogniser's lexicon files (raises ``InvalidLexicon`` with file:line)."""
    d = Path(lexicon_dir)
    lex = EntityLexicon()
    for org in load_entries(d / "organizations.yml", OrgEntry):
        lex.forms.extend(_entry_forms(org, "ORG"))
    for loc in load_entries(d / "locations.yml", LocationEntry):
        lex.forms.extend(_entry_forms(loc, "LOC"))
    for grp in load_entries(d / "groups.yml", GroupEntry):
        if grp.broad and not broad_groups:
            lex.suppressed.update(grp.forms())
            continue
        lex.forms.extend(_entry_forms(grp, "GROUP"))
        lex.group_plurals.update(grp.plurals)
    for ev in load_entries(d / "events.yml", EventEntry, key="named"):
        lex.forms.extend(_entry_forms(ev, "EVENT"))
    for h in load_entries(d / "honorifics.yml", HonorificEntry):
        if h.kind is HonorificKind.title:
            lex.titles.add(h.form)
        elif h.kind is HonorificKind.office:
            lex.offices.append(h.form)
        elif h.kind is HonorificKind.particle:
            lex.particles.add(h.form)
        else:
            lex.prefixes.add(h.form)
    for cue in load_entries(d / "events.yml", EventCue, key="cues"):
        lex.event_cues.setdefault(cue.kind, set()).add(cue.form)
    for oc in load_entries(d / "org_patterns.yml", OrgCue):
        lex.org_cues.setdefault(oc.kind, set()).add(oc.form)
    for ne in load_entries(d / "non_entities.yml", NonEntity):
        lex.non_entities.setdefault(ne.kind, set()).add(ne.form)
    lex.name_cues = {c.form.lower() for c in load_entries(d / "name_cues.yml", NameCue)}
    return lex
