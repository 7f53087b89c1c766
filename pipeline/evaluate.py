"""Score predicted assertions against gold, exactly as section 7 of the contract says.

The scorer deliberately shares no code with the extractor (it imports only
``models`` and ``pipeline.errors``): a normalisation bug shared by both would
otherwise be invisible in the scores.

Decisions the contract leaves open, taken here once:

- Documents pair by ``doc_id``. A gold document with no prediction counts
  everything as missed; a predicted document without gold is listed in
  ``unpaired_predictions`` and ignored.
- Alignment ties (same number of shared forms) go to the pair with fewer
  unshared forms, then to the smaller gold id and predicted id, so a run is
  deterministic.
- Alias links are compared as sets of unordered pairs of normalised forms,
  per document, whatever entity carries them.
- A predicted relation whose subject or object (or place) is an unaligned
  entity cannot match anything; a null object matches only a null object.
- Date accuracy compares the EDTF strings exactly; place compares the
  aligned place id (null equals null).
- Evidence words are maximal runs of letters, case-folded and compared as
  sets; a gold evidence with no word of three letters is trivially covered.
- Figures are micro averages over documents (counts summed, ratios
  recomputed); see :mod:`models.scores` for empty denominators.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from models.jsonl import AnyRecord, Problem, iter_jsonl_files
from models.records import SIGNATURES, Document, Entity, EntityType, Predicate, Relation
from models.scores import PRF, AccuracyFigure, DocumentScores, EvalReport, QualifierScores, Scores
from models.validate import validate_file

from .errors import Errors, InvalidGold

PathLike = str | Path
DocRecords = Mapping[str, Sequence[AnyRecord]]

# ----------------------------------------------------------------- 7.1 normalisation

TITLES = (
    "general", "mullah", "maulana", "maulvi", "mufti", "qari", "ustad", "syed", "sayyid",
    "hafiz", "sheikh", "dr", "president", "prime minister", "emir", "amir", "commander",
)
"""Section 7.1: one of these is removed from the start of a form."""

QUOTES = "'\"`´‘’‚‛“”„‟′″‹›«»ʹʺʻʼʽʾʿˈ＇＂"
"""Every quote and apostrophe variant we delete (ASCII, typographic, primes, modifier letters)."""

_SEPARATORS = "/⁄∕\\−"
"""Slashes and the minus sign; Unicode dashes (category Pd) are found by category."""

_FOOTNOTE_RE = re.compile(r"(?<=[^\W\d_])\d+$")  # "Basra3": digits glued to a letter, at the end
_POSSESSIVE_RE = re.compile(rf"(?<=\w)[{re.escape(QUOTES)}]s(?=\W|$)")
_RETIRED_RE = re.compile(r"\(\s*ret\.?\s*\)")
_THE_RE = re.compile(r"^the\s+")
_TITLE_RE = re.compile(r"^(?:" + "|".join(re.escape(t) for t in TITLES) + r")\.?\s+(?=\S)")
_QUOTE_TABLE = {ord(q): None for q in QUOTES}


def _space_separators(text: str) -> str:
    return "".join(" " if unicodedata.category(c) == "Pd" or c in _SEPARATORS else c for c in text)


def normalize_form(form: str) -> str:
    """Section 7.1 normal form of a surface form, so spelling noise does not count as error.

    Footnote digits go only when glued to a letter at the very end
    ("Basra3"), so "9/11" and "2008 Mumbai attacks" keep theirs. A title is
    removed only when a name follows it, so the alias "Emir" stays "emir".
    """
    text = _FOOTNOTE_RE.sub("", form.strip())
    text = _POSSESSIVE_RE.sub("", text)
    text = text.translate(_QUOTE_TABLE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _space_separators(text).casefold()
    text = " ".join(_RETIRED_RE.sub(" ", text).split())
    text = _THE_RE.sub("", text)
    return _TITLE_RE.sub("", text)


def entity_forms(entity: Entity) -> frozenset[str]:
    """The distinct normalised forms (name and aliases) of an entity; forms alike are one."""
    return frozenset(f for f in (normalize_form(x) for x in (entity.name, *entity.aliases)) if f)


# ----------------------------------------------------------------- 7.2 alignment

EVENT_STOPWORDS = frozenset({"the", "of", "a", "an", "in", "on", "at", "and", "to", "by", "attack", "attacks", "bombing"})
"""Section 7.2: words that are not content words when comparing EVENT forms."""

EVENT_MIN_COMMON_WORDS = 2
"""Section 7.2: content words two EVENT forms must share for a half match."""

EVENT_PARTIAL_CREDIT = 0.5
"""Section 7.2: an EVENT pair with nested content words counts as half a shared form."""


def _content_words(form: str) -> frozenset[str]:
    return frozenset(w for w in form.split() if w not in EVENT_STOPWORDS)


def _event_half_match(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when some form of ``a`` and some of ``b`` have nested content words, >= 2 in common."""
    words_b = [_content_words(f) for f in b]
    for fa in a:
        wa = _content_words(fa)
        for wb in words_b:
            if len(wa & wb) >= EVENT_MIN_COMMON_WORDS and (wa <= wb or wb <= wa):
                return True
    return False


