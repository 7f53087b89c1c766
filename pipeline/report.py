"""One self-contained HTML page of an output folder: entities in context and the network they form.

``build_report(out_dir, html_path)`` writes a page that opens without a
network (inline CSS, JS and SVG, nothing fetched) with three parts:

1. **Summary**: documents, entities per type, relations per predicate and
   modality, the size of the network and, with ``gold``, the evaluation
   table of :mod:`pipeline.evaluate`.
2. **Network**: the graph of :mod:`pipeline.graph` (people and organisations
   linked by relations) as inline SVG; hovering or clicking a node lists its
   aliases and every relation it takes part in, each linked to its row.
3. **Documents**: each body text with entity mentions highlighted by type
   (displaCy's entity renderer) and a table of its relations; every row shows
   its evidence sentence and links to its place in the highlighted text.

Mentions come from the records' own offsets into the original text. Records
without offsets (gold files) fall back to an exact search of each entity's
name and aliases in the text, and the page says so for that document. Where
the original text cannot be found, the document's relations are shown
without highlighted text.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from spacy import displacy

from models.jsonl import AnyRecord
from models.records import Document, Entity, EntityType, Modality, Predicate, Relation
from models.report import DocumentSummary, LoadedOutputs, MentionSource, ReportSummary

from .errors import PipelineError
from .graph import (
    MODALITY_STYLES,
    TYPE_COLORS,
    build_graph,
    graph_summary,
    iter_relations,
    load_outputs,
    node_id_map,
    relation_row_id,
    render_svg,
)

RUN_STATE_DIR = ".state"
"""Where the batch runner keeps one ``<doc_id>.json`` per output, naming its input ``file``."""

RAW_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""Suffixes tried, in order, for ``<raw_dir>/<doc_id><suffix>``."""

_SENTINEL_BASE = 0xF0000
"""Supplementary private-use code points mark evidence boundaries inside the text handed to displaCy."""

ENT_TEMPLATE = (
    '<mark class="entity" data-type="{label}" data-entity="{entity_id}" data-node="{node}" title="{tip}" '
    'style="background: {bg}">{text}<span class="entity-label">{label}</span></mark>'
)
"""displaCy's entity template with the entity's id and graph node as data attributes (``params``)."""


# ----------------------------------------------------------------- original text


def _read_text(path: Path) -> str | None:
    """The original text of an input file exactly as ``extract run`` read it (the text offsets index).

    The ingest stage decodes and, for HTML, renders the page the same way
    the run did; a file it refuses (too large, binary, undecodable) has no
    text to show.
    """
    from .ingest import read_source

    try:
        return read_source(path, max_bytes=_max_bytes()).original
    except PipelineError:
        return None


@lru_cache(maxsize=1)
def _max_bytes() -> int:
    """The run's input size limit (``[ingest] max_bytes``), so the report reads what the run read."""
    from .nlp import load_config

    return int(load_config()["ingest"]["max_bytes"])


def find_text(doc_id: str, raw_dir: Path | None, manifest: Mapping[str, str] | None = None) -> tuple[str | None, Path | None]:
    """The original text of a document: the input file the run recorded (``manifest``), else ``raw_dir``."""
    candidates: list[Path] = []
    if manifest and doc_id in manifest:
        candidates.append(Path(manifest[doc_id]))
    if raw_dir is not None:
        candidates += [raw_dir / f"{doc_id}{suffix}" for suffix in RAW_SUFFIXES]
    for path in candidates:
        if path.is_file():
            text = _read_text(path)
            if text is not None:
                return text, path
    return None, None


def read_manifest(out_dir: Path) -> dict[str, str]:
    """doc_id -> input file, from the runner's resume state (``DIR/.state/<doc_id>.json``).

    The runner records there which ``file`` each output came from (see
    :mod:`pipeline.run`); a missing or unreadable state file just leaves the
    document to ``raw_dir``.
    """
    sources: dict[str, str] = {}
    for path in sorted((out_dir / RUN_STATE_DIR).glob("*.json")):
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(state, dict) and isinstance(state.get("doc_id"), str) and isinstance(state.get("file"), str):
            sources[state["doc_id"]] = state["file"]
    return sources


# ----------------------------------------------------------------- mentions and evidence


