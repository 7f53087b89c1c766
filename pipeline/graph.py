"""The network of people and organisations that an output folder states, as networkx and SVG.

One graph serves the HTML report (:func:`render_svg`) and the GraphML/GEXF
export for Gephi or Cytoscape (:func:`export_graph`), so both always show
the same nodes and edges.

Decisions, taken once here:

- **Nodes** are PERSON and ORG entities that take part in at least one
  relation whose other argument is also a PERSON or ORG: the graph is the
  network of people and organisations, and every node has an edge. Relations
  to places, communities and events (and relations with a null object) are
  not edges; they are listed with the node in the report's side panel.
- **Identity**: when the folder holds the runner's ``entities.jsonl``, one node
  per corpus entity (its members across documents merge); otherwise one node
  per (doc_id, entity id), id ``doc_id:entity_id``. A document entity that no
  corpus entity claims keeps its own node.
- **Edges**: one per (subject node, predicate, object node) across the corpus,
  with every statement of it counted (``count``) and listed (``docs``,
  ``rows``). Symmetric predicates are stored with their ends in sorted order.
  Its ``modality`` is the most committed one stated (asserted over hedged
  over negated), as the contract does within one document. Self-loops that
  corpus merges create are dropped.
- **Layout**: :func:`networkx.spring_layout` with a fixed seed, so the same
  folder always gives the same picture; positions are stored as ``x``/``y``
  (canvas pixels) on every node and exported too.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter, defaultdict
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import networkx as nx
from pydantic import ValidationError

from models.jsonl import CORPUS_ENTITIES_FILE, RUN_ERRORS_FILE, AnyRecord, iter_jsonl_files, read_records
from models.records import SIGNATURES, Document, Entity, EntityType, Modality, Relation
from models.report import CorpusEntity, GraphSummary, LoadedOutputs

from .errors import Errors, InvalidInput

GRAPH_TYPES: tuple[EntityType, ...] = (EntityType.PERSON, EntityType.ORG)
"""Entity types drawn as nodes: the issue asks for the network of organisations and people."""


MODALITY_RANK = {Modality.asserted.value: 0, Modality.hedged.value: 1, Modality.negated.value: 2}

TYPE_COLORS = {
    "PERSON": "#f6b26b",
    "ORG": "#6fa8dc",
    "LOC": "#93c47d",
    "GROUP": "#c27ba0",
    "EVENT": "#e06666",
}
"""One colour per entity type, shared by the highlighted text and the graph."""

MODALITY_STYLES = {
    "asserted": {"stroke": "#5f6b7a", "dash": None},
    "hedged": {"stroke": "#b7791f", "dash": "7 5"},
    "negated": {"stroke": "#c53030", "dash": "2 4"},
}
"""How an edge is drawn: hedged edges dashed amber, negated edges dotted red."""

# Canvas and layout of the SVG. Tuned by eye on the corpus; they shape only the picture.
CANVAS_WIDTH = 1000
CANVAS_MIN_HEIGHT = 640
CANVAS_MARGIN = 30
LAYOUT_SEED = 7
LAYOUT_ITERATIONS = 300
LAYOUT_K = 1.4
COMPONENT_RADIUS_PER_SQRT_NODE = 46.0
LABEL_ROOM = 95
NODE_MIN_RADIUS = 6.0
NODE_RADIUS_PER_SQRT_DEGREE = 3.5
LABEL_FONT_PX = 12
LABEL_CHAR_PX = 6.6
EDGE_LABEL_CHAR_PX = 4.8
EDGE_LABEL_POSITION = 0.62
PARALLEL_EDGE_BEND = 26.0


class GraphFormat(str, Enum):
    """File formats of :func:`export_graph`."""

    graphml = "graphml"
    gexf = "gexf"


# ----------------------------------------------------------------- reading an output folder


def load_outputs(out_dir: str | Path) -> LoadedOutputs:
    """Read the per-document files of an output folder and the runner's corpus entities.

    A ``.jsonl`` file is a document file when it holds a document record;
    lines of it that break the contract are skipped and listed. Other files
    (the runner's ``errors.jsonl``, manifests, anything unknown) are ignored;
    unknown ones are listed in ``skipped``.

    Raises:
        InvalidInput: when the folder does not exist or holds no document file.
    """
    folder = Path(out_dir)
    if not folder.exists():
        raise InvalidInput(Errors.E011.format(path=folder))
    documents: dict[str, list[AnyRecord]] = {}
    sources: dict[str, str] = {}
    skipped: list[str] = []
    for path in iter_jsonl_files([folder]):
        good, problems = read_records(path)
        docs = [r for _, r in good if isinstance(r, Document)]
        if not docs:
            skipped.append(f"{path}: no document record, not a per-document output file")
            continue
        doc_id = docs[0].doc_id
        if doc_id in documents:
            skipped.append(f"{path}: doc_id {doc_id!r} is also in {sources[doc_id]}; read once")
            continue
        skipped.extend(str(p) for p in problems)
        documents[doc_id] = [r for _, r in good if r.doc_id == doc_id]
        sources[doc_id] = str(path)
    if not documents:
        raise InvalidInput(Errors.E011.format(path=folder).replace("no .jsonl files found", "no per-document .jsonl files found"))
    corpus_entities, corpus_problems = _read_corpus_entities(folder / CORPUS_ENTITIES_FILE)
    skipped.extend(corpus_problems)
    return LoadedOutputs(
        documents=documents, sources=sources, corpus_entities=corpus_entities, skipped=skipped,
        failed=_read_run_errors(folder / RUN_ERRORS_FILE),
    )


def _read_run_errors(path: Path) -> list[str]:
    """``file: message`` for each input the run could not extract (lines that do not parse are left out)."""
    if not path.is_file():
        return []
    failed = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and "file" in row:
                failed.append(f"{row['file']}: {row.get('message', 'failed')}")
    return failed


def _read_corpus_entities(path: Path) -> tuple[list[CorpusEntity] | None, list[str]]:
    """The corpus entities of ``entities.jsonl``; ``None`` when absent or unreadable (per-document nodes then)."""
    if not path.is_file():
        return None, []
    entities: list[CorpusEntity] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                entities.append(CorpusEntity.from_line(obj))
            except (json.JSONDecodeError, ValidationError, TypeError) as exc:
                problems.append(f"{path}:{number}: not a corpus entity ({str(exc).splitlines()[0]}); line ignored")
    return entities, problems


# ----------------------------------------------------------------- identity


def _group(records: Mapping[str, Sequence[AnyRecord]] | Iterable[AnyRecord]) -> dict[str, list[AnyRecord]]:
    if isinstance(records, Mapping):
        return {k: list(v) for k, v in records.items()}
    grouped: dict[str, list[AnyRecord]] = defaultdict(list)
    for r in records:
        grouped[r.doc_id].append(r)
    return dict(grouped)


def node_id_map(
    documents: Mapping[str, Sequence[AnyRecord]], corpus_entities: Sequence[CorpusEntity] | None = None
) -> dict[tuple[str, str], str]:
    """(doc_id, entity id) -> graph node id, for every entity of every document.

    Corpus entities claim their members; any other entity is ``doc_id:entity_id``.
    """
    claimed: dict[tuple[str, str], str] = {}
    for ce in corpus_entities or ():
        for m in ce.members:
            claimed.setdefault((m.doc_id, m.entity_id), ce.id)
    ids: dict[tuple[str, str], str] = {}
    for doc_id, records in documents.items():
        for r in records:
            if isinstance(r, Entity):
                ids[(doc_id, r.id)] = claimed.get((doc_id, r.id), f"{doc_id}:{r.id}")
    return ids


def relation_row_id(doc_id: str, index: int) -> str:
    """HTML id of the report's table row of a document's ``index``-th relation (1-based)."""
    return f"rel-{doc_id}-{index}"


def iter_relations(records: Sequence[AnyRecord]) -> Iterable[tuple[int, Relation]]:
    """A document's relations numbered 1.. in file order (the numbering the report's rows use)."""
    return enumerate((r for r in records if isinstance(r, Relation)), start=1)


# ----------------------------------------------------------------- building


def build_graph(
    records: Mapping[str, Sequence[AnyRecord]] | Iterable[AnyRecord],
    corpus_entities: Sequence[CorpusEntity] | None = None,
    *,
    layout: bool = True,
) -> nx.MultiDiGraph:
    """The network of people and organisations (see the module docstring for what is a node and an edge).

    Args:
        records: contract records, grouped by doc_id or as one flat iterable.
        corpus_entities: the runner's corpus-level merges, if any.
        layout: compute ``x``/``y`` canvas positions with :func:`layout_graph`.

    Returns:
        A MultiDiGraph keyed by predicate. Node attributes: ``label``,
        ``entity_type``, ``aliases`` (``" | "``-joined), ``members``
        (``doc_id:entity_id``, ``"; "``-joined), ``docs``, ``degree``.
        Edge attributes: ``predicate``, ``label``, ``modality``,
        ``symmetric``, ``count``, ``weight``, ``docs``, ``rows``, ``dates``,
        ``evidence`` (of the most committed statement). All are scalars, so
        GraphML and GEXF can hold them.
    """
    documents = _group(records)
    ids = node_id_map(documents, corpus_entities)
    corpus_by_id = {ce.id: ce for ce in corpus_entities or ()}
    entity_of: dict[tuple[str, str], Entity] = {
        (doc_id, r.id): r for doc_id, recs in documents.items() for r in recs if isinstance(r, Entity)
    }
    edges: dict[tuple[str, str, str], list[tuple[str, int, Relation]]] = defaultdict(list)
    for doc_id in sorted(documents):
        for index, rel in iter_relations(documents[doc_id]):
            if rel.object is None:
                continue
            subj = entity_of.get((doc_id, rel.subject))
            obj = entity_of.get((doc_id, rel.object))
            if subj is None or obj is None or subj.type not in GRAPH_TYPES or obj.type not in GRAPH_TYPES:
                continue
            u, v = ids[(doc_id, subj.id)], ids[(doc_id, obj.id)]
            if u == v:
                continue
            if SIGNATURES[rel.predicate].symmetric and v < u:
                u, v = v, u
            edges[(u, v, rel.predicate.value)].append((doc_id, index, rel))

    graph = nx.MultiDiGraph(name="ctie network of people and organisations")
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, node in ids.items():
        members[node].append(key)
    used = sorted({n for u, v, _ in edges for n in (u, v)})
    for node in used:
        keys = sorted(members[node])
        ents = [entity_of[k] for k in keys]
        ce = corpus_by_id.get(node)
        label = ce.name if ce is not None else ents[0].name
        forms = [ce.name, *ce.aliases] if ce is not None else []
        for e in ents:
            forms += [e.name, *e.aliases]
        aliases = [f for f in dict.fromkeys(forms) if f != label]
        etype = ce.type.value if ce is not None else ents[0].type.value
        graph.add_node(
            node,
            label=label,
            entity_type=etype,
            aliases=" | ".join(aliases),
            members="; ".join(f"{d}:{e}" for d, e in keys),
            docs="; ".join(sorted({d for d, _ in keys})),
        )
    for (u, v, predicate), statements in sorted(edges.items()):
        statements.sort(key=lambda s: (MODALITY_RANK[s[2].modality.value], s[0], s[1]))
        best = statements[0][2]
        graph.add_edge(
            u,
            v,
            key=predicate,
            predicate=predicate,
            label=predicate,
            modality=best.modality.value,
            modalities="; ".join(sorted({s[2].modality.value for s in statements}, key=MODALITY_RANK.__getitem__)),
            symmetric=SIGNATURES[best.predicate].symmetric,
            count=len(statements),
            weight=float(len(statements)),
            docs="; ".join(sorted({s[0] for s in statements})),
            rows="; ".join(relation_row_id(d, i) for d, i, _ in statements),
            dates="; ".join(dict.fromkeys(s[2].date for s in statements if s[2].date)),
            evidence=best.evidence,
        )
    for node in graph.nodes:
        graph.nodes[node]["degree"] = int(graph.degree(node))
    if layout:
        layout_graph(graph)
    return graph


def graph_summary(graph: nx.MultiDiGraph, corpus_entities: Sequence[CorpusEntity] | None) -> GraphSummary:
    """Counts of a graph for the report's summary and the CLI."""
    return GraphSummary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        identity="corpus" if corpus_entities is not None else "document",
        nodes_by_type=dict(Counter(d["entity_type"] for _, d in graph.nodes(data=True)).most_common()),
        edges_by_modality=dict(Counter(d["modality"] for *_, d in graph.edges(data=True)).most_common()),
    )


