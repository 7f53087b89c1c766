"""Section 7 scoring: each figure falls by exactly the amount one error is worth.

The synthetic document below has 7 entities (3 PERSON, 2 ORG, 1 LOC, 1 GROUP),
6 alias links (Malik Ishaq 1, Riaz Basra 1, LeJ 3, SSP 1) and 7 relations.
Predictions copy it under other ids (so everything goes through the
alignment) and then break one thing; expected values are worked out by hand
in each test.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Callable

import pytest

from models.records import SLUG_RE, Entity, EntityType, Relation
from models.scores import PRF, AccuracyFigure, EvalReport
from pipeline.errors import InvalidGold, InvalidInput
from pipeline.evaluate import (
    align_entities,
    evaluate,
    evaluate_records,
    evidence_matches,
    format_table,
    load_records,
    normalize_form,
    pair_score,
)

DOC = "d1"


def ent(id: str, type: str, name: str, *aliases: str, doc: str = DOC) -> dict:
    return {"record": "entity", "doc_id": doc, "id": id, "type": type, "name": name, "aliases": list(aliases)}


def rel(s: str, p: str, o: str | None, evidence: str, date: str | None = None, place: str | None = None,
        modality: str = "asserted", doc: str = DOC) -> dict:
    return {"record": "relation", "doc_id": doc, "subject": s, "predicate": p, "object": o, "date": date,
            "place": place, "modality": modality, "evidence": evidence}


def gold_doc(doc: str = DOC) -> list[dict]:
    return [
        {"record": "document", "doc_id": doc, "title": None, "authors": [], "published": None},
        ent("ishaq", "PERSON", "Malik Ishaq", "Ishaq", doc=doc),
        ent("basra", "PERSON", "Riaz Basra", "Basra", doc=doc),
        ent("lahori", "PERSON", "Akram Lahori", doc=doc),
        ent("lej", "ORG", "Lashkar-e-Jhangvi", "LeJ", "Army of the Jhangvi", doc=doc),
        ent("ssp", "ORG", "Sipah-e-Sahaba Pakistan", "SSP", doc=doc),
        ent("pakistan", "LOC", "Pakistan", doc=doc),
        ent("shia", "GROUP", "Shi’a", doc=doc),
        rel("ishaq", "founder_of", "lej", "Malik Ishaq founded Lashkar-e-Jhangvi in Pakistan in 1996.", "1996", "pakistan", doc=doc),
        rel("basra", "member_of", "lej", "Riaz Basra was a senior LeJ commander.", doc=doc),
        rel("lej", "allied_with", "ssp", "LeJ reportedly kept close ties with the SSP.", modality="hedged", doc=doc),
        rel("ishaq", "killed_by", "pakistan", "Ishaq was killed by Pakistani police in July 2015.", "2015-07", doc=doc),
        rel("basra", "associate_of", "lahori", "Basra worked closely with Akram Lahori.", doc=doc),
        rel("lahori", "arrested_by", None, "Lahori was arrested in 2002.", "2002", doc=doc),
        rel("lahori", "successor_of", "basra", "Lahori succeeded Basra as leader.", doc=doc),
    ]


def as_prediction(objs: list[dict]) -> list[dict]:
    """The same records under other ids ("p-..."), so scoring must go through the alignment."""
    out = copy.deepcopy(objs)
    for o in out:
        for key in ("id", "subject", "object", "place"):
            if o.get(key) is not None:
                o[key] = f"p-{o[key]}"
    return out


def find(objs: list[dict], **match: object) -> dict:
    return next(o for o in objs if all(o.get(k) == v for k, v in match.items()))


def write(path: Path, objs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


def score(tmp_path: Path, edit: Callable[[list[dict]], object] | None = None) -> EvalReport:
    """Score one edited prediction of the synthetic document against it, through files."""
    pred = as_prediction(gold_doc())
    if edit is not None:
        edit(pred)
    return evaluate(write(tmp_path / "pred.jsonl", pred), write(tmp_path / "gold.jsonl", gold_doc()))


def figures(report: EvalReport) -> list[tuple[str, float | None]]:
    """Every ratio of a report, named, including per type, per predicate and per document."""
    out: list[tuple[str, float | None]] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, PRF):
            out.extend((f"{prefix}.{k}", getattr(value, k)) for k in ("precision", "recall", "f1"))
        elif isinstance(value, AccuracyFigure):
            out.append((prefix, value.accuracy))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}", v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}[{i}]", v)
        elif hasattr(value, "model_fields"):
            for k in type(value).model_fields:
                walk(f"{prefix}.{k}", getattr(value, k))

    walk("report", report)
    return out


def prf(fig: PRF) -> tuple[float, float, float]:
    return (fig.precision, fig.recall, fig.f1)


ZERO = (0.0, 0.0, 0.0)
PERFECT = (1.0, 1.0, 1.0)

# ----------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "form, expected",
    [
        ("Basra3", "basra"),
        ("9/11", "9 11"),
        ("9/11 attacks", "9 11 attacks"),
        ("2008 Mumbai attacks", "2008 mumbai attacks"),
        ("the Global War on Terror", "global war on terror"),
        ("The Army of the Jhangvi", "army of the jhangvi"),
        ("Lashkar-e-Jhangvi’s", "lashkar e jhangvi"),
        ("Ishaq's", "ishaq"),
        ("Shi’a", "shia"),
        ("Shi'a", "shia"),
        ("“LeJ International”", "lej international"),
        ("Soviet–Afghan War", "soviet afghan war"),
        ("SAD/SOG", "sad sog"),
        ("Abū ʿAbdāllāh", "abu abdallah"),
        ("Zia-ul-Haq", "zia ul haq"),
        ("General Zia-ul-Haq", "zia ul haq"),
        ("Qari Hussain Mehsud", "hussain mehsud"),
        ("Prime Minister Nawaz Sharif", "nawaz sharif"),
        ("Dr. Ayman al-Zawahiri", "ayman al zawahiri"),
        ("General (Ret.) Hamid Gul", "hamid gul"),
        ("Hamid Gul (Ret.)", "hamid gul"),
        ("Hafizullah", "hafizullah"),
        ("Syed Sayyid Ali", "sayyid ali"),
        ("Emir", "emir"),
        ("  Malik   Ishaq ", "malik ishaq"),
    ],
)
def test_normalize_form(form: str, expected: str) -> None:
    assert normalize_form(form) == expected


# ----------------------------------------------------------------- alignment


def E(id: str, type: str, name: str, *aliases: str) -> Entity:
    return Entity(doc_id=DOC, id=id, type=EntityType(type), name=name, aliases=list(aliases))


@pytest.mark.parametrize(
    "pred, gold, expected",
    [
        ("bombing of the Marriott Hotel", "Marriott Hotel bombing", 0.5),
        ("attack on the Sri Lankan cricket team", "Sri Lankan cricket team attack", 0.5),
        ("Sri Lankan army attack", "attack on the Sri Lankan cricket team", 0.0),  # not nested
        ("attack in Karachi", "Karachi attack", 0.0),  # nested, but one content word
        ("September 11 attacks", "9/11 attacks", 0.0),
        ("Marriott Hotel bombing", "the Marriott Hotel bombing", 1.0),
    ],
)
def test_event_half_form(pred: str, gold: str, expected: float) -> None:
    assert pair_score(E("p", "EVENT", pred), E("g", "EVENT", gold)) == expected


def test_half_form_is_for_events_only() -> None:
    assert pair_score(E("p", "ORG", "Marriott Hotel group of Karachi"), E("g", "ORG", "Karachi Marriott Hotel group")) == 0.0


def test_type_must_match() -> None:
    assert pair_score(E("p", "ORG", "Punjab"), E("g", "LOC", "Punjab")) == 0.0


def test_alignment_is_one_to_one_and_largest_first() -> None:
    gold = [E("g-abid", "PERSON", "Abid Mehsud", "Abid"), E("g-baitullah", "PERSON", "Baitullah Mehsud", "Baitullah")]
    pred = [E("p1", "PERSON", "Abid Mehsud", "Abid", "Baitullah"), E("p2", "PERSON", "Baitullah")]
    # p1 shares 2 forms with g-abid, 1 with g-baitullah; p2 shares 1 with g-baitullah.
    assert align_entities(pred, gold) == {"p1": "g-abid", "p2": "g-baitullah"}


def test_alignment_ties_prefer_fewer_unshared_forms_then_ids() -> None:
    gold = [E("g1", "PERSON", "Riaz Basra", "Basra"), E("g2", "PERSON", "Basra")]
    assert align_entities([E("p", "PERSON", "Basra")], gold) == {"p": "g2"}
    twins = [E("b", "PERSON", "Mehsud"), E("a", "PERSON", "Mehsud")]
    assert align_entities([E("p", "PERSON", "Mehsud")], twins) == {"p": "a"}
    assert align_entities([E("p", "PERSON", "Mehsud")], twins[::-1]) == {"p": "a"}


# ----------------------------------------------------------------- corpus and whole reports


def test_gold_against_itself_is_perfect_everywhere(gold_dir: Path) -> None:
    report = evaluate(gold_dir, gold_dir)
    values = figures(report)
    assert len(report.documents) == len(list(gold_dir.glob("*.jsonl")))
    assert values and all(v == 1.0 for _, v in values), [n for n, v in values if v != 1.0]


def test_identical_prediction_under_other_ids_is_perfect(tmp_path: Path) -> None:
    report = score(tmp_path)
    assert all(v == 1.0 for _, v in figures(report))
    assert (report.entities.tp, report.aliases.tp, report.relations.tp) == (7, 6, 7)


def test_dropped_entity(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: p.remove(find(p, id="p-shia")))
    assert prf(report.entities) == pytest.approx((1.0, 6 / 7, 12 / 13))
    assert prf(report.entities_by_type["GROUP"]) == ZERO
    assert prf(report.entities_by_type["PERSON"]) == PERFECT
    assert prf(report.aliases) == PERFECT and prf(report.relations) == PERFECT


def test_wrong_type(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: find(p, id="p-shia").update(type="ORG"))
    assert prf(report.entities) == pytest.approx((6 / 7, 6 / 7, 6 / 7))
    assert prf(report.entities_by_type["GROUP"]) == ZERO
    assert prf(report.entities_by_type["ORG"]) == pytest.approx((2 / 3, 1.0, 0.8))


def test_alias_moved_to_another_entity(tmp_path: Path) -> None:
    def move(p: list[dict]) -> None:
        find(p, id="p-basra")["aliases"].remove("Basra")
        find(p, id="p-ishaq")["aliases"].append("Basra")

    report = score(tmp_path, move)
    # Predicted links: {malik ishaq, ishaq, basra} gives 3, LeJ 3, SSP 1 = 7, of which 5 are gold;
    # the gold link (riaz basra, basra) is missed.
    assert (report.aliases.tp, report.aliases.fp, report.aliases.fn) == (5, 2, 1)
    assert prf(report.aliases) == pytest.approx((5 / 7, 5 / 6, 10 / 13))
    assert prf(report.entities) == PERFECT and prf(report.relations) == PERFECT


def test_swapped_asymmetric_relation(tmp_path: Path) -> None:
    def swap(p: list[dict]) -> None:
        r = find(p, predicate="successor_of")
        r["subject"], r["object"] = r["object"], r["subject"]

    report = score(tmp_path, swap)
    assert prf(report.relations) == pytest.approx((6 / 7, 6 / 7, 6 / 7))
    assert prf(report.relations_by_predicate["successor_of"]) == ZERO
    assert report.qualifiers.date.total == 6
    assert prf(report.entities) == PERFECT


def test_swapped_symmetric_relation_still_matches(tmp_path: Path) -> None:
    def swap(p: list[dict]) -> None:
        r = find(p, predicate="associate_of")
        r["subject"], r["object"] = r["object"], r["subject"]

    assert all(v == 1.0 for _, v in figures(score(tmp_path, swap)))


def test_wrong_predicate(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: find(p, predicate="member_of").update(predicate="leader_of"))
    assert prf(report.relations) == pytest.approx((6 / 7, 6 / 7, 6 / 7))
    by = report.relations_by_predicate
    assert (by["member_of"].fn, by["leader_of"].fp) == (1, 1)
    assert prf(by["member_of"]) == ZERO and prf(by["leader_of"]) == ZERO
    assert prf(by["founder_of"]) == PERFECT


def test_never_proposed_predicate_counts_as_missed(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: p.remove(find(p, predicate="killed_by")))
    assert (report.relations_by_predicate["killed_by"].fn, prf(report.relations_by_predicate["killed_by"])) == (1, ZERO)
    assert prf(report.relations) == pytest.approx((1.0, 6 / 7, 12 / 13))


def test_wrong_date(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: find(p, predicate="founder_of").update(date="1997"))
    q = report.qualifiers
    assert (q.date.correct, q.date.total, q.date.accuracy) == (6, 7, pytest.approx(6 / 7))
    assert (q.place.accuracy, q.modality.accuracy, q.evidence.accuracy) == (1.0, 1.0, 1.0)
    assert prf(report.relations) == PERFECT


@pytest.mark.parametrize(
    "change, figure",
    [
        ({"place": None}, "place"),
        ({"modality": "hedged"}, "modality"),
        ({"evidence": "Ishaq founded it."}, "evidence"),
    ],
)
def test_wrong_qualifier(tmp_path: Path, change: dict, figure: str) -> None:
    report = score(tmp_path, lambda p: find(p, predicate="founder_of").update(change))
    for name in ("date", "place", "modality", "evidence"):
        fig = getattr(report.qualifiers, name)
        assert fig.accuracy == (pytest.approx(6 / 7) if name == figure else 1.0), name


def test_null_object_matches_only_null(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: find(p, predicate="arrested_by").update(object="p-pakistan"))
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (6, 1, 1)


def test_unaligned_entity_cannot_match_relations(tmp_path: Path) -> None:
    report = score(tmp_path, lambda p: find(p, id="p-lahori").update(name="Someone Else"))
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (6, 1, 1)
    # associate_of, arrested_by (null object) and successor_of all involve Lahori.
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (4, 3, 3)


@pytest.mark.parametrize(
    "pred, expected",
    [
        ("Malik Ishaq founded it.", True),  # 3 of the 6 long gold words: exactly half
        ("Ishaq founded it.", False),  # 2 of 6
        ("MALIK ISHAQ FOUNDED LEJ", True),  # case-insensitive
        ("", False),
    ],
)
def test_evidence_rule(pred: str, expected: bool) -> None:
    gold = "Malik Ishaq founded Lashkar-e-Jhangvi in Pakistan in 1996."  # malik ishaq founded lashkar jhangvi pakistan
    assert evidence_matches(pred, gold) is expected


def test_missing_and_unpaired_documents_micro_average(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    write(tmp_path / "gold" / "d1.jsonl", gold_doc())
    write(tmp_path / "gold" / "d2.jsonl", gold_doc("d2"))
    write(tmp_path / "pred" / "d1.jsonl", as_prediction(gold_doc()))
    write(tmp_path / "pred" / "d3.jsonl", as_prediction(gold_doc("d3")))
    report = evaluate(tmp_path / "pred", tmp_path / "gold")
    assert (report.missing_predictions, report.unpaired_predictions) == (["d2"], ["d3"])
    assert [(d.doc_id, d.predicted) for d in report.documents] == [("d1", True), ("d2", False)]
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (7, 0, 7)
    assert prf(report.entities) == pytest.approx((1.0, 0.5, 2 / 3))
    assert prf(report.documents[1].relations) == ZERO
    assert report.documents[1].qualifiers.date.accuracy is None
    assert "d2" in format_table(report)


def test_in_memory_records_score_like_files(tmp_path: Path) -> None:
    pred = load_records(write(tmp_path / "p.jsonl", as_prediction(gold_doc())))
    gold = load_records(write(tmp_path / "g.jsonl", gold_doc()))
    assert evaluate_records(pred, gold) == evaluate(pred, gold) == evaluate(tmp_path / "p.jsonl", tmp_path / "g.jsonl")


def test_prf_empty_denominators() -> None:
    assert prf(PRF.from_counts(0, 0, 0)) == PERFECT
    assert prf(PRF.from_counts(0, 0, 3)) == ZERO
    assert prf(PRF.from_counts(0, 2, 0)) == ZERO
    assert AccuracyFigure.from_counts(0, 0).accuracy is None


def test_invalid_prediction_raises_with_every_problem(tmp_path: Path) -> None:
    pred = as_prediction(gold_doc())
    find(pred, predicate="founder_of")["place"] = "p-lej"
    find(pred, predicate="member_of")["date"] = "mid-1990s"
    path = write(tmp_path / "pred.jsonl", pred)
    with pytest.raises(InvalidGold) as info:
        evaluate(path, write(tmp_path / "gold.jsonl", gold_doc()))
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{path}:") for line in lines)
    assert [p.line for p in info.value.problems] == [9, 10]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(InvalidGold, match="E011"):
        load_records(tmp_path)


def test_duplicate_doc_id_across_files(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", gold_doc())
    write(tmp_path / "b.jsonl", gold_doc())
    with pytest.raises(InvalidGold, match="also in"):
        load_records(tmp_path)


def test_format_table_with_baseline(tmp_path: Path) -> None:
    report = score(tmp_path)
    worse = score(tmp_path, lambda p: find(p, predicate="founder_of").update(date="1997"))
    table = format_table(report, worse)
    assert "base" in table
    date_line = next(line for line in table.splitlines() if line.strip().startswith("date"))
    assert date_line.split()[1:3] == ["1.000", f"{6 / 7:.3f}"]
    assert "n/a" not in format_table(report)


# ----------------------------------------------------------------- baseline


@pytest.fixture(scope="module")
def baseline_lej(bare_nlp, raw_dir: Path) -> dict:
    from pipeline.baseline import baseline_records

    return baseline_records(["lej-infrastructure"], raw_dir, nlp=bare_nlp)


def test_baseline_records_are_valid_entities_only(baseline_lej: dict) -> None:
    records = baseline_lej["lej-infrastructure"]
    entities = [r for r in records if isinstance(r, Entity)]
    ids = [e.id for e in entities]
    assert entities and len(ids) == len(set(ids)) and all(SLUG_RE.match(i) for i in ids)
    assert all(e.aliases == [] for e in entities)
    assert not any(isinstance(r, Relation) for r in records)
    assert len({e.name for e in entities}) == len(entities)


def test_baseline_scores_below_gold(baseline_lej: dict, gold_dir: Path) -> None:
    gold = load_records(gold_dir / "lej-infrastructure.jsonl")
    report = evaluate_records(baseline_lej, gold)
    assert 0.0 < report.entities.f1 < 1.0
    assert prf(report.aliases) == ZERO and report.relations.recall == 0.0


def test_baseline_missing_raw_text(bare_nlp, tmp_path: Path) -> None:
    from pipeline.baseline import baseline_records

    with pytest.raises(InvalidInput, match="no raw text"):
        baseline_records(["nope"], tmp_path, nlp=bare_nlp)
