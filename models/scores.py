"""Shapes of an evaluation report (section 7 of ``shared/ANNOTATION.md``).

The scorer in ``pipeline/evaluate.py`` fills these; the CLI prints them as a
table or as JSON (``report.model_dump_json()``). Counts are kept beside every
ratio so documents can be summed (micro average) and a reader can check a
figure by hand.

Empty denominators, decided once here so every figure agrees:

- precision is 1.0 when nothing was predicted and nothing was to be found,
  0.0 when nothing was predicted but something was missed;
- recall is 1.0 when there was nothing to find and nothing was wrongly
  claimed, 0.0 when there was nothing to find but something was predicted;
- F1 is 0.0 when precision and recall are both 0.0;
- an accuracy over zero items is ``None`` (shown as ``n/a``): with no
  matched relation there is nothing to judge, and 1.0 would flatter a system
  that proposes no relations at all.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PRF(_Shape):
    """Precision, recall and F1 with the counts they come from."""

    tp: NonNegativeInt = 0
    fp: NonNegativeInt = 0
    fn: NonNegativeInt = 0
    precision: float = 1.0
    recall: float = 1.0
    f1: float = 1.0

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> "PRF":
        """Compute the ratios with the empty-denominator rules of the module docstring."""
        precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
        recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1)

    def __add__(self, other: "PRF") -> "PRF":
        """Micro sum: add the counts, recompute the ratios."""
        return PRF.from_counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


class AccuracyFigure(_Shape):
    """Share of matched relations whose qualifier is right; ``None`` over zero items."""

    correct: NonNegativeInt = 0
    total: NonNegativeInt = 0
    accuracy: float | None = None

    @classmethod
    def from_counts(cls, correct: int, total: int) -> "AccuracyFigure":
        return cls(correct=correct, total=total, accuracy=correct / total if total else None)

    def __add__(self, other: "AccuracyFigure") -> "AccuracyFigure":
        return AccuracyFigure.from_counts(self.correct + other.correct, self.total + other.total)


class QualifierScores(_Shape):
    """Section 7.4: accuracies on the relations that matched gold."""

    date: AccuracyFigure = Field(default_factory=AccuracyFigure)
    place: AccuracyFigure = Field(default_factory=AccuracyFigure)
    modality: AccuracyFigure = Field(default_factory=AccuracyFigure)
    evidence: AccuracyFigure = Field(default_factory=AccuracyFigure)

    def __add__(self, other: "QualifierScores") -> "QualifierScores":
        return QualifierScores(
            date=self.date + other.date,
            place=self.place + other.place,
            modality=self.modality + other.modality,
            evidence=self.evidence + other.evidence,
        )


class Scores(_Shape):
    """Every figure of section 7 for one document or, summed, for a whole corpus.

    ``entities_by_type`` is keyed by entity type and ``relations_by_predicate``
    by predicate, over the union of gold and predicted keys so a type or
    predicate never proposed still shows as missed.
    """

    entities: PRF = Field(default_factory=PRF)
    entities_by_type: dict[str, PRF] = Field(default_factory=dict)
    aliases: PRF = Field(default_factory=PRF)
    relations: PRF = Field(default_factory=PRF)
    relations_by_predicate: dict[str, PRF] = Field(default_factory=dict)
    qualifiers: QualifierScores = Field(default_factory=QualifierScores)


class DocumentScores(Scores):
    """Scores of one gold document; ``predicted`` is False when no prediction had its doc_id."""

    doc_id: str
    predicted: bool = True


class EvalReport(Scores):
    """Micro-averaged scores over all gold documents, with the per-document breakdown.

    ``missing_predictions`` lists gold documents nobody predicted (scored as
    all missed); ``unpaired_predictions`` lists predicted documents with no
    gold, which are ignored by every figure.
    """

    documents: list[DocumentScores] = Field(default_factory=list)
    missing_predictions: list[str] = Field(default_factory=list)
    unpaired_predictions: list[str] = Field(default_factory=list)