# ----------------------------------------------------------------- layout


def canvas_height(graph: nx.MultiDiGraph) -> int:
    """Height of the SVG canvas: what :func:`layout_graph` used (stored on the graph)."""
    return int(graph.graph.get("height", CANVAS_MIN_HEIGHT))


def node_radius(degree: int) -> float:
    return NODE_MIN_RADIUS + NODE_RADIUS_PER_SQRT_DEGREE * math.sqrt(max(degree, 0))


def _component_positions(simple: nx.Graph, nodes: Sequence[str], seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of one connected component, spread evenly over the unit disc.

    Spring layouts pack a hub's neighbourhood tight and leave the rim empty;
    keeping each node's angle and replacing its distance from the centre by
    its rank (so that the nodes cover the disc's area evenly) gives their
    labels room without changing who sits beside whom.
    """
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    # a fresh graph in sorted order: subgraph views may iterate a set, which would make the layout hash-dependent
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(sorted((u, v) for u, v in simple.subgraph(nodes).edges()))
    pos = nx.spring_layout(sub, seed=seed, k=LAYOUT_K / math.sqrt(len(nodes)), iterations=LAYOUT_ITERATIONS)
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    polar = {n: (math.atan2(p[1] - cy, p[0] - cx), math.hypot(p[0] - cx, p[1] - cy)) for n, p in pos.items()}
    order = sorted(polar, key=lambda n: (polar[n][1], n))
    count = len(order)
    result = {}
    for rank, node in enumerate(order):
        angle = polar[node][0]
        radius = math.sqrt((rank + 0.5) / count) if count > 2 else 1.0
        result[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return result


def layout_graph(graph: nx.MultiDiGraph, *, seed: int = LAYOUT_SEED) -> None:
    """Set ``x``/``y`` canvas positions on every node (deterministic for a given graph and seed).

    Each connected component gets its own spring layout in an ellipse whose
    size grows with the square root of its node count (as wide as the canvas
    allows, as tall as it needs), and the ellipses are packed in rows,
    largest first: one spring layout of the whole corpus would fling the
    small components to the corners and crush the big ones in the middle.
    A last pass moves nodes apart vertically until no two labels overlap.
    The canvas height is stored as ``graph.graph["height"]``.
    """
    graph.graph["width"] = CANVAS_WIDTH
    graph.graph["height"] = CANVAS_MIN_HEIGHT
    if graph.number_of_nodes() == 0:
        return
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges()))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    max_rx = (CANVAS_WIDTH - 2 * CANVAS_MARGIN - 2 * LABEL_ROOM) / 2
    boxes = []
    for nodes in components:
        radius = COMPONENT_RADIUS_PER_SQRT_NODE * (math.sqrt(len(nodes)) if len(nodes) > 2 else 0.7)
        rx, ry = min(radius, max_rx), radius
        boxes.append((nodes, rx, ry, 2 * rx + 2 * LABEL_ROOM, 2 * ry + 2 * LABEL_FONT_PX + 16))
    # shelf packing: fill a row left to right, then start the next one below
    x, y, row_h = CANVAS_MARGIN, CANVAS_MARGIN / 2, 0.0
    rows: list[list[tuple[list[str], float, float, float, float, float]]] = [[]]
    for nodes, rx, ry, width, height in boxes:
        if x + width > CANVAS_WIDTH - CANVAS_MARGIN and rows[-1]:
            x, y, row_h = CANVAS_MARGIN, y + row_h, 0.0
            rows.append([])
        rows[-1].append((nodes, rx, ry, x + width / 2, y + height / 2, width))
        x += width
        row_h = max(row_h, height)
    for row in rows:  # centre each row
        used = sum(item[5] for item in row)
        dx = (CANVAS_WIDTH - used) / 2 - (row[0][3] - row[0][5] / 2)
        for nodes, rx, ry, cx, cy, _ in row:
            for node, (px, py) in _component_positions(simple, nodes, seed).items():
                graph.nodes[node]["x"] = cx + dx + px * rx
                graph.nodes[node]["y"] = cy + py * ry
    _separate_labels(graph)
    top = min(d["y"] - node_radius(d["degree"]) for _, d in graph.nodes(data=True)) - CANVAS_MARGIN / 2
    for _, d in graph.nodes(data=True):
        d["x"] = round(d["x"], 1)
        d["y"] = round(d["y"] - top, 1)
    bottom = max(d["y"] + node_radius(d["degree"]) for _, d in graph.nodes(data=True))
    graph.graph["height"] = int(math.ceil(bottom + LABEL_FONT_PX + CANVAS_MARGIN / 2))


def _footprint(d: Mapping[str, Any]) -> tuple[float, float, float]:
    """Left and right extent from the node's centre, and half height, of a node with its label on the right."""
    r = node_radius(d["degree"])
    return r, r + LABEL_CHAR_PX * len(d["label"]) + 6, max(r, LABEL_FONT_PX / 2 + 3)


def _separate_labels(graph: nx.MultiDiGraph, rounds: int = 200) -> None:
    """Push nodes apart vertically until no two footprints (circle plus label) overlap.

    Vertical moves keep the left-right order the spring layout found, and a
    sweep over nodes sorted by their left edge keeps each round near linear.
    """
    nodes = sorted(graph.nodes)
    data = [graph.nodes[n] for n in nodes]
    ext = [_footprint(d) for d in data]
    for _ in range(rounds):
        moved = False
        order = sorted(range(len(nodes)), key=lambda i: (data[i]["x"] - ext[i][0], i))
        for pos, i in enumerate(order):
            right_i = data[i]["x"] + ext[i][1]
            for j in order[pos + 1 :]:
                if data[j]["x"] - ext[j][0] >= right_i:
                    break
                dy = data[j]["y"] - data[i]["y"]
                need = ext[i][2] + ext[j][2] + 2 - abs(dy)
                if need > 0:
                    sign = 1.0 if dy > 0 or (dy == 0 and i < j) else -1.0
                    data[i]["y"] -= sign * need / 2
                    data[j]["y"] += sign * need / 2
                    moved = True
        if not moved:
            break


# ----------------------------------------------------------------- export


def _hex_rgb(color: str) -> dict[str, int]:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16)}


