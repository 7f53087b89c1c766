"""Cross-document resolution: one corpus entity per thing named in several documents.

After a corpus run every document has its own entities; this module merges
them into corpus entities with stable ids and writes ``DIR/entities.jsonl``
(:class:`models.corpus.CorpusEntity`). Merging is conservative, because a
wrong merge across documents silently joins two people's facts:

- only entities of the same type merge;
- they must share a *full* form: the name or an alias that is not a partial
  form (aliases the resolver linked as ``surname`` or ``given_name`` never
  count), and for a person at least two name tokens after titles, so a bare
  surname ("Mehsud", "Farooqi") never merges anything;
- forms are compared by name key (:mod:`pipeline.names`): case, quotes,
  hyphens, titles and transliteration variants do not matter;
- two entities of one document are never merged by the corpus step: the
  document's own resolver kept them apart on more evidence than a shared
  form.

Usage after a run::

    from pipeline.crossdoc import resolve_output_dir
    resolve_output_dir("outputs/run")        # writes outputs/run/entities.jsonl
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from models import Document, Entity, EntityType
from models.corpus import CorpusEntity, CorpusLink, CorpusMember, CorpusMethod
from models.jsonl import CORPUS_ENTITIES_FILE, AnyRecord, iter_jsonl_files, read_records

from .emit import slugify
from .names import NameKey, NameLexicon, acronym_key, clean_form, is_acronym, load_name_lexicon

"""Written beside the per-document files of a run."""

PARTIAL_METHODS = frozenset({"surname", "given_name"})
"""Alias methods of partial forms, which never merge documents."""

Node = tuple[str, str]  # (doc_id, entity_id)


class Member(NamedTuple):
    """What the corpus step needs of one document entity, compact (no mentions, no model
    instance; repeated strings interned: a corpus names the same groups in every report)."""

    doc_id: str
    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...]
    alias_methods: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, e: Entity) -> "Member":
        methods = tuple(sorted((sys.intern(k), sys.intern(getattr(v, "value", v))) for k, v in (e.alias_methods or {}).items()))
        return cls(
            sys.intern(e.doc_id), sys.intern(e.id), e.type, sys.intern(e.name),
            tuple(sys.intern(a) for a in e.aliases), methods,
        )


class _KeyCache:
    """``clean_form`` and ``lex.key`` of each distinct form once: a corpus repeats its names."""

    def __init__(self, lex: NameLexicon) -> None:
        self.lex = lex
        self._keys: dict[str, tuple[str, NameKey | None]] = {}

    def __call__(self, form: str) -> tuple[str, NameKey | None]:
        hit = self._keys.get(form)
        if hit is None:
            cleaned = clean_form(form)
            hit = self._keys[form] = (cleaned, self.lex.key(cleaned) if cleaned else None)
        return hit


def merge_keys(entity: Entity | Member, lex: NameLexicon, keys: _KeyCache | None = None) -> list[tuple[tuple, str]]:
    """The (key, form) pairs an entity may merge on: its full forms, never a bare surname.

    A person's key is the name without titles (while two tokens remain) and
    with variants mapped, kept only with two or more tokens besides
    particles ("Mullah Omar" yes, "bin Laden" no); an acronym's key is its letters
    ("U.S." = "US"); any other form's key is its canonical tokens.
    """
    methods = dict(entity.alias_methods or {})
    forms = [entity.name, *(a for a in entity.aliases if methods.get(a) not in PARTIAL_METHODS)]
    out: list[tuple[tuple, str]] = []
    keys = keys or _KeyCache(lex)
    for form in forms:
        cleaned, key = keys(form)
        if not cleaned:
            continue
        if entity.type is EntityType.PERSON:
            if len([t for t in key.core if not lex.is_particle(t)]) < 2:
                continue  # a bare surname or given name ("Mehsud", "bin Laden")
            out.append((("PERSON", key.core), form))
        elif is_acronym(cleaned):
            out.append(((entity.type.value, "acronym", acronym_key(cleaned)), form))
        elif key.canon:
            out.append(((entity.type.value, key.canon), form))
    return out


class _Merger:
    """Union-find over document entities that refuses to join two entities of one document."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.parent: dict[Node, Node] = {n: n for n in nodes}
        # the documents of each root that has merged (a lone node's document is its own)
        self.docs: dict[Node, set[str]] = {}

    def find(self, n: Node) -> Node:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: Node, b: Node) -> bool:
        ra, rb = self.find(a), self.find(b)
        da, db = self.docs.get(ra) or {ra[0]}, self.docs.get(rb) or {rb[0]}
        if ra == rb or da & db:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.docs.pop(rb, None)
        self.docs[ra] = da | db
        return True


def resolve_corpus(
    records_by_doc: Mapping[str, Sequence[AnyRecord | Member]], lexicon: NameLexicon | str | Path | None = None
) -> list[CorpusEntity]:
    """Corpus entities of a run's records (doc_id -> that document's records), sorted by id.

    Args:
        records_by_doc: the records of each document, as written by a run
            (entity records or :class:`Member`; other records are ignored).
        lexicon: a :class:`NameLexicon`, a lexicon folder, or None for the
            configured ``[paths] lexicon``.
    """
    return list(iter_corpus_entities(records_by_doc, lexicon))