def pair_score(pred: Entity, gold: Entity) -> float:
    """How many normalised forms two entities share (0 when their types differ)."""
    if pred.type is not gold.type:
        return 0.0
    pf, gf = entity_forms(pred), entity_forms(gold)
    shared = len(pf & gf)
    if shared == 0 and gold.type is EntityType.EVENT and _event_half_match(pf, gf):
        return EVENT_PARTIAL_CREDIT
    return float(shared)


def align_entities(pred: Sequence[Entity], gold: Sequence[Entity]) -> dict[str, str]:
    """One-to-one alignment, predicted id -> gold id, greedy by shared forms, largest first.

    Ties go to the pair with fewer unshared forms, then to ids, so the result
    never depends on record order.
    """
    candidates = []
    for p in pred:
        for g in gold:
            score = pair_score(p, g)
            if score > 0:
                unshared = len(entity_forms(p) ^ entity_forms(g))
                candidates.append((-score, unshared, g.id, p.id))
    candidates.sort()
    alignment: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, gold_id, pred_id in candidates:
        if pred_id not in alignment and gold_id not in taken:
            alignment[pred_id] = gold_id
            taken.add(gold_id)
    return alignment


# ----------------------------------------------------------------- scoring one document

EVIDENCE_MIN_WORD_LETTERS = 3
"""Section 7.4: only gold evidence words of at least this many letters are checked."""

EVIDENCE_MIN_SHARE = 0.5
"""Section 7.4: share of those words the predicted evidence must contain."""

_LETTERS_RE = re.compile(r"[^\W\d_]+")


def evidence_matches(pred: str, gold: str) -> bool:
    """True when the predicted evidence holds at least half of the gold evidence's long words."""
    words = {w for w in _LETTERS_RE.findall(gold.casefold()) if len(w) >= EVIDENCE_MIN_WORD_LETTERS}
    found = words & set(_LETTERS_RE.findall(pred.casefold()))
    return len(found) >= EVIDENCE_MIN_SHARE * len(words)


def _alias_links(entities: Iterable[Entity]) -> set[frozenset[str]]:
    links: set[frozenset[str]] = set()
    for e in entities:
        forms = sorted(entity_forms(e))
        links.update(frozenset((a, b)) for i, a in enumerate(forms) for b in forms[i + 1 :])
    return links


_UNALIGNED = object()
"""Stands for a predicted entity with no gold partner: equal to nothing, not even null."""


def _relation_key(subject: object, predicate: Predicate, obj: object) -> tuple[object, str, object]:
    if SIGNATURES[predicate].symmetric and isinstance(subject, str) and isinstance(obj, str) and obj < subject:
        subject, obj = obj, subject
    return (subject, predicate.value, obj)


def _prf_by(gold: Iterable[str], pred: Iterable[str], hits: Iterable[str]) -> dict[str, PRF]:
    """Per-key P/R/F1 from the keys of gold items, predicted items and matched items."""
    count = {name: defaultdict(int) for name in ("gold", "pred", "hit")}
    for name, keys in (("gold", gold), ("pred", pred), ("hit", hits)):
        for key in keys:
            count[name][key] += 1
    keys = sorted(set(count["gold"]) | set(count["pred"]))
    return {
        k: PRF.from_counts(count["hit"][k], count["pred"][k] - count["hit"][k], count["gold"][k] - count["hit"][k])
        for k in keys
    }


