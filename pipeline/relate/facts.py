"""From candidates to facts: argument types, modality, one relation per
(subject, predicate, object) with the most committed statement as evidence,
and the guideline's precedence rules (a null killer repeats a named one, a
leader is no member, coordinated fates read respectively ...).
"""

from __future__ import annotations

from models.records import edtf_start

from .. import modality as mod
from ..extensions import RelationDict
from .base import NULLABLE, OBJECT_TYPES, SUBJECT_TYPES, SYMMETRIC, Candidate, StateFields


class FactsMixin(StateFields):
    """From candidates to facts: argument types, modality, one relation per"""

    def finish(self, cands: list[Candidate]) -> list[RelationDict]:
        best: dict[tuple[int, str, int | None], tuple[tuple[int, int, float], RelationDict]] = {}
        extras: dict[tuple[int, str, int | None], list[RelationDict]] = {}
        for c in cands:
            pred = c.predicate
            s_arg = c.subject.arg
            if pred == "supported" and s_arg.type == "ORG" and c.object is not None and c.object.arg.type == "ORG":
                pred = "allied_with"  # guideline: an organisation's support to another is an alliance
            if s_arg.type not in SUBJECT_TYPES[pred]:
                continue
            objects: list[int | None]
            if c.object is None:
                if pred not in NULLABLE:
                    continue
                objects = [None]
            else:
                if c.object.arg.type not in OBJECT_TYPES[pred]:
                    continue
                objects = list(c.object.arg.clusters())
            conf = c.base * c.subject.factor * (c.object.factor if c.object is not None else 1.0)
            if conf < self.ex.min_confidence:
                continue
            sent = self.sents[c.sentence if c.sentence is not None else self.sent_of[c.trigger]]
            if c.modality is not None:
                modality = c.modality
            else:
                modality = mod.decide(c.scope, sent.cues, exclude=c.cue_tokens)
            date = self.pick_date(c)
            place = self.pick_place(c)
            how = c.subject.how + ("/" + c.object.how if c.object is not None else "")
            for subj in s_arg.clusters():
                for obj in objects:
                    if obj is not None and obj == subj:
                        continue
                    key_s, key_o = subj, obj
                    if pred in SYMMETRIC and obj is not None and obj < subj:
                        key_s, key_o = obj, subj
                    rel = RelationDict(
                        subject=key_s,
                        predicate=pred,
                        object=key_o,
                        date=date,
                        place=place if place not in (subj, obj) else None,
                        modality=modality,
                        start=sent.start_char,
                        end=sent.end_char,
                        confidence=round(min(1.0, conf), 3),
                        method=f"{c.method}:{how}",
                    )
                    key = (key_s, pred, key_o)
                    rank = (mod.MODALITY_RANK[modality], -sent.start_char, conf)
                    extras.setdefault(key, []).append(rel)
                    if key not in best or rank > best[key][0]:
                        best[key] = (rank, rel)
        # merge qualifiers the other statements add
        for key, (_rank, rel) in best.items():
            for other in sorted(extras[key], key=lambda r: -r["confidence"]):
                if other["start"] == rel["start"]:
                    continue  # the same statement found twice keeps its own reading
                if rel["date"] is None and other["date"] is not None:
                    rel["date"] = other["date"]
                if rel["place"] is None and other["place"] is not None:
                    rel["place"] = other["place"]
            if key[1] in self.ex.durative:
                # a state dates from when it began: "since at least 2005" over "in 2009"
                # (other statements only: one sentence found twice keeps its own reading)
                stated = [rel] + [r for r in extras[key] if r["start"] != rel["start"]]
                dated = [r["date"] for r in stated if r["date"] is not None and edtf_start(r["date"]) is not None]
                if dated:
                    rel["date"] = min(dated, key=lambda d: edtf_start(d) or (0, 0, 0))
        rels = {k: v[1] for k, v in best.items()}
        self._respective(rels, extras)
        if self.ex.infer_from_succession:
            self._infer(rels)
        return self._precedence(rels)

    def _respective(
        self,
        rels: dict[tuple[int, str, int | None], RelationDict],
        statements: dict[tuple[int, str, int | None], list[RelationDict]],
    ) -> None:
        """Settle coordinated fates over a list by what the document says of each person elsewhere.

        "Security agencies arrested and killed dozens of commanders, including A
        and B" has a respective reading (some were arrested, others killed) as
        well as a distributive one; the sentence cannot tell which. When the
        document states elsewhere, for a listed person, only some of those
        fates ("the killing of A", "the arrests of B"), the list statement is
        read respectively and keeps only those; with no other statement every
        fate stays.
        """
        fates = ("killed_by", "arrested_by", "released_by")
        listed: dict[tuple[int, int], set[str]] = {}
        for (s, p, _o), stmts in statements.items():
            if p in fates:
                for r in stmts:
                    if r["method"].split(":")[-1].startswith("list/"):
                        listed.setdefault((s, r["start"]), set()).add(p)
        for (s, start), preds in listed.items():
            if len(preds) < 2:
                continue
            elsewhere = {
                p for (s2, p, _o), stmts in statements.items() if s2 == s and p in preds and any(r["start"] != start for r in stmts)
            }
            if not elsewhere or elsewhere == preds:
                continue
            for key in [k for k in rels if k[0] == s and k[1] in preds - elsewhere]:
                if all(r["start"] == start for r in statements[key]):
                    del rels[key]
            # the statement that settled the reading is the same fact: its date and place join the named one
            for p in elsewhere:
                unnamed = rels.get((s, p, None))
                named = [r for k, r in rels.items() if k[:2] == (s, p) and k[2] is not None and r["start"] == start]
                if unnamed is None or not named:
                    continue
                for r in named:
                    r["date"] = r["date"] or unnamed["date"]
                    r["place"] = r["place"] if r["place"] is not None else unnamed["place"]
                del rels[(s, p, None)]

    def _infer(self, rels: dict[tuple[int, str, int | None], RelationDict]) -> None:
        """A leader's successor leads the group; a leader's or founder's deputy is a member."""
        leads: dict[int, list[int]] = {}
        heads: dict[int, list[int]] = {}
        for (s, p, o), r in rels.items():
            if o is None or r["modality"] == "negated":
                continue
            if p == "leader_of":
                leads.setdefault(s, []).append(o)
            if p in ("leader_of", "founder_of"):
                heads.setdefault(s, []).append(o)
        added: dict[tuple[int, str, int | None], RelationDict] = {}
        factor = self.ex.confidence.get("inferred", 0.5)
        for (s, p, o), r in rels.items():
            if o is None or r["modality"] == "negated":
                continue
            if p == "successor_of":
                for org in leads.get(o, []):
                    key = (s, "leader_of", org)
                    if key not in rels and org != s:
                        added[key] = RelationDict(**{**r, "subject": s, "predicate": "leader_of", "object": org, "place": None, "confidence": round(r["confidence"] * factor, 3), "method": "inferred:successor_of+leader_of"})  # type: ignore[typeddict-item]
            if p == "deputy_of":
                for org in heads.get(o, []):
                    key = (s, "member_of", org)
                    if key not in rels and org != s:
                        added[key] = RelationDict(**{**r, "subject": s, "predicate": "member_of", "object": org, "place": None, "date": None, "confidence": round(r["confidence"] * factor, 3), "method": "inferred:deputy_of+leader_of"})  # type: ignore[typeddict-item]
        rels.update(added)

    def _precedence(self, rels: dict[tuple[int, str, int | None], RelationDict]) -> list[RelationDict]:
        """The guideline's rules for facts that subsume others."""
        keys = set(rels)
        heads = {(s, o) for (s, p, o) in keys if p in ("leader_of", "founder_of") and rels[(s, p, o)]["modality"] != "negated"}
        named_killer = {(s, p) for (s, p, o) in keys if p in NULLABLE and o is not None}
        named_dates = {(s, p): {rels[(s, p, o)]["date"] for (s2, p2, o) in keys if (s2, p2) == (s, p) and o is not None} for (s, p) in named_killer}

        def redundant(s: int, p: str, r: RelationDict) -> bool:
            """A null agent repeats a named one: always for a killing (one per life), for an arrest or
            release only without a date of its own (people are arrested and freed more than once:
            "arrested again on 15 May")."""
            if (s, p) not in named_killer:
                return False
            dates = named_dates[(s, p)]
            return p == "killed_by" or r["date"] is None or r["date"] in dates

        killed = {(s, o) for (s, p, o) in keys if p == "killed_by" and o is not None}
        parts = {frozenset((s, o)) for (s, p, o) in keys if p in ("part_of",) and o is not None}
        rivals = {frozenset((s, o)) for (s, p, o) in keys if p == "rival_of" and o is not None}
        out: list[RelationDict] = []
        for (s, p, o), r in rels.items():
            if o is None and redundant(s, p, r):
                # the unnamed statement may still date the fact ("both of whom were killed in 1996")
                for (s2, p2, o2), r2 in rels.items():
                    if s2 == s and p2 == p and o2 is not None:
                        if r2["date"] is None:
                            r2["date"] = r["date"]
                        if r2["place"] is None:
                            r2["place"] = r["place"]
        for (s, p, o), r in rels.items():
            if p == "member_of" and (s, o) in heads:
                continue
            if o is None and redundant(s, p, r):
                continue
            if p == "targeted" and (o, s) in killed:
                continue
            if p == "targeted" and o is not None and frozenset((s, o)) in rivals:
                continue
            if p == "allied_with" and o is not None and frozenset((s, o)) in parts:
                continue
            out.append(r)
        out.sort(key=lambda r: (r["start"], r["subject"], r["predicate"], -1 if r["object"] is None else r["object"]))
        return out