def write_graph(graph: nx.MultiDiGraph, fmt: GraphFormat | str, out: str | Path) -> None:
    """Write a graph from :func:`build_graph` as GraphML or GEXF (GEXF carries colours, sizes and positions)."""
    fmt = GraphFormat(fmt)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is GraphFormat.graphml:
        nx.write_graphml(graph, out)
        return
    g = graph.copy()
    for _, data in g.nodes(data=True):
        data["viz"] = {
            "color": {**_hex_rgb(TYPE_COLORS[data["entity_type"]]), "a": 1.0},
            "size": node_radius(data["degree"]),
            "position": {"x": data.get("x", 0.0), "y": -data.get("y", 0.0), "z": 0.0},
        }
    nx.write_gexf(g, out)


def export_graph(out_dir: str | Path, fmt: GraphFormat | str, out: str | Path) -> nx.MultiDiGraph:
    """Read an output folder, build its network and write it as GraphML or GEXF for Gephi or Cytoscape.

    Returns the graph written (the same nodes and edges as the report's).
    """
    outputs = load_outputs(out_dir)
    graph = build_graph(outputs.documents, outputs.corpus_entities)
    write_graph(graph, fmt, out)
    return graph


# ----------------------------------------------------------------- SVG


def _attr(value: Any) -> str:
    return html.escape(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), quote=True)


