"""Load a run's JSONL outputs into normalised SQL tables (``extract load DIR --db URL``).

SQLAlchemy Core, so any database SQLAlchemy reaches works the same: the
default ``sqlite:///outputs/kb.sqlite`` or ``postgresql+psycopg://user@host/db``
(install the driver). Tables, all keyed by ``doc_id`` first:

- ``documents`` (doc_id, title, published, file, sha256, pipeline_version)
- ``authors`` (doc_id, position, name)
- ``entities`` (doc_id, entity_id, type, name)
- ``aliases`` (doc_id, entity_id, alias, method)
- ``mentions`` (doc_id, entity_id, start_char, end_char)
- ``evidence`` (doc_id, evidence_id, sentence, start_char, end_char): each evidence sentence once
- ``relations`` (doc_id, relation_id, subject, predicate, object, date, place,
  modality, evidence_id, confidence, method); subject, object and place are
  entity ids of the same document.
- ``corpus_entities`` (corpus_id, type, name) and ``corpus_members``
  (corpus_id, doc_id, entity_id): the folder's ``entities.jsonl``, one person
  or group across reports. They describe the last folder loaded, replaced
  whole in one transaction.

Offsets are character offsets into the original input file, as in the
records (``start_char``/``end_char`` because ``END`` is reserved in SQL).

Each document is loaded in one transaction that deletes its old rows and
inserts the new ones, so loading twice changes nothing and loading a
re-extracted document replaces it completely or not at all. A file that
breaks the contract is not loaded and is reported; the others still are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from models import Document, Entity, Relation
from models.jsonl import CORPUS_ENTITIES_FILE
from models.run import LoadProblem, LoadSummary
from models.validate import validate_file

from .errors import Errors, LoadError
from .run import iter_outputs, read_state

DEFAULT_URL = "sqlite:///outputs/kb.sqlite"

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("title", Text),
    Column("published", String(40)),
    Column("file", Text, doc="input file the run read"),
    Column("sha256", String(64)),
    Column("pipeline_version", String(80)),
)

authors = Table(
    "authors",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    ForeignKeyConstraint(["doc_id"], ["documents.doc_id"]),
)

entities = Table(
    "entities",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("type", String(10), nullable=False),
    Column("name", Text, nullable=False),
    ForeignKeyConstraint(["doc_id"], ["documents.doc_id"]),
)

aliases = Table(
    "aliases",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("alias", String(500), primary_key=True),
    Column("method", String(20)),
    ForeignKeyConstraint(["doc_id", "entity_id"], ["entities.doc_id", "entities.entity_id"]),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("start_char", Integer, primary_key=True, autoincrement=False),
    Column("end_char", Integer, primary_key=True, autoincrement=False),
    ForeignKeyConstraint(["doc_id", "entity_id"], ["entities.doc_id", "entities.entity_id"]),
)

evidence = Table(
    "evidence",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("evidence_id", Integer, primary_key=True, autoincrement=False),
    Column("sentence", Text, nullable=False),
    Column("start_char", Integer),
    Column("end_char", Integer),
    ForeignKeyConstraint(["doc_id"], ["documents.doc_id"]),
)

relations = Table(
    "relations",
    metadata,
    Column("doc_id", String(200), primary_key=True),
    Column("relation_id", Integer, primary_key=True, autoincrement=False),
    Column("subject", String(200), nullable=False),
    Column("predicate", String(30), nullable=False),
    Column("object", String(200)),
    Column("date", String(40)),
    Column("place", String(200)),
    Column("modality", String(10), nullable=False),
    Column("evidence_id", Integer, nullable=False),
    Column("confidence", Float),
    Column("method", String(80)),
    ForeignKeyConstraint(["doc_id", "subject"], ["entities.doc_id", "entities.entity_id"]),
    ForeignKeyConstraint(["doc_id", "object"], ["entities.doc_id", "entities.entity_id"]),
    ForeignKeyConstraint(["doc_id", "place"], ["entities.doc_id", "entities.entity_id"]),
    ForeignKeyConstraint(["doc_id", "evidence_id"], ["evidence.doc_id", "evidence.evidence_id"]),
)

# children first: the order rows of a document are deleted in
TABLES_CHILD_FIRST = (relations, evidence, mentions, aliases, entities, authors, documents)

corpus_entities = Table(
    "corpus_entities",
    metadata,
    Column("corpus_id", String(200), primary_key=True),
    Column("type", String(10), nullable=False),
    Column("name", Text, nullable=False),
)

corpus_members = Table(
    "corpus_members",
    metadata,
    Column("corpus_id", String(200), primary_key=True),
    Column("doc_id", String(200), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    ForeignKeyConstraint(["corpus_id"], ["corpus_entities.corpus_id"]),
    ForeignKeyConstraint(["doc_id", "entity_id"], ["entities.doc_id", "entities.entity_id"]),
)


def _sqlite_foreign_keys(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str = DEFAULT_URL) -> Engine:
    """An engine for ``url`` with the tables created; SQLite gets its folder and foreign keys."""
    shown = url
    try:
        parsed = make_url(url)
        shown = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_foreign_keys)
        metadata.create_all(engine)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as exc:
        raise LoadError(Errors.E012.format(url=shown, detail=f"{exc}; use a URL like sqlite:///outputs/kb.sqlite or postgresql+psycopg://user@host/db with its driver installed")) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise LoadError(Errors.E012.format(url=shown, detail=str(exc).splitlines()[0])) from exc
    return engine


def document_rows(records: Iterable[Document | Entity | Relation], state: dict[str, Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of one document's records, table by table."""
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES_CHILD_FIRST}
    sentences: dict[tuple[str, int | None, int | None], int] = {}
    state = state or {}
    for r in records:
        if isinstance(r, Document):
            rows["documents"].append(
                {"doc_id": r.doc_id, "title": r.title, "published": r.published, "file": state.get("file"),
                 "sha256": state.get("sha256"), "pipeline_version": state.get("pipeline_version")}
            )
            rows["authors"] += [{"doc_id": r.doc_id, "position": i, "name": a} for i, a in enumerate(r.authors)]
        elif isinstance(r, Entity):
            rows["entities"].append({"doc_id": r.doc_id, "entity_id": r.id, "type": r.type.value, "name": r.name})
            methods = r.alias_methods or {}
            rows["aliases"] += [
                {"doc_id": r.doc_id, "entity_id": r.id, "alias": a, "method": methods[a].value if a in methods else None}
                for a in r.aliases
            ]
            rows["mentions"] += [
                {"doc_id": r.doc_id, "entity_id": r.id, "start_char": s, "end_char": e}
                for s, e in sorted({(m[0], m[1]) for m in r.mentions or []})
            ]
        elif isinstance(r, Relation):
            key = (r.evidence, r.start, r.end)
            if key not in sentences:
                sentences[key] = len(sentences) + 1
                rows["evidence"].append(
                    {"doc_id": r.doc_id, "evidence_id": sentences[key], "sentence": r.evidence, "start_char": r.start, "end_char": r.end}
                )
            rows["relations"].append(
                {"doc_id": r.doc_id, "relation_id": len(rows["relations"]) + 1, "subject": r.subject,
                 "predicate": r.predicate.value, "object": r.object, "date": r.date, "place": r.place,
                 "modality": r.modality.value, "evidence_id": sentences[key], "confidence": r.confidence, "method": r.method}
            )
    return rows