def score_document(doc_id: str, pred: Sequence[AnyRecord] | None, gold: Sequence[AnyRecord]) -> DocumentScores:
    """All section 7 figures for one document; ``pred=None`` means nothing was predicted."""
    p_ents = [r for r in pred or () if isinstance(r, Entity)]
    g_ents = [r for r in gold if isinstance(r, Entity)]
    p_rels = [r for r in pred or () if isinstance(r, Relation)]
    g_rels = [r for r in gold if isinstance(r, Relation)]

    alignment = align_entities(p_ents, g_ents)
    g_type = {e.id: e.type.value for e in g_ents}
    entities_by_type = _prf_by(
        (e.type.value for e in g_ents), (e.type.value for e in p_ents), (g_type[g] for g in alignment.values())
    )

    gold_links, pred_links = _alias_links(g_ents), _alias_links(p_ents)
    aliases = PRF.from_counts(len(gold_links & pred_links), len(pred_links - gold_links), len(gold_links - pred_links))

    def mapped(entity_id: str | None) -> object:
        return None if entity_id is None else alignment.get(entity_id, _UNALIGNED)

    gold_by_key = {_relation_key(r.subject, r.predicate, r.object): r for r in g_rels}
    matches: list[tuple[Relation, Relation]] = []
    for r in p_rels:
        g = gold_by_key.get(_relation_key(mapped(r.subject), r.predicate, mapped(r.object)))
        if g is not None:
            matches.append((r, g))
    relations_by_predicate = _prf_by(
        (r.predicate.value for r in g_rels), (r.predicate.value for r in p_rels), (g.predicate.value for _, g in matches)
    )

    def accuracy(correct: Iterable[bool]) -> AccuracyFigure:
        flags = list(correct)
        return AccuracyFigure.from_counts(sum(flags), len(flags))

    qualifiers = QualifierScores(
        date=accuracy(p.date == g.date for p, g in matches),
        place=accuracy(mapped(p.place) == g.place for p, g in matches),
        modality=accuracy(p.modality is g.modality for p, g in matches),
        evidence=accuracy(evidence_matches(p.evidence, g.evidence) for p, g in matches),
    )
    return DocumentScores(
        doc_id=doc_id,
        predicted=pred is not None,
        entities=_total(entities_by_type.values()),
        entities_by_type=entities_by_type,
        aliases=aliases,
        relations=_total(relations_by_predicate.values()),
        relations_by_predicate=relations_by_predicate,
        qualifiers=qualifiers,
    )


def _total(figures: Iterable[PRF]) -> PRF:
    total = PRF.from_counts(0, 0, 0)
    for f in figures:
        total = total + f
    return total


def _sum_by_key(dicts: Iterable[dict[str, PRF]], order: Sequence[str]) -> dict[str, PRF]:
    summed: dict[str, PRF] = {}
    for d in dicts:
        for k, v in d.items():
            summed[k] = summed[k] + v if k in summed else v
    rank = {k: i for i, k in enumerate(order)}
    return {k: summed[k] for k in sorted(summed, key=lambda k: (rank.get(k, len(rank)), k))}


# ----------------------------------------------------------------- corpus level

def evaluate_records(pred: DocRecords, gold: DocRecords) -> EvalReport:
    """Score in-memory records (doc_id -> that document's records), micro-averaged.

    Records are expected to be valid (see :func:`load_records`); the
    baseline and tests hand them over directly.
    """
    docs = [score_document(doc_id, pred.get(doc_id), gold[doc_id]) for doc_id in sorted(gold)]
    summed = Scores(
        entities=_total(d.entities for d in docs),
        entities_by_type=_sum_by_key((d.entities_by_type for d in docs), [t.value for t in EntityType]),
        aliases=_total(d.aliases for d in docs),
        relations=_total(d.relations for d in docs),
        relations_by_predicate=_sum_by_key((d.relations_by_predicate for d in docs), [p.value for p in Predicate]),
        qualifiers=sum((d.qualifiers for d in docs), QualifierScores()),
    )
    return EvalReport(
        **summed.model_dump(),
        documents=docs,
        missing_predictions=[d.doc_id for d in docs if not d.predicted],
        unpaired_predictions=sorted(set(pred) - set(gold)),
    )