def iter_corpus_entities(
    records_by_doc: Mapping[str, Sequence[AnyRecord | Member]], lexicon: NameLexicon | str | Path | None = None
) -> Iterator[CorpusEntity]:
    """:func:`resolve_corpus` one entity at a time, in id order: a writer holds one at a time."""
    lex = _lexicon(lexicon)
    entities: dict[Node, Member] = {}
    for doc_id in sorted(records_by_doc):
        for r in records_by_doc[doc_id]:
            if isinstance(r, Entity):
                r = Member.of(r)
            if isinstance(r, Member):
                entities[(r.doc_id, r.id)] = r
    merger = _Merger(entities)
    by_key: dict[tuple, list[tuple[Node, str]]] = defaultdict(list)
    keys = _KeyCache(lex)
    for node in sorted(entities):
        for key, form in merge_keys(entities[node], lex, keys):
            by_key[key].append((node, form))
    joined: dict[Node, CorpusLink] = {}
    # specific keys first: more tokens, then a stable order
    for key in sorted(by_key, key=lambda k: (-len(k[-1]) if isinstance(k[-1], tuple) else -1, repr(k))):
        holders = list(dict.fromkeys(by_key[key]))
        first_node, first_form = holders[0]
        for node, form in holders[1:]:
            if merger.union(first_node, node):
                same = lex.key(clean_form(first_form)).raw_core == lex.key(clean_form(form)).raw_core
                method = CorpusMethod.exact if same else CorpusMethod.variant
                joined.setdefault(node, CorpusLink(doc_id=node[0], entity_id=node[1], form=form, method=method))
    clusters: dict[Node, list[Node]] = defaultdict(list)
    for node in sorted(entities):
        clusters[merger.find(node)].append(node)
    drafts = []
    for members in clusters.values():
        ents = [entities[n] for n in members]
        name = _corpus_name(ents, lex, keys)
        aliases = list(dict.fromkeys(f for e in ents for f in (e.name, *e.aliases) if f != name))
        links = [joined[n] for n in members if n in joined]
        drafts.append((ents[0].type, name, members, aliases, links))
    drafts.sort(key=lambda d: (d[0].value, _slug(d[1]), d[2][0]))
    used: set[str] = set()
    named = []
    for draft in drafts:
        base = _slug(draft[1])
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        named.append((slug, draft))
    del drafts, entities, merger, by_key
    named.sort(key=lambda x: x[0])
    for slug, (etype, name, members, aliases, links) in named:
        yield CorpusEntity(
            id=slug,
            type=etype,
            name=name,
            aliases=aliases,
            members=[CorpusMember(doc_id=d, entity_id=e) for d, e in members],
            links=links,
            methods=sorted({link.method for link in links}, key=lambda m: m.value),
        )


def _slug(name: str) -> str:
    """Slug of a name with dashes kept as word breaks ("Soviet–Afghan War" -> soviet-afghan-war)."""
    return slugify("".join(" " if unicodedata.category(c) == "Pd" else c for c in name))


def _corpus_name(ents: Sequence[Entity | Member], lex: NameLexicon, cache: _KeyCache | None = None) -> str:
    """The members' most common name (by name key); ties go to the fullest, then the first document."""
    cache = cache or _KeyCache(lex)
    keys = [key.canon if key is not None else () for key in (cache(e.name)[1] for e in ents)]
    counts = Counter(keys)
    best = max(range(len(ents)), key=lambda i: (counts[keys[i]], len(keys[i]), -i))
    return ents[best].name


def _lexicon(lexicon: NameLexicon | str | Path | None) -> NameLexicon:
    if isinstance(lexicon, NameLexicon):
        return lexicon
    if lexicon is None:
        from .nlp import load_config
        from .paths import resolve_path

        lexicon = resolve_path(load_config()["paths"]["lexicon"])
    return load_name_lexicon(lexicon)


def corpus_entity_json(entity: CorpusEntity) -> str:
    """One JSONL line, keys in model order (id first) so diffs stay readable."""
    return json.dumps(entity.model_dump(mode="json"), ensure_ascii=False)


def write_corpus_entities(out_dir: str | Path, entities: Iterable[CorpusEntity], presorted: bool = False) -> Path:
    """Write ``DIR/entities.jsonl`` (sorted by id) atomically; returns its path.

    ``presorted``: the entities already come in id order (from
    :func:`iter_corpus_entities`), so they are written as they come.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CORPUS_ENTITIES_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for e in entities if presorted else sorted(entities, key=lambda e: e.id):
            fh.write(corpus_entity_json(e) + "\n")
    tmp.replace(path)
    return path


def read_run_records(out_dir: str | Path) -> dict[str, list[Member]]:
    """The entity records of every per-document file in a run folder, without their mentions.

    Corpus resolution needs names, aliases and alias methods only; leaving
    relations and mention offsets on disk keeps the memory of this step to
    a small fraction of the outputs' size (a run over thousands of reports
    ends with it).
    """
    records: dict[str, list[AnyRecord]] = {}
    for path in iter_jsonl_files([Path(out_dir)]):
        good, _ = read_records(path)
        docs = [r for _, r in good if isinstance(r, Document)]
        if docs and docs[0].doc_id not in records:
            doc_id = docs[0].doc_id
            records[doc_id] = [Member.of(r) for _, r in good if isinstance(r, Entity) and r.doc_id == doc_id]
    return records


def resolve_output_dir(out_dir: str | Path, lexicon: NameLexicon | str | Path | None = None) -> int:
    """Resolve the per-document outputs of a run folder and write its ``entities.jsonl``;
    returns how many corpus entities it holds."""
    count = 0

    def counted(entities: Iterable[CorpusEntity]) -> Iterator[CorpusEntity]:
        nonlocal count
        for e in entities:
            count += 1
            yield e

    write_corpus_entities(out_dir, counted(iter_corpus_entities(read_run_records(out_dir), lexicon)), presorted=True)
    return count
