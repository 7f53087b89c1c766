"""Doc extensions the pipeline stages hand to each other, and their shapes.

Values are plain dicts and lists (TypedDicts below) rather than objects, so
a ``Doc`` keeps serialising with ``Doc.to_bytes`` (msgpack), which
``nlp.pipe(n_process=N)`` needs to send documents between processes. All
offsets are character offsets into ``doc.text`` (the cleaned body); only the
emit stage maps them back to the original text.

- ``doc._.clusters``: list of :class:`ClusterDict`, one per entity, written by
  the alias component (``ctie_aliases``).
- ``doc._.mention_cluster``: ``{"start:end": cluster_index}`` for every entity
  mention, including ambiguous short forms resolved by context (those are
  never aliases, but relation extraction needs to know whom they name).
- ``doc._.relations``: list of :class:`RelationDict` from ``ctie_relations``.
"""

from __future__ import annotations

from typing import TypedDict

from spacy.tokens import Doc


class ClusterDict(TypedDict):
    id: str  # slug, unique in the document
    type: str  # PERSON, ORG, LOC, GROUP, EVENT
    name: str  # the fullest form used in the text
    aliases: list[str]  # unambiguous other forms used alone
    mentions: list[list[int]]  # [start_char, end_char] in doc.text
    alias_methods: dict[str, str]  # alias form -> AliasMethod value


class RelationDict(TypedDict):
    subject: int  # cluster index
    predicate: str
    object: int | None  # cluster index or None
    date: str | None  # EDTF
    place: int | None  # cluster index of a LOC
    modality: str  # asserted, hedged, negated
    start: int  # evidence sentence start_char in doc.text
    end: int  # evidence sentence end_char in doc.text
    confidence: float
    method: str


def mention_key(start: int, end: int) -> str:
    """Key of a mention in ``doc._.mention_cluster`` (msgpack needs string keys)."""
    return f"{start}:{end}"


def register_extensions() -> None:
    """Declare the Doc extensions once (idempotent, safe in worker processes)."""
    for name in ("clusters", "relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("mention_cluster"):
        Doc.set_extension("mention_cluster", default=None)


register_extensions()