def validate_paths(paths: PathLike | Iterable[PathLike]) -> tuple[dict[str, list[AnyRecord]], list[Problem]]:
    """Read and validate every ``.jsonl`` file of files or folders; never raises on bad input.

    Returns the records of each valid file grouped by doc_id, and every
    problem: line-level, document-level, an empty folder, or a doc_id found
    in two files (documents pair by doc_id, so it must be unique).
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    problems: list[Problem] = []
    docs: dict[str, list[AnyRecord]] = {}
    source: dict[str, str] = {}
    for path in paths:
        files = list(iter_jsonl_files([path]))
        if not files:
            problems.append(Problem(str(path), 0, Errors.E011.format(path=path).replace(f" {path}:", "", 1)))
        for file in files:
            records, file_problems = validate_file(file)
            problems.extend(file_problems)
            if file_problems:
                continue
            line, doc = next((n, r) for n, r in records if isinstance(r, Document))
            if doc.doc_id in docs:
                problems.append(Problem(str(file), line, f"doc_id {doc.doc_id!r} is also in {source[doc.doc_id]}; pair each document once"))
                continue
            docs[doc.doc_id] = [r for _, r in records]
            source[doc.doc_id] = str(file)
    return docs, problems


def load_records(paths: PathLike | Iterable[PathLike]) -> dict[str, list[AnyRecord]]:
    """The records of :func:`validate_paths`, or an error when any file has a problem.

    Raises:
        InvalidGold: carrying every problem of every file (``exc.problems``,
            and one ``file:line: message`` per line in the message).
    """
    docs, problems = validate_paths(paths)
    if problems:
        raise problems_error(problems)
    return docs


def problems_error(problems: Sequence[Problem]) -> InvalidGold:
    """An :class:`InvalidGold` whose message is one ``file:line: message`` line per problem."""
    return InvalidGold("\n".join(str(p) for p in problems), list(problems))


def evaluate(pred: PathLike | Iterable[PathLike] | DocRecords, gold: PathLike | Iterable[PathLike] | DocRecords) -> EvalReport:
    """Score predictions against gold; each side is a file, a folder, a list of them, or loaded records.

    Raises:
        InvalidGold: when any input file breaks the contract (all problems at once).
    """
    problems: list[Problem] = []
    sides: list[DocRecords] = []
    for side in (pred, gold):
        if isinstance(side, Mapping):
            sides.append(side)
            continue
        try:
            sides.append(load_records(side))
        except InvalidGold as exc:
            problems.extend(exc.problems)
    if problems:
        raise problems_error(problems)
    return evaluate_records(sides[0], sides[1])


# ----------------------------------------------------------------- table

_NA = "n/a"
_CELL = "{:>6}"
_LABEL_WIDTH = 26


def _fmt(value: float | None) -> str:
    return _NA if value is None else f"{value:.3f}"


def _line(label: str, cells: Sequence[str], tail: str) -> str:
    return f"{label:<{_LABEL_WIDTH}}" + "  ".join(_CELL.format(c) for c in cells) + f"  {tail}"


def _interleave(values: Sequence[float | None], base: Sequence[float | None] | None) -> list[str]:
    """Each figure followed by the baseline's, when there is a baseline."""
    cells = []
    for i, v in enumerate(values):
        cells.append(_fmt(v))
        if base is not None:
            cells.append(_fmt(base[i]))
    return cells


def _prf_values(fig: PRF | None) -> tuple[float | None, ...]:
    return (None, None, None) if fig is None else (fig.precision, fig.recall, fig.f1)


def format_table(report: EvalReport, baseline: EvalReport | None = None) -> str:
    """A readable aligned table of every figure; with ``baseline``, its figure beside each one.

    A type or predicate absent from one report (neither in its gold nor in
    its predictions) shows ``n/a`` there.
    """

    def header(title: str, names: Sequence[str], tail: str) -> str:
        cols = [c for n in names for c in ([n, "base"] if baseline else [n])]
        return _line(title, cols, tail)

    def prf_line(label: str, fig: PRF | None, base: PRF | None) -> str:
        counts = "-" if fig is None else f"{fig.tp}/{fig.fp}/{fig.fn}"
        return _line(f"  {label}", _interleave(_prf_values(fig), _prf_values(base) if baseline else None), counts)

    def prf_block(title: str, overall: str, by: str | None) -> list[str]:
        block = ["", header(title, ("P", "R", "F1"), "tp/fp/fn")]
        block.append(prf_line("overall", getattr(report, overall), getattr(baseline, overall) if baseline else None))
        if by is not None:
            mine, theirs = getattr(report, by), getattr(baseline, by) if baseline else {}
            for key in [*mine, *(k for k in theirs if k not in mine)]:
                block.append(prf_line(key, mine.get(key), theirs.get(key)))
        return block

    lines = [
        f"Documents: {len(report.documents)} gold"
        + f"; without prediction (all missed): {', '.join(report.missing_predictions) or 'none'}"
        + f"; predicted without gold (ignored): {', '.join(report.unpaired_predictions) or 'none'}"
    ]
    if baseline is not None:
        lines.append("Columns headed 'base' give the baseline's figure beside each one.")
    lines += prf_block("Entities", "entities", "entities_by_type")
    lines += prf_block("Aliases (pairwise links)", "aliases", None)
    lines += prf_block("Relations", "relations", "relations_by_predicate")
    lines += ["", header("Qualifiers (matched rel.)", ("acc",), "correct/total")]
    for name in QualifierScores.model_fields:
        fig: AccuracyFigure = getattr(report.qualifiers, name)
        base = [getattr(baseline.qualifiers, name).accuracy] if baseline else None
        lines.append(_line(f"  {name}", _interleave([fig.accuracy], base), f"{fig.correct}/{fig.total}"))
    return "\n".join(lines)
