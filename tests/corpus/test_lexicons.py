"""The recogniser's lexicon files validate against ``models/lexicon.py`` and stay consistent."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from models.lexicon import (
    LEXICON_FILES,
    EventCue,
    EventEntry,
    GroupEntry,
    HonorificEntry,
    HonorificKind,
    LocationEntry,
    NonEntity,
    OrgEntry,
)
from pipeline.errors import InvalidLexicon
from pipeline.lexicon import load_entries

LEXICON = Path(__file__).resolve().parents[2] / "corpus" / "lexicon"


def _load(spec: str):
    model, key = LEXICON_FILES[spec]
    return load_entries(LEXICON / spec.split("#")[0], model, key=key)


@pytest.mark.parametrize("spec", sorted(LEXICON_FILES))
def test_file_validates(spec):
    assert _load(spec), f"{spec} is empty"


def _named() -> list[OrgEntry | LocationEntry | GroupEntry | EventEntry]:
    return [*_load("organizations.yml"), *_load("locations.yml"), *_load("groups.yml"), *_load("events.yml#named")]


def test_ids_unique():
    ids = [e.id for e in _named()]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_no_form_names_two_entries_unless_marked_ambiguous():
    owners: dict[str, set[str]] = defaultdict(set)
    ambiguous: dict[str, set[str]] = defaultdict(set)
    for e in _named():
        for form in e.forms():
            owners[form].add(e.id)
        for form in e.ambiguous:
            ambiguous[form].add(e.id)
    clashes = {f: ids for f, ids in owners.items() if len(ids) > 1 and ambiguous[f] != ids}
    assert not clashes


def test_no_duplicate_forms_within_an_entry():
    for e in _named():
        forms = [e.name, *e.variants, *e.extra_forms()]
        assert len(forms) == len(set(forms)), e.id


@pytest.mark.parametrize("spec", ["honorifics.yml", "events.yml#cues", "org_patterns.yml", "non_entities.yml", "name_cues.yml"])
def test_no_duplicate_word_entries(spec):
    keys = [(e.form, getattr(e, "kind", None)) for e in _load(spec)]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_honorifics_have_the_required_forms():
    by_kind: dict[HonorificKind, set[str]] = defaultdict(set)
    for h in _load("honorifics.yml"):
        assert isinstance(h, HonorificEntry)
        by_kind[h.kind].add(h.form)
    required_titles = {
        "Qari", "Ustad", "Mufti", "Mullah", "Maulana", "Maulvi", "Syed", "Sayyid", "Hafiz", "Sheikh", "Shaykh",
        "Haji", "Hajji", "General", "Malik", "Dr", "Emir", "Amir", "Commander", "Imam",
    }
    assert required_titles <= by_kind[HonorificKind.title]
    assert {"Prime Minister", "Minister", "Attorney General"} <= by_kind[HonorificKind.office]
    assert {"bin", "ibn", "ur", "ul", "ud", "al"} <= by_kind[HonorificKind.particle]
    assert {"Abu"} <= by_kind[HonorificKind.prefix]
    forms = [f for kind in by_kind.values() for f in kind]
    assert len(forms) == len(set(forms)), "a form with two kinds"


def test_non_entities_never_name_a_lexicon_entry():
    names = {f for e in _named() for f in e.forms()}
    blocked = {n.form for n in _load("non_entities.yml") if isinstance(n, NonEntity)}
    assert not names & blocked


def test_event_cues_have_one_kind_each():
    seen: dict[str, str] = {}
    for cue in _load("events.yml#cues"):
        assert isinstance(cue, EventCue)
        assert seen.setdefault(cue.form, cue.kind.value) == cue.kind.value, cue.form


def test_organizations_keep_the_alias_resolver_format():
    for org in _load("organizations.yml"):
        assert org.type == "ORG" and org.name
        assert set(org.model_dump()) >= {"id", "name", "type", "variants", "acronyms", "translations"}


def test_bad_entry_reports_file_and_line(tmp_path):
    bad = tmp_path / "organizations.yml"
    bad.write_text("- id: ok\n  name: Fine\n- id: Not A Slug\n  name: Broken\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"organizations\.yml:3: id"):
        load_entries(bad, OrgEntry)


def test_unknown_key_is_rejected(tmp_path):
    bad = tmp_path / "groups.yml"
    bad.write_text("- {id: x, name: X, kind: sect, colour: red}\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"groups\.yml:1: colour"):
        load_entries(bad, GroupEntry)