def _place_labels(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float, str]]:
    """Greedy label placement: hubs first, each label on the side of its node that overlaps least."""
    placed: list[tuple[float, float, float, float]] = []
    result: dict[str, tuple[float, float, str]] = {}
    width = graph.graph.get("width", CANVAS_WIDTH)
    circles = [(d["x"], d["y"], node_radius(d["degree"])) for _, d in graph.nodes(data=True)]
    order = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["degree"], n))
    for node in order:
        d = graph.nodes[node]
        r = node_radius(d["degree"])
        w = LABEL_CHAR_PX * len(d["label"]) + 4
        h = LABEL_FONT_PX + 4
        x, y = d["x"], d["y"]
        candidates = [
            (x + r + 3, y + h / 2 - 3, "start", (x + r + 1, y - h / 2)),
            (x - r - 3, y + h / 2 - 3, "end", (x - r - 1 - w, y - h / 2)),
            (x, y - r - 4, "middle", (x - w / 2, y - r - 4 - h)),
            (x, y + r + h, "middle", (x - w / 2, y + r + 2)),
        ]

        def overlap(box: tuple[float, float]) -> float:
            bx, by = box
            total = 0.0
            outside = max(0.0, -bx) + max(0.0, bx + w - width)
            total += 10.0 * outside * h
            for px, py, pw, ph in placed:
                ox = min(bx + w, px + pw) - max(bx, px)
                oy = min(by + h, py + ph) - max(by, py)
                if ox > 0 and oy > 0:
                    total += ox * oy
            for cx, cy, cr in circles:
                ox = min(bx + w, cx + cr) - max(bx, cx - cr)
                oy = min(by + h, cy + cr) - max(by, cy - cr)
                if ox > 0 and oy > 0:
                    total += 0.5 * ox * oy
            return total

        best = min(candidates, key=lambda c: overlap(c[3]))
        placed.append((best[3][0], best[3][1], w, h))
        result[node] = (best[0], best[1], best[2])
    return result


