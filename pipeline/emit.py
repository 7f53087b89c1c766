"""Turn a processed ``Doc`` into contract records, offsets mapped to the original text.

This is the one place where pipeline state becomes pydantic records: the
stages before it work on spaCy ``Doc`` extensions over the cleaned body, and
everything after it (writers, loader, report) reads records.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterable

from spacy.tokens import Doc

from models import Document, Entity, Relation
from models.records import SIGNATURES, Predicate

from .extensions import ClusterDict

if TYPE_CHECKING:
    from .ingest import SourceDoc

ENTITY_LABELS = ("PERSON", "ORG", "LOC", "GROUP", "EVENT")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A stable, readable id from a name: ASCII-folded, lower case, hyphen-separated."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", folded.lower().replace("'", "").replace("\u2019", "")).strip("-")
    return slug or "entity"


def clusters_without_aliases(doc: Doc) -> list[ClusterDict]:
    """One entity per distinct (type, surface form): the fallback before alias resolution runs."""
    by_form: dict[tuple[str, str], ClusterDict] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        key = (ent.label_, ent.text)
        cluster = by_form.setdefault(
            key, ClusterDict(id="", type=ent.label_, name=ent.text, aliases=[], mentions=[], alias_methods={})
        )
        cluster["mentions"].append([ent.start_char, ent.end_char])
    return list(by_form.values())


def assign_ids(clusters: Iterable[ClusterDict]) -> list[str]:
    """Unique slugs in cluster order (a repeated slug gets ``-2``, ``-3`` ...)."""
    used: set[str] = set()
    ids = []
    for cluster in clusters:
        base = cluster.get("id") or slugify(cluster["name"])
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        ids.append(slug)
    return ids


def emit_records(source: "SourceDoc", doc: Doc) -> list[Document | Entity | Relation]:
    """The document's records: document first, then entities, then relations, in stable order."""
    clusters: list[ClusterDict] = doc._.clusters if doc._.clusters is not None else clusters_without_aliases(doc)
    ids = assign_ids(clusters)
    records: list[Document | Entity | Relation] = [
        Document(doc_id=source.doc_id, title=source.title, authors=list(source.authors), published=None)
    ]
    entity_order = sorted(range(len(clusters)), key=lambda i: (min((m[0] for m in clusters[i]["mentions"]), default=0), ids[i]))
    for i in entity_order:
        c = clusters[i]
        mentions = sorted({tuple(source.to_original(s, e)) for s, e in c["mentions"]})
        aliases = [a for a in dict.fromkeys(c["aliases"]) if a != c["name"]]
        methods = {a: m for a, m in c.get("alias_methods", {}).items() if a in aliases}
        records.append(
            Entity(
                doc_id=source.doc_id,
                id=ids[i],
                type=c["type"],
                name=c["name"],
                aliases=aliases,
                mentions=[list(m) for m in mentions],
                alias_methods=methods or None,
            )
        )
    seen: set[tuple[str, str, str | None]] = set()
    rels = sorted(doc._.relations or [], key=lambda r: (r["start"], r["subject"], r["predicate"], r["object"] if r["object"] is not None else -1))
    for r in rels:
        subject = ids[r["subject"]]
        obj = ids[r["object"]] if r["object"] is not None else None
        if obj == subject:
            continue
        pred = Predicate(r["predicate"])
        key = (subject, pred.value, obj)
        if SIGNATURES[pred].symmetric and obj is not None and obj < subject:
            key = (obj, pred.value, subject)
        if key in seen:
            continue
        seen.add(key)
        start, end = source.to_original(r["start"], r["end"])
        records.append(
            Relation(
                doc_id=source.doc_id,
                subject=subject,
                predicate=pred,
                object=obj,
                date=r["date"],
                place=ids[r["place"]] if r["place"] is not None else None,
                modality=r["modality"],
                evidence=source.original[start:end],
                start=start,
                end=end,
                confidence=float(r["confidence"]),
                method=r["method"],
            )
        )
    return records