def search_mentions(text: str, entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
    """Fallback for records without offsets: exact, whole-word occurrences of names and aliases.

    Longer forms win where forms overlap ("Malik Ishaq" over "Ishaq"); a form
    shared by two entities goes to the first one in file order. A hyphen
    binds like a letter, so "LeJ" is not found inside "LeJ-A".
    """
    forms: list[tuple[str, int, Entity]] = []
    for order, e in enumerate(entities):
        for form in dict.fromkeys([e.name, *e.aliases]):
            forms.append((form, order, e))
    forms.sort(key=lambda f: (-len(f[0]), f[1]))
    taken = [False] * len(text)
    found: list[tuple[int, int, Entity]] = []
    for form, _, e in forms:
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            s, t = m.span()
            if not any(taken[s:t]):
                taken[s:t] = [True] * (t - s)
                found.append((s, t, e))
    return sorted(found, key=lambda f: (f[0], f[1]))


def offset_mentions(text: str, entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
    """The records' own mentions, inside the text, overlaps resolved (the longer, then earlier, wins)."""
    spans = sorted(
        ((s, t, e) for e in entities for s, t in (e.mentions or []) if 0 <= s < t <= len(text)),
        key=lambda m: (-(m[1] - m[0]), m[0]),
    )
    taken = [False] * len(text)
    kept = []
    for s, t, e in spans:
        if not any(taken[s:t]):
            taken[s:t] = [True] * (t - s)
            kept.append((s, t, e))
    return sorted(kept, key=lambda m: (m[0], m[1]))


def _squash(s: str) -> str:
    return " ".join(s.split())


def locate_evidence(text: str, rel: Relation) -> tuple[int, int] | None:
    """Where a relation's evidence is in the text: its own offsets when they hold it, else a search.

    The search tries the exact sentence, then the sentence with any
    whitespace and with footnote digits the gold may have dropped
    ("Riaz Basra,3" for "Riaz Basra,").
    """
    if rel.start is not None and rel.end is not None and rel.end <= len(text):
        if _squash(text[rel.start : rel.end]) == _squash(rel.evidence):
            return rel.start, rel.end
    at = text.find(rel.evidence)
    if at >= 0:
        return at, at + len(rel.evidence)
    words = rel.evidence.split()
    if not words:
        return None
    tolerant = []
    for w in words:
        head, tail = re.match(r"^(.*?)([^\w\s]*)$", w).groups()
        tolerant.append(re.escape(head) + r"\d{0,3}" + re.escape(tail) + r"\d{0,3}")
    pattern = r"\s+".join(tolerant)
    m = re.search(pattern.removesuffix(r"\d{0,3}"), text)  # a footnote after the sentence is not part of it
    return m.span() if m else None


def _offsets_hold(text: str, entities: Sequence[Entity], relations: Sequence[Relation]) -> bool:
    """Whether the records' offsets were taken on this text (mentions inside it, evidence where it says)."""
    for e in entities:
        for _, t in e.mentions or []:
            if t > len(text):
                return False
    for r in relations:
        if r.start is not None and r.end is not None:
            if r.end > len(text) or _squash(text[r.start : r.end]) != _squash(r.evidence):
                return False
    return True


# ----------------------------------------------------------------- highlighted text


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def evidence_anchor(doc_id: str, span: tuple[int, int]) -> str:
    """HTML id of an evidence sentence in the highlighted text."""
    return f"ev-{doc_id}-{span[0]}-{span[1]}"


def render_text(
    doc_id: str,
    text: str,
    mentions: Sequence[tuple[int, int, Entity]],
    evidence: Mapping[tuple[int, int], Sequence[str]],
    node_of: Mapping[str, str],
) -> str:
    """displaCy's entity markup of the text, with every evidence sentence wrapped and addressable.

    Evidence spans become ``<span class="evidence" id="ev-...">`` where they
    nest cleanly with the entity marks and with each other; otherwise only an
    empty anchor marks where the sentence starts. Boundaries travel through
    displaCy as private-use characters that are swapped for the markup
    afterwards, so the entity offsets never need a second renderer.
    """
    wrapped: list[tuple[int, int]] = []
    for span in sorted(evidence, key=lambda sp: (sp[0], -sp[1])):
        s, e = span
        crosses_mention = any(a < s < b or a < e < b for a, b, _ in mentions)
        crosses_other = any(ws < s < we < e or s < ws < e < we for ws, we in wrapped)
        if not crosses_mention and not crosses_other:
            wrapped.append(span)
    wrapped_set = set(wrapped)
    events: list[tuple[int, int, int, str]] = []  # (pos, 0 close / 1 open, tie, markup)
    for (s, e), labels in evidence.items():
        anchor = evidence_anchor(doc_id, (s, e))
        tip = _esc("; ".join(labels))
        if (s, e) in wrapped_set:
            events.append((s, 1, -e, f'<span class="evidence" id="{anchor}" title="{tip}">'))
            events.append((e, 0, s, "</span>"))
        else:
            events.append((s, 1, 0, f'<a class="evidence-anchor" id="{anchor}" title="{tip}"></a>'))
    # closers of later-opened spans first; openers of longer spans first
    events.sort(key=lambda ev: (ev[0], ev[1], -ev[2] if ev[1] == 0 else ev[2]))
    markup: dict[str, str] = {}
    pieces: list[str] = []
    last = 0
    for i, (pos, _, _, tag) in enumerate(events):
        pieces.append(text[last:pos])
        ch = chr(_SENTINEL_BASE + i)
        markup[ch] = tag
        pieces.append(ch)
        last = pos
    pieces.append(text[last:])
    marked = "".join(pieces)
    positions = [ev[0] for ev in events]

    def shift(p: int, is_start: bool) -> int:
        # a mark starts after every boundary at its start and ends before every boundary at its end
        return p + (bisect_right(positions, p) if is_start else bisect_left(positions, p))

    ents = []
    for s, t, ent in mentions:
        node = node_of.get(ent.id, "")
        tip = f"{ent.name} ({ent.type.value}, id {ent.id})"
        ents.append(
            {
                "start": shift(s, True),
                "end": shift(t, False),
                "label": ent.type.value,
                "params": {"entity_id": _esc(ent.id), "node": _esc(node), "tip": _esc(tip)},
            }
        )
    rendered = displacy.render(
        {"text": marked, "ents": ents, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"colors": TYPE_COLORS, "template": ENT_TEMPLATE},
    )
    return "".join(markup.get(c, c) for c in rendered) if markup else rendered


# ----------------------------------------------------------------- tables


def _name_cell(entity: Entity | None, fallback: str | None) -> str:
    if entity is None:
        return '<span class="muted">—</span>' if fallback is None else f"<code>{_esc(fallback)}</code>"
    color = TYPE_COLORS[entity.type.value]
    return (
        f'<span class="chip" style="background:{color}" title="{_esc(entity.type.value)}"></span>'
        f'{_esc(entity.name)} <span class="etype">{_esc(entity.type.value)}</span>'
    )


def relation_label(rel: Relation, entities: Mapping[str, Entity]) -> str:
    """``Subject predicate Object`` in names, for tooltips and the node panel."""
    subj = entities.get(rel.subject)
    obj = entities.get(rel.object) if rel.object else None
    return f"{subj.name if subj else rel.subject} {rel.predicate.value} {obj.name if obj else (rel.object or '(unstated)')}"


def render_relations_table(
    doc_id: str,
    relations: Sequence[tuple[int, Relation]],
    entities: Mapping[str, Entity],
    located: Mapping[int, tuple[int, int]],
) -> str:
    """The relations of one document; each row shows its evidence and links to it in the text."""
    if not relations:
        return '<p class="muted">No relations in this document.</p>'
    rows = []
    for index, rel in relations:
        span = located.get(index)
        link = (
            f' <a class="to-text" href="#{evidence_anchor(doc_id, span)}" title="Show the sentence in the text">in text ↗</a>'
            if span
            else ' <span class="muted" title="The sentence was not found in the text">(not in text)</span>'
        )
        how = ", ".join(x for x in (rel.method, f"{rel.confidence:.2f}" if rel.confidence is not None else None) if x)
        place = entities.get(rel.place) if rel.place else None
        rows.append(
            f'<tr id="{relation_row_id(doc_id, index)}" class="relation modality-{rel.modality.value}" data-predicate="{rel.predicate.value}">'
            f'<td class="num">{index}</td>'
            f"<td>{_name_cell(entities.get(rel.subject), rel.subject)}</td>"
            f'<td><span class="predicate">{_esc(rel.predicate.value)}</span></td>'
            f"<td>{_name_cell(entities.get(rel.object) if rel.object else None, rel.object)}</td>"
            f"<td>{_esc(rel.date) if rel.date else '<span class=muted>—</span>'}</td>"
            f"<td>{_name_cell(place, rel.place) if rel.place else '<span class=muted>—</span>'}</td>"
            f'<td><span class="modality {rel.modality.value}">{rel.modality.value}</span></td>'
            f'<td class="evidence-cell"><q>{_esc(rel.evidence)}</q>{link}'
            + (f'<div class="how">{_esc(how)}</div>' if how else "")
            + "</td></tr>"
        )
    return (
        f'<table class="relations" data-doc="{_esc(doc_id)}"><thead><tr><th>#</th><th>subject</th><th>predicate</th>'
        "<th>object</th><th>date</th><th>place</th><th>modality</th><th>evidence</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _count_table(title: str, counts: Mapping[str, int], colors: Mapping[str, str] | None = None) -> str:
    rows = "".join(
        f"<tr><td>{f'<span class=chip style=background:{colors[k]}></span>' if colors and k in colors else ''}{_esc(k)}</td>"
        f'<td class="num">{v}</td></tr>'
        for k, v in counts.items()
    )
    total = sum(counts.values())
    return (
        f'<table class="counts"><thead><tr><th>{_esc(title)}</th><th class="num">n</th></tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><td>total</td><td class="num">{total}</td></tr></tfoot></table>'
    )


def _predicate_table(relations: Sequence[Relation]) -> str:
    by = defaultdict(Counter)
    for r in relations:
        by[r.predicate.value][r.modality.value] += 1
    mods = [m.value for m in Modality]
    rows = "".join(
        f'<tr><td><span class="predicate">{p.value}</span></td>'
        + "".join(f'<td class="num">{by[p.value][m] or ""}</td>' for m in mods)
        + f'<td class="num">{sum(by[p.value].values())}</td></tr>'
        for p in Predicate
        if p.value in by
    )
    totals = "".join(f'<td class="num">{sum(by[p][m] for p in by)}</td>' for m in mods)
    return (
        '<table class="counts"><thead><tr><th>relations per predicate</th>'
        + "".join(f'<th class="num">{m}</th>' for m in mods)
        + '<th class="num">n</th></tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><td>total</td>{totals}<td class="num">{len(relations)}</td></tr></tfoot></table>'
    )


def _legend() -> str:
    types = "".join(
        f'<span class="legend-item"><svg width="16" height="16"><circle cx="8" cy="8" r="7" fill="{TYPE_COLORS[t]}"/></svg>{t}</span>'
        for t in ("PERSON", "ORG")
    )
    lines = "".join(
        f'<span class="legend-item"><svg width="42" height="12"><line x1="2" y1="6" x2="40" y2="6" stroke="{s["stroke"]}" stroke-width="2"'
        + (f' stroke-dasharray="{s["dash"]}"' if s["dash"] else "")
        + f"/></svg>{m}</span>"
        for m, s in MODALITY_STYLES.items()
    )
    return (
        f'<div class="legend" id="graph-legend"><strong>Nodes</strong> {types} '
        '<span class="legend-item muted">size = number of relations</span> '
        f"<strong>Edges</strong> {lines} "
        '<span class="legend-item muted">arrow = subject → object; no arrow = symmetric predicate</span></div>'
    )


def _text_legend() -> str:
    return "".join(
        f'<mark class="entity legend-mark" style="background:{TYPE_COLORS[t.value]}">{t.value}</mark>' for t in EntityType
    )


# ----------------------------------------------------------------- the page


def build_report(
    out_dir: str | Path,
    html_path: str | Path,
    *,
    raw_dir: str | Path | None = None,
    gold: str | Path | None = None,
) -> ReportSummary:
    """Write the self-contained HTML report of an output folder and say what it holds.

    Args:
        out_dir: the folder ``extract run`` wrote (per-document ``.jsonl`` and,
            optionally, the runner's ``entities.jsonl``).
        html_path: the page to write (its folder is created).
        raw_dir: where to find ``<doc_id>.txt|.md|.html`` when the run's
            manifest does not name the source files.
        gold: gold JSONL file or folder; adds the evaluation table.

    Raises:
        InvalidInput: the folder holds no per-document output.
        InvalidGold: a gold file breaks the contract.
    """
    out_dir = Path(out_dir)
    html_path = Path(html_path)
    outputs = load_outputs(out_dir)
    manifest = read_manifest(out_dir)
    raw = Path(raw_dir) if raw_dir is not None else None

    graph = build_graph(outputs.documents, outputs.corpus_entities)
    ids = node_id_map(outputs.documents, outputs.corpus_entities)

    doc_sections: list[str] = []
    doc_summaries: list[DocumentSummary] = []
    node_relations: dict[str, list[dict[str, str]]] = defaultdict(list)
    all_entities: list[Entity] = []
    all_relations: list[Relation] = []
    for doc_id in sorted(outputs.documents):
        records = outputs.documents[doc_id]
        section, summary = _document_section(doc_id, records, raw, manifest, ids, node_relations)
        doc_sections.append(section)
        doc_summaries.append(summary)
        all_entities += [r for r in records if isinstance(r, Entity)]
        all_relations += [r for r in records if isinstance(r, Relation)]

    node_details = {n: {"relations": node_relations.get(n, [])} for n in graph.nodes}
    svg = render_svg(graph, node_details)
    gsum = graph_summary(graph, outputs.corpus_entities)

    evaluation_html = ""
    if gold is not None:
        evaluation_html = _evaluation_section(outputs, Path(gold))

    entities_by_type = {t.value: n for t in EntityType if (n := sum(e.type is t for e in all_entities))}
    relations_by_predicate = {p.value: n for p in Predicate if (n := sum(r.predicate is p for r in all_relations))}
    relations_by_modality = {m.value: n for m in Modality if (n := sum(r.modality is m for r in all_relations))}
    summary = ReportSummary(
        html_path=str(html_path),
        documents=doc_summaries,
        entities_by_type=entities_by_type,
        relations_by_predicate=relations_by_predicate,
        relations_by_modality=relations_by_modality,
        graph=gsum,
        evaluated=gold is not None,
        skipped=outputs.skipped,
        failed=outputs.failed,
    )
    page = _page(out_dir, outputs, summary, svg, doc_sections, evaluation_html, all_relations)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page, encoding="utf-8")
    return summary


def _document_section(
    doc_id: str,
    records: Sequence[AnyRecord],
    raw_dir: Path | None,
    manifest: Mapping[str, str],
    ids: Mapping[tuple[str, str], str],
    node_relations: dict[str, list[dict[str, str]]],
) -> tuple[str, DocumentSummary]:
    document = next(r for r in records if isinstance(r, Document))
    entities = [r for r in records if isinstance(r, Entity)]
    by_id = {e.id: e for e in entities}
    relations = list(iter_relations(records))
    notes: list[str] = []

    text, path = find_text(doc_id, raw_dir, manifest)
    mentions: list[tuple[int, int, Entity]] = []
    located: dict[int, tuple[int, int]] = {}
    source = MentionSource.none
    if text is None:
        notes.append("Original text not found: relations are shown without highlighted text.")
    else:
        has_offsets = any(e.mentions for e in entities)
        if has_offsets and _offsets_hold(text, entities, [r for _, r in relations]):
            mentions, source = offset_mentions(text, entities), MentionSource.offsets
        else:
            if has_offsets:
                notes.append(f"The text in {path} is not the one the records' offsets refer to; mentions found by string search instead.")
            else:
                notes.append("Fallback: the records carry no mention offsets (as in gold files), so mentions are found by exact string search of names and aliases.")
            mentions, source = search_mentions(text, entities), MentionSource.search
        for index, rel in relations:
            span = locate_evidence(text, rel)
            if span is not None:
                located[index] = span
        if len(located) < len(relations):
            notes.append(f"{len(relations) - len(located)} evidence sentence(s) not found in the text.")

    evidence: dict[tuple[int, int], list[str]] = defaultdict(list)
    for index, rel in relations:
        label = relation_label(rel, by_id)
        if index in located:
            evidence[located[index]].append(f"#{index} {label} ({rel.modality.value})")
        entry = {
            "doc": doc_id,
            "row": relation_row_id(doc_id, index),
            "text": label,
            "modality": rel.modality.value,
            "evidence": rel.evidence,
        }
        for arg in {rel.subject, rel.object} - {None}:
            node = ids.get((doc_id, arg))
            if node is not None:
                node_relations[node].append(entry)

    node_of = {e.id: ids.get((doc_id, e.id), "") for e in entities}
    parts = [f'<article class="document" id="doc-{_esc(doc_id)}" data-doc="{_esc(doc_id)}">']
    parts.append(f"<h3>{_esc(document.title or doc_id)}</h3>")
    meta = [f"<code>{_esc(doc_id)}</code>"]
    if document.authors:
        meta.append("by " + _esc(", ".join(document.authors)))
    if document.published:
        meta.append(_esc(document.published))
    meta.append(f"{len(entities)} entities, {len(relations)} relations")
    if path is not None:
        meta.append(f"text: <code>{_esc(path)}</code>")
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    for note in notes:
        parts.append(f'<p class="note">{_esc(note)}</p>')
    if text is not None:
        parts.append(f'<h4>Text <span class="muted">({len(mentions)} mentions highlighted)</span></h4>')
        parts.append(f'<div class="doc-text" id="text-{_esc(doc_id)}">{render_text(doc_id, text, mentions, evidence, node_of)}</div>')
    parts.append(f"<h4>Relations <span class=\"muted\">({len(relations)})</span></h4>")
    parts.append(render_relations_table(doc_id, relations, by_id, located))
    parts.append("</article>")
    summary = DocumentSummary(
        doc_id=doc_id,
        title=document.title,
        text_path=str(path) if path is not None else None,
        mention_source=source,
        entities=len(entities),
        mentions_highlighted=len(mentions),
        relations=len(relations),
        relations_located=len(located),
        notes=notes,
    )
    return "".join(parts), summary


def _evaluation_section(outputs: LoadedOutputs, gold: Path) -> str:
    """The evaluator's table of the predictions against gold (the same text ``extract eval`` prints)."""
    from .evaluate import evaluate, format_table

    report = evaluate(outputs.documents, gold)
    head = (
        f'<p class="headline">entities F1 <b>{report.entities.f1:.3f}</b> · aliases F1 <b>{report.aliases.f1:.3f}</b> · '
        f"relations F1 <b>{report.relations.f1:.3f}</b> <span class=muted>(against <code>{_esc(gold)}</code>)</span></p>"
    )
    return f'<div id="evaluation"><h3>Evaluation</h3>{head}<pre class="eval-table">{_esc(format_table(report))}</pre></div>'


def _page(
    out_dir: Path,
    outputs: LoadedOutputs,
    summary: ReportSummary,
    svg: str,
    doc_sections: Sequence[str],
    evaluation_html: str,
    relations: Sequence[Relation],
) -> str:
    docs_rows = "".join(
        f'<tr><td><a href="#doc-{_esc(d.doc_id)}">{_esc(d.doc_id)}</a></td><td>{_esc(d.title or "")}</td>'
        f'<td class="num">{d.entities}</td><td class="num">{d.relations}</td>'
        f'<td class="num">{d.mentions_highlighted}</td><td>{d.mention_source.value}</td></tr>'
        for d in summary.documents
    )
    docs_table = (
        '<table class="counts docs"><thead><tr><th>document</th><th>title</th><th class="num">entities</th>'
        '<th class="num">relations</th><th class="num">mentions shown</th><th>mentions from</th></tr></thead>'
        f"<tbody>{docs_rows}</tbody></table>"
    )
    g = summary.graph
    identity = (
        "one node per corpus entity (the runner's entities.jsonl)"
        if g.identity == "corpus"
        else "one node per document entity (no corpus-level entities.jsonl in the folder)"
    )
    skipped = (
        '<details class="skipped"><summary>'
        f"{len(summary.skipped)} file(s) or line(s) not read</summary><ul>"
        + "".join(f"<li><code>{_esc(s)}</code></li>" for s in summary.skipped)
        + "</ul></details>"
        if summary.skipped
        else ""
    )
    failed = (
        f'<div class="note"><b>{len(summary.failed)} input(s) the run could not extract</b> (from errors.jsonl; not in this report):<ul>'
        + "".join(f"<li><code>{_esc(f)}</code></li>" for f in summary.failed)
        + "</ul></div>"
        if summary.failed
        else ""
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<a href="#doc-{_esc(d.doc_id)}">{_esc(d.doc_id)}</a>' for d in summary.documents)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ctie report — {_esc(out_dir)}</title>
<style>{_CSS}</style>
</head>
<body>
<header class="top">
<h1>Entities, relations and the network they form</h1>
<p class="meta">Output folder <code>{_esc(out_dir)}</code> · generated {generated}</p>
<nav><a href="#network">Network</a><a href="#summary">Summary</a><a href="#documents">Documents:</a>{nav}</nav>
</header>
<main>
<section id="overview">
<div class="cards">
<div class="card"><div class="big">{len(summary.documents)}</div>documents</div>
<div class="card"><div class="big">{sum(summary.entities_by_type.values())}</div>entities</div>
<div class="card"><div class="big">{len(relations)}</div>relations</div>
<div class="card"><div class="big">{g.nodes}</div>network nodes</div>
<div class="card"><div class="big">{g.edges}</div>network edges</div>
</div>
{failed}
</section>
<section id="network">
<h2>Network of people and organisations</h2>
<p class="meta">{g.nodes} nodes, {g.edges} edges: people and organisations that a relation links to another person or organisation; {identity}. Hover a node to list its aliases and relations, click to pin it (click the background to release). Relations to places, communities and events appear in the list, not as edges.</p>
{_legend()}
<div class="graph-wrap">
<div class="graph-box">{svg}</div>
<aside id="node-panel" class="node-panel"><p class="muted">Hover or click a node.</p></aside>
</div>
</section>
<section id="summary">
<h2>Summary</h2>
<div class="tables">
{docs_table}
{_count_table("entities per type", summary.entities_by_type, TYPE_COLORS)}
{_predicate_table(relations)}
</div>
{evaluation_html}
{skipped}
</section>
<section id="documents">
<h2>Documents</h2>
<p class="meta">Entity types: {_text_legend()} · the sentence a relation's <em>in text ↗</em> link points to is outlined in the text.</p>
{"".join(doc_sections)}
</section>
</main>
<script>{_JS}</script>
</body>
</html>
"""


_CSS = """
:root { --ink:#1f2933; --muted:#6b7785; --line:#d9dee5; --bg:#f7f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:#fff; }
header.top { padding: 14px 24px 8px; border-bottom:1px solid var(--line); background:var(--bg); }
header.top h1 { margin:0; font-size:20px; }
nav a { margin-right:12px; font-size:13px; }
main { padding: 0 24px 48px; }
h2 { margin-top:22px; border-bottom:2px solid var(--line); padding-bottom:4px; }
h3 { margin: 18px 0 4px; }
h4 { margin: 14px 0 6px; }
a { color:#1f5fa8; text-decoration:none; } a:hover { text-decoration:underline; }
.meta { color:var(--muted); margin:2px 0 8px; }
.muted { color:var(--muted); font-weight:normal; }
.note { background:#fff8e1; border-left:3px solid #f0b400; padding:4px 10px; margin:6px 0; }
.cards { display:flex; gap:12px; flex-wrap:wrap; margin:10px 0 14px; }
.card { border:1px solid var(--line); border-radius:8px; padding:8px 16px; min-width:110px; background:var(--bg); color:var(--muted); }
.card .big { font-size:26px; font-weight:700; color:var(--ink); }
.tables { display:flex; gap:22px; flex-wrap:wrap; align-items:flex-start; }
table { border-collapse:collapse; }
table.counts td, table.counts th { border-bottom:1px solid var(--line); padding:3px 10px; text-align:left; }
table.counts tfoot td { font-weight:700; }
.num { text-align:right !important; font-variant-numeric: tabular-nums; }
.chip { display:inline-block; width:10px; height:10px; border-radius:50%; margin-right:5px; vertical-align:middle; }
.etype { font-size:10px; color:var(--muted); }
.predicate { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; background:#eef2f7; padding:1px 5px; border-radius:4px; }
.modality { font-size:12px; padding:1px 6px; border-radius:8px; background:#e6f4ea; }
.modality.hedged { background:#fdf0d5; } .modality.negated { background:#fde2e2; }
pre.eval-table { background:var(--bg); border:1px solid var(--line); padding:10px; overflow:auto; font-size:12px; }
.headline b { font-size:16px; }
.legend { display:flex; flex-wrap:wrap; gap:6px 14px; align-items:center; margin:6px 0; font-size:13px; }
.legend-item { display:inline-flex; align-items:center; gap:4px; }
.graph-wrap { display:flex; gap:12px; align-items:flex-start; }
.graph-box { flex: 1 1 auto; border:1px solid var(--line); border-radius:8px; background:#fcfcfd; overflow:auto; }
svg.network-graph { display:block; width:100%; height:auto; }
svg.network-graph .node { cursor:pointer; }
svg.network-graph .node circle { stroke:#fff; stroke-width:1.5; }
svg.network-graph .node:hover circle, svg.network-graph .node.selected circle { stroke:#111; stroke-width:2.5; }
svg.network-graph .node-label { font-size:12px; fill:#1f2933; paint-order:stroke; stroke:#fff; stroke-width:3px; stroke-linejoin:round; pointer-events:none; }
svg.network-graph .edge-label { font-size:9px; fill:#5f6b7a; paint-order:stroke; stroke:#fcfcfd; stroke-width:2.5px; pointer-events:none; }
svg.network-graph .edge-label.short { display:none; }
svg.network-graph.focus .edge.near .edge-label.short { display:inline; }
svg.network-graph .edge.modality-negated .edge-label { fill:#c53030; }
svg.network-graph .edge.modality-hedged .edge-label { fill:#8a5a12; }
svg.network-graph.focus .node:not(.near), svg.network-graph.focus .edge:not(.near) { opacity:0.15; }
svg.network-graph.focus .edge.near .edge-label { font-size:11px; font-weight:600; }
.node-panel { flex: 0 0 300px; position:sticky; top:10px; max-height: calc(100vh - 20px); overflow:auto; border:1px solid var(--line); border-radius:8px; padding:10px 12px; background:var(--bg); font-size:13px; }
.node-panel h3 { margin:0 0 2px; }
.node-panel ul { padding-left:18px; margin:4px 0; }
.node-panel li { margin-bottom:4px; }
.node-panel li.hedged a { color:#8a5a12; } .node-panel li.negated a { color:#c53030; }
article.document { border-top:1px solid var(--line); padding-top:6px; margin-top:22px; }
.doc-text { max-height: 520px; overflow:auto; border:1px solid var(--line); border-radius:8px; padding:10px 16px; background:#fff; }
.doc-text .entities { line-height: 2.1 !important; }
mark.entity { padding: 0.12em 0.35em; margin: 0 0.1em; border-radius: 0.35em; line-height:1; }
mark.entity .entity-label { font-size: 0.68em; font-weight:700; margin-left:0.35em; vertical-align:middle; opacity:0.75; }
mark.entity[data-node]:not([data-node=""]) { cursor:pointer; }
mark.legend-mark { margin-right:6px; font-size:12px; }
.evidence { border-bottom: 1px dotted #9aa5b1; }
.evidence:target, .evidence.flash { background:#fff3b0; outline:2px solid #f0c000; border-radius:3px; }
.evidence-anchor:target::after { content:"▶"; color:#f0b400; }
table.relations { width:100%; font-size:13px; margin-bottom:8px; }
table.relations th { text-align:left; background:var(--bg); border-bottom:2px solid var(--line); padding:4px 6px; position:sticky; top:0; }
table.relations td { border-bottom:1px solid var(--line); padding:4px 6px; vertical-align:top; }
table.relations tr:target { background:#fff3b0; }
table.relations tr.modality-negated td { background:#fff5f5; }
table.relations .evidence-cell q { color:#333; }
table.relations .how { color:var(--muted); font-size:11px; }
details.skipped { margin-top:10px; color:var(--muted); }
"""

_JS = """
(function () {
  var svg = document.getElementById('network-graph');
  var panel = document.getElementById('node-panel');
  if (!svg || !panel) return;
  var pinned = null;
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function focus(g) {
    var id = g.getAttribute('data-id');
    svg.classList.add('focus');
    svg.querySelectorAll('.near').forEach(function (n) { n.classList.remove('near'); });
    g.classList.add('near');
    svg.querySelectorAll('.edge').forEach(function (e) {
      var s = e.getAttribute('data-source'), t = e.getAttribute('data-target');
      if (s === id || t === id) {
        e.classList.add('near');
        svg.querySelectorAll('.node').forEach(function (n) {
          var nid = n.getAttribute('data-id');
          if (nid === s || nid === t) n.classList.add('near');
        });
      }
    });
  }
  function unfocus() { svg.classList.remove('focus'); svg.querySelectorAll('.near').forEach(function (n) { n.classList.remove('near'); }); }
  function show(g) {
    var aliases = JSON.parse(g.getAttribute('data-aliases') || '[]');
    var rels = JSON.parse(g.getAttribute('data-relations') || '[]');
    panel.innerHTML = '';
    panel.appendChild(el('h3', g.getAttribute('data-name')));
    panel.appendChild(el('div', g.getAttribute('data-type') + ' · ' + g.getAttribute('data-degree') + ' edge(s) in the network · ' + (g.getAttribute('data-docs') || ''), 'muted'));
    panel.appendChild(el('h4', 'Aliases'));
    if (aliases.length) { var ul = el('ul'); aliases.forEach(function (a) { ul.appendChild(el('li', a)); }); panel.appendChild(ul); }
    else panel.appendChild(el('div', 'none', 'muted'));
    panel.appendChild(el('h4', 'Relations (' + rels.length + ')'));
    var rl = el('ul');
    rels.forEach(function (r) {
      var li = el('li', null, r.modality);
      var a = el('a', r.text + (r.modality !== 'asserted' ? ' (' + r.modality + ')' : ''));
      a.href = '#' + r.row; a.title = r.evidence;
      li.appendChild(a); li.appendChild(el('span', ' · ' + r.doc, 'muted'));
      rl.appendChild(li);
    });
    panel.appendChild(rl);
    focus(g);
  }
  svg.querySelectorAll('.node').forEach(function (g) {
    g.addEventListener('mouseenter', function () { if (!pinned) show(g); });
    g.addEventListener('mouseleave', function () { if (!pinned) unfocus(); });
    g.addEventListener('focus', function () { if (!pinned) show(g); });
    g.addEventListener('click', function (ev) {
      ev.stopPropagation();
      if (pinned) pinned.classList.remove('selected');
      pinned = g; g.classList.add('selected'); show(g);
    });
  });
  svg.addEventListener('click', function () { if (pinned) pinned.classList.remove('selected'); pinned = null; unfocus(); });
  document.querySelectorAll('mark.entity[data-node]').forEach(function (m) {
    var id = m.getAttribute('data-node');
    if (!id) return;
    m.addEventListener('click', function () {
      var g = Array.prototype.find.call(svg.querySelectorAll('.node'), function (n) { return n.getAttribute('data-id') === id; });
      if (!g) return;
      if (pinned) pinned.classList.remove('selected');
      pinned = g; g.classList.add('selected'); show(g);
      document.getElementById('network').scrollIntoView({behavior: 'smooth'});
    });
  });
})();
"""