def render_svg(
    graph: nx.MultiDiGraph,
    node_details: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The graph as an inline SVG: one ``<g class="node">`` per node, one ``<g class="edge">`` per edge.

    Nodes are circles sized by degree and coloured by type, with a
    ``<title>`` tooltip and ``data-*`` attributes (``data-id``, ``data-type``,
    ``data-name``, ``data-aliases`` and, from ``node_details``,
    ``data-relations`` as JSON) that the report's script lists on hover or
    click. Edges are lines (curves when two nodes share several) labelled by
    predicate, with an arrowhead unless the predicate is symmetric; hedged
    edges are dashed and negated edges dotted red.
    """
    node_details = node_details or {}
    n = graph.number_of_nodes()
    height = canvas_height(graph)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-graph" id="network-graph" viewBox="0 0 {CANVAS_WIDTH} {height}" '
        f'width="{CANVAS_WIDTH}" height="{height}" role="img" aria-label="Network of people and organisations" '
        f'data-nodes="{n}" data-edges="{graph.number_of_edges()}">',
        "<defs>",
    ]
    for modality, style in MODALITY_STYLES.items():
        parts.append(
            f'<marker id="arrow-{modality}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{style["stroke"]}"/></marker>'
        )
    parts.append("</defs>")
    if n == 0:
        parts.append(
            f'<text x="{CANVAS_WIDTH / 2}" y="{height / 2}" text-anchor="middle" class="empty">'
            "No relation between people or organisations in these documents.</text></svg>"
        )
        return "".join(parts)

    # parallel edges (either direction) between one pair bend apart
    pair_edges: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, k in sorted(graph.edges(keys=True)):
        pair_edges[(min(u, v), max(u, v))].append((u, v, k))
    parts.append('<g class="edges">')
    for (a, b), group in sorted(pair_edges.items()):
        for i, (u, v, k) in enumerate(group):
            data = graph.edges[u, v, k]
            bend = (i - (len(group) - 1) / 2) * PARALLEL_EDGE_BEND
            parts.append(_edge_svg(graph, u, v, data, bend if u == a else -bend))
    parts.append("</g>")
    labels = _place_labels(graph)
    parts.append('<g class="nodes">')
    for node in sorted(graph.nodes, key=lambda m: (graph.nodes[m]["degree"], m)):
        d = graph.nodes[node]
        r = node_radius(d["degree"])
        aliases = [a for a in d["aliases"].split(" | ") if a]
        lx, ly, anchor = labels[node]
        details = node_details.get(node, {})
        tip = f'{d["label"]} ({d["entity_type"]}, {d["degree"]} relation{"s" if d["degree"] != 1 else ""})'
        if aliases:
            tip += "\naka " + "; ".join(aliases)
        parts.append(
            f'<g class="node type-{d["entity_type"]}" tabindex="0" data-id="{_attr(node)}" data-type="{d["entity_type"]}" '
            f'data-name="{_attr(d["label"])}" data-degree="{d["degree"]}" data-aliases="{_attr(aliases)}" '
            f'data-docs="{_attr(d["docs"])}" data-relations="{_attr(details.get("relations", []))}">'
            f"<title>{html.escape(tip)}</title>"
            f'<circle cx="{d["x"]}" cy="{d["y"]}" r="{r:.1f}" fill="{TYPE_COLORS[d["entity_type"]]}"/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" class="node-label">{html.escape(d["label"])}</text>'
            "</g>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _edge_svg(graph: nx.MultiDiGraph, u: str, v: str, data: Mapping[str, Any], bend: float) -> str:
    """One edge: a straight or bent path between the two circles' rims, its label at the middle."""
    x1, y1 = graph.nodes[u]["x"], graph.nodes[u]["y"]
    x2, y2 = graph.nodes[v]["x"], graph.nodes[v]["y"]
    r1, r2 = node_radius(graph.nodes[u]["degree"]), node_radius(graph.nodes[v]["degree"])
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    nx_, ny_ = -uy, ux  # normal
    mx, my = (x1 + x2) / 2 + nx_ * bend, (y1 + y2) / 2 + ny_ * bend
    # start and end on the rims, aimed at the control point
    def rim(x: float, y: float, r: float, tx: float, ty: float) -> tuple[float, float]:
        ddx, ddy = tx - x, ty - y
        dd = math.hypot(ddx, ddy) or 1.0
        return x + ddx / dd * r, y + ddy / dd * r

    sx, sy = rim(x1, y1, r1 + 1, mx, my)
    ex, ey = rim(x2, y2, r2 + 3, mx, my)
    style = MODALITY_STYLES[data["modality"]]
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    marker = "" if data["symmetric"] else f' marker-end="url(#arrow-{data["modality"]})"'
    width = 1.2 + 0.6 * min(data["count"] - 1, 4)
    # labels sit nearer the less connected end, so a hub's edge labels do not crowd its rim
    t = 0.5 if r1 == r2 else (EDGE_LABEL_POSITION if r1 > r2 else 1 - EDGE_LABEL_POSITION)
    if bend:
        path = f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"
        lx = (1 - t) ** 2 * sx + 2 * (1 - t) * t * mx + t**2 * ex
        ly = (1 - t) ** 2 * sy + 2 * (1 - t) * t * my + t**2 * ey
    else:
        path = f"M{sx:.1f},{sy:.1f} L{ex:.1f},{ey:.1f}"
        lx, ly = sx + t * (ex - sx), sy + t * (ey - sy)
    label = data["predicate"] if data["modality"] == "asserted" else f'{data["predicate"]} ({data["modality"]})'
    # a label longer than the visible stretch of its edge is shown only when the edge is in focus
    short = math.hypot(ex - sx, ey - sy) < EDGE_LABEL_CHAR_PX * len(label) + 6
    label_class = "edge-label short" if short else "edge-label"
    su, sv = graph.nodes[u]["label"], graph.nodes[v]["label"]
    tip = f"{su} {data['predicate']} {sv} — {data['modality']}; {data['count']} statement(s) in {data['docs']}\n{data['evidence']}"
    return (
        f'<g class="edge modality-{data["modality"]}" data-source="{_attr(u)}" data-target="{_attr(v)}" '
        f'data-predicate="{data["predicate"]}" data-modality="{data["modality"]}" data-rows="{_attr(data["rows"])}">'
        f"<title>{html.escape(tip)}</title>"
        f'<path d="{path}" fill="none" stroke="{style["stroke"]}" stroke-width="{width:.1f}"{dash}{marker}/>'
        f'<text x="{lx:.1f}" y="{ly - 2:.1f}" text-anchor="middle" class="{label_class}">{html.escape(label)}</text>'
        "</g>"
    )
