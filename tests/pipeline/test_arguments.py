"""Argument finding (pipeline/arguments.py): short-form person mentions the entity stages left out."""

from __future__ import annotations

from pipeline.arguments import Arg, short_form_mentions
from pipeline.extensions import ClusterDict


def _cluster(name: str, aliases: list[str]) -> ClusterDict:
    return ClusterDict(id=name.lower().replace(" ", "-"), type="PERSON", name=name, aliases=aliases, mentions=[], alias_methods={})


def _short_forms(bare_nlp, text: str, clusters: list[ClusterDict], marked: list[tuple[int, int, int]]) -> list[tuple[str, int]]:
    doc = bare_nlp(text)
    names = [Arg(s, e, idx, "PERSON", "name", e - 1, 0) for s, e, idx in marked]
    owner = [-1] * len(doc)
    for k, a in enumerate(names):
        for t in range(a.start, a.end):
            owner[t] = k
    found = short_form_mentions(doc, clusters, names, owner, {}, lambda i: 0)
    return [(doc[a.start : a.end].text, a.cluster) for a in found]


def test_declared_title_alias_names_its_person(bare_nlp) -> None:
    # "Malik" is a tribal title, but the text declared it this man's short name
    text = "Hajji Malik Noorzai (Malik) is a trader. Malik is a Pakistan-based businessman."
    got = _short_forms(bare_nlp, text, [_cluster("Hajji Malik Noorzai", ["Malik"])], [(0, 3, 0), (4, 5, 0)])
    assert ("Malik", 0) in got


def test_undeclared_title_is_no_mention(bare_nlp) -> None:
    text = "Hajji Malik Noorzai is a trader. Malik is a Pakistan-based businessman."
    got = _short_forms(bare_nlp, text, [_cluster("Hajji Malik Noorzai", [])], [(0, 3, 0)])
    assert not any(form == "Malik" for form, _ in got)