def replace_document(conn: Connection, doc_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Delete every row of ``doc_id`` and insert ``rows`` (the caller holds the transaction).

    The document's corpus memberships go too; the corpus tables are rebuilt
    from ``entities.jsonl`` after the documents.
    """
    conn.execute(delete(corpus_members).where(corpus_members.c.doc_id == doc_id))
    for table in TABLES_CHILD_FIRST:
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    for table in reversed(TABLES_CHILD_FIRST):
        if rows[table.name]:
            conn.execute(table.insert(), rows[table.name])


def replace_corpus(conn: Connection, path: Path) -> int:
    """Replace the corpus tables with ``entities.jsonl``; members whose document is not loaded are left out.

    Returns the number of corpus entities. A malformed line raises ``ValueError``.
    """
    from models.corpus import CorpusEntity

    loaded = {tuple(row) for row in conn.execute(select(entities.c.doc_id, entities.c.entity_id))}
    conn.execute(delete(corpus_members))
    conn.execute(delete(corpus_entities))
    heads, members = [], []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ce = CorpusEntity.model_validate_json(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: {str(exc).splitlines()[0]}") from exc
        kept = [m for m in ce.members if (m.doc_id, m.entity_id) in loaded]
        if not kept:
            continue
        heads.append({"corpus_id": ce.id, "type": ce.type.value, "name": ce.name})
        members += [{"corpus_id": ce.id, "doc_id": m.doc_id, "entity_id": m.entity_id} for m in kept]
    if heads:
        conn.execute(corpus_entities.insert(), heads)
        conn.execute(corpus_members.insert(), members)
    return len(heads)


def row_counts(engine: Engine) -> dict[str, int]:
    tables = (*reversed(TABLES_CHILD_FIRST), corpus_entities, corpus_members)
    with engine.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}


def load_outputs(out_dir: str | Path, url: str = DEFAULT_URL, *, engine: Engine | None = None) -> LoadSummary:
    """Load every ``<doc_id>.jsonl`` of a run folder into the database at ``url``.

    Returns a :class:`~models.run.LoadSummary` with the table totals after the
    load and one problem per file that was not loaded (it breaks the contract,
    or the database refused it); the other files are loaded regardless.

    Raises:
        LoadError: the folder does not exist or the database cannot be reached.
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise LoadError(Errors.E026.format(path=out))
    own_engine = engine is None
    engine = engine or make_engine(url)
    summary = LoadSummary(url=engine.url.render_as_string(hide_password=True))
    try:
        for path in iter_outputs(out):
            records, problems = validate_file(path)
            if problems:
                summary.problems += [LoadProblem(file=str(path), message=str(p)) for p in problems]
                continue
            recs = [r for _, r in records]
            doc = next(r for r in recs if isinstance(r, Document))
            state = read_state(out, doc.doc_id)
            rows = document_rows(recs, state.model_dump() if state is not None and state.doc_id == doc.doc_id else None)
            try:
                with engine.begin() as conn:
                    replace_document(conn, doc.doc_id, rows)
            except SQLAlchemyError as exc:
                summary.problems.append(LoadProblem(file=str(path), message=f"database refused it: {str(exc).splitlines()[0]}"))
                continue
            summary.documents += 1
        corpus_file = out / CORPUS_ENTITIES_FILE
        if corpus_file.is_file():
            try:
                with engine.begin() as conn:
                    replace_corpus(conn, corpus_file)
            except (ValueError, SQLAlchemyError) as exc:
                summary.problems.append(LoadProblem(file=str(corpus_file), message=f"not loaded: {str(exc).splitlines()[0]}"))
        summary.rows = row_counts(engine)
    except SQLAlchemyError as exc:
        raise LoadError(Errors.E012.format(url=summary.url, detail=str(exc).splitlines()[0])) from exc
    finally:
        if own_engine:
            engine.dispose()
    return summary
