"""Triggers and the frames that turn their slots into candidate relations.

A cue of ``relation_cues.yml`` is a verb ("X founded Y"), an event noun ("the
killing of X by Y"), a role noun ("LeJ commander X"), a presence noun
("camps in X"), an origin ("a militant from X"), a hyphenated modifier ("a
Quetta-based group") or prefix ("anti-Shi'a"); a few frames need no cue
word (name structure, "along with", organisation in a place, declined
offers).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from models.lexicon_relations import RelationCue
from models.records import Predicate

from .. import modality as mod
from ..anaphora import GROUP_NOUNS
from ..arguments import Arg
from ..depmatch import sentence_matches
from ..extensions import RelationDict
from .base import (
    LOCATING_PARTICIPLES,
    NULLABLE,
    OBJECT_TYPES,
    ORG_HEADS,
    PLACE_PREPS,
    SUBJECT_TYPES,
    Candidate,
    Hit,
    Sentence,
    StateFields,
    Trigger,
)

_NAME_CUE = RelationCue(id="name_structure", predicate=Predicate.part_of, kind="role", forms=["name"])
_EVENT_CUE = RelationCue(id="event_agent", predicate=Predicate.responsible_for, kind="event", forms=["by"])
_ALONG_CUE = RelationCue(id="along_with", predicate=Predicate.associate_of, kind="event", forms=["along with"])
_PLACE_CUE = RelationCue(id="org_in_place", predicate=Predicate.based_in, kind="presence", forms=["in"])
_OFFER_CUE = RelationCue(id="offer_declined", predicate=Predicate.leader_of, kind="event", forms=["offer"])


class FramesMixin(StateFields):
    """Triggers and the frames that turn their slots into candidate relations."""

    def run(self) -> list[RelationDict]:
        triggers = self.find_triggers()
        cands: list[Candidate] = []
        for trig in triggers:
            frame = getattr(self, f"frame_{trig.cue.kind}")
            cands.extend(frame(trig))
        cands.extend(self.frame_names())
        cands.extend(self.frame_org_in_place())
        cands.extend(self.frame_event_agents())
        cands.extend(self.frame_along_with())
        cands.extend(self.frame_offers())
        rels = self.finish(cands)
        return rels

    def find_triggers(self) -> list[Trigger]:
        seen: set[tuple[str, int]] = set()
        out: list[Trigger] = []
        found: list[tuple[int, int, int, int]] = [(m, s + self.ex._match_cue[m][1], s, e) for m, s, e in self.ex.phrases(self.doc)]
        # the dependency matcher only over the sentences holding its words (it is the slow one)
        for m, ids in sentence_matches(self.ex.dep_matcher, self.doc, self.lowers):
            found.append((m, ids[0], min(ids), max(ids) + 1))
        for match_id, head, start, end in sorted(found, key=lambda f: (f[1], f[0])):
            ci, _off = self.ex._match_cue[match_id]
            cue = self.ex.cues[ci]
            tok = self.doc[head]
            a = self.arg(head)
            if a is not None and a.kind in ("name", "anaphor"):
                continue  # a cue word inside a name is no trigger
            if a is not None and a.kind == "organ" and cue.kind not in ("event",):
                continue
            if cue.kind == "verb" and not (tok.tag_.startswith("VB") or (tok.tag_ == "JJ" and (tok.lower_ in ("based", "active", "responsible") or tok.lower_.endswith("ed")))):
                continue  # (a participle tagged as an adjective still states: "is closely allied with X")
            if cue.kind in ("role", "presence") and not (tok.tag_.startswith("NN") or self._title_before_name(head)):
                continue
            if cue.kind == "event" and not (tok.tag_.startswith("NN") or tok.tag_ in ("VBG", "JJ")):
                continue
            if self.sent_of[head] in self.index.headings:
                continue  # a heading names a topic, it states no fact
            key = (cue.id, head)
            if key in seen:
                continue
            seen.add(key)
            out.append(Trigger(cue, head, start, end))
        return out

    def _title_before_name(self, i: int) -> bool:
        """A role word right before a person's name is a title, whatever the tagger made of it
        ("ISKP Baluchistan *emir* Mufti Hidayat Ullah Baruhi" tagged as an adjective)."""
        nxt = self.arg(i + 1) if i + 1 < len(self.doc) else None
        return nxt is not None and nxt.start == i + 1 and nxt.type == "PERSON" and nxt.kind == "name"

    def _sent_bounds(self, i: int) -> Sentence:
        return self.sents[self.sent_of[i]]

    def _candidate(
        self,
        trig: Trigger,
        subj: Hit,
        predicate: str,
        obj: Hit | None,
        kind: str,
        scope: set[int],
        **kw: Any,
    ) -> Candidate:
        base = trig.cue.confidence if trig.cue.confidence is not None else self.ex.confidence.get(kind, 0.6)
        return Candidate(
            subject=subj,
            predicate=predicate,
            object=obj,
            trigger=trig.head,
            method=f"{kind}:{trig.cue.id}",
            base=base,
            scope=scope,
            cue_tokens=tuple(range(trig.start, trig.end)),
            **kw,
        )

    def _pairs(
        self,
        trig: Trigger,
        subjects: list[Hit],
        objects: list[Hit],
        kind: str,
        scope: set[int],
        allow_null: bool = True,
        **kw: Any,
    ) -> list[Candidate]:
        cue = trig.cue
        pred = cue.predicate.value
        out: list[Candidate] = []
        for s in subjects:
            if objects:
                for o in objects:
                    p = pred
                    if cue.non_person_victim is not None and s.arg.type != "PERSON":
                        # "LeJ killed five Iranian cadets": the victims are no person entity -> targeted
                        out.append(self._candidate(trig, o, cue.non_person_victim.value, s, kind, scope, **kw))
                        continue
                    out.append(self._candidate(trig, s, p, o, kind, scope, **kw))
            elif allow_null and pred in NULLABLE and not cue.requires_object and s.arg.type == "PERSON":
                out.append(self._candidate(trig, s, pred, None, kind, scope, **kw))
        return out

    def _attempted(self, tok: Token) -> bool:
        """A killing that was only attempted ("attempted to assassinate", "a failed attack")."""
        if tok.dep_ == "xcomp" and tok.head.lower_ in self.ex.attempt_words:
            return True
        if any(c.lower_ in self.ex.attempt_words and c.dep_ in ("amod", "compound", "aux") for c in tok.children):
            return True
        if tok.dep_ in ("compound", "nmod") and tok.head.lower_ in self.ex.attempt_words:
            return True
        return False

    def frame_verb(self, trig: Trigger) -> list[Candidate]:
        doc = self.doc
        v = doc[trig.head]
        cue = trig.cue
        slots: dict[str, list[Hit]] = {}

        def get(slot: str) -> list[Hit]:
            if slot in slots:
                return slots[slot]
            if slot == "agent":
                hits = self.logical_agent(v)
            elif slot == "patient":
                hits = self.logical_patient(v)
                if not cue.collective:
                    hits = [h for h in hits if h.how not in ("collective", "hop")]
            elif slot == "prep":
                objs = self.preps(v, cue.preps)
                if not objs:
                    for o in self.children(v, ["dobj", "attr", "acomp", "advmod"]) + self.preps(v, ["as"]):
                        objs.extend(self.preps(o, cue.preps))
                if not objs:
                    # "invested millions in various businesses for the Taliban": hung on the other adjunct
                    for o in self.preps(v, PLACE_PREPS):
                        objs.extend(self.preps(o, cue.preps))
                if not objs and v.dep_ == "relcl" and any(c.lower_ == "where" for c in v.children) and PLACE_PREPS & set(cue.preps):
                    objs = [v.head]  # "in Abbottabad, where he lived with a local family"
                if cue.predicate.value == "based_in" and len(objs) > 1:
                    # "operates from North Waziristan Agency in the Tribal Areas": the first place is the base,
                    # the next one only locates it
                    first = min(objs, key=lambda o: o.head.i)
                    objs = [o for o in objs if o.head.i == first.head.i]
                hits = [h for o in objs for h in self.expand(o)]
                if "LOC" in OBJECT_TYPES[cue.predicate.value] and not any(h.arg.type == "LOC" for h in hits):
                    hits += [h for o in objs for h in self.place_hits(o)]  # "born in a Gujjar family in Sargodha"
            elif slot == "dative":
                hits = [h for d in self.children(v, ["dative"]) for h in self.expand(d)]
                hits += [h for d in self.preps(v, ["to"]) for h in self.expand(d)]
            elif slot == "instrument":
                hits = self.instrument(v)
            elif slot == "announced":
                hits = self.announced_agent(v)
            else:
                hits = []
            slots[slot] = hits
            return hits

        subjects = get(cue.subject)
        if not subjects and cue.subject == "agent" and "patient" not in cue.object and self.is_passive(v):
            # a stative participle with no object of its own: "X is closely allied with Y"
            subjects = self.clause_subjects(v)
        objects: list[Hit] = []
        for slot in cue.object:
            objects = get(slot)
            if objects:
                break
        if not subjects:
            return []
        scope = mod.clause_scope(v)
        pred = cue.predicate.value
        if cue.polarity == "negative":
            return self._withheld(trig, subjects, objects, scope)
        if pred == "killed_by" and self._attempted(v):
            return [self._candidate(trig, o, "targeted", s, "verb", scope) for s in subjects for o in objects]
        return self._pairs(trig, subjects, objects, "verb", scope)

    def _withheld(self, trig: Trigger, subjects: list[Hit], objects: list[Hit], scope: set[int]) -> list[Candidate]:
        """A cue that states its relation by being negated ("elected not to hand over any LeJ
        members", "refused to extradite him"): nothing without a negation in the clause, and
        that negation is the cue's own, not the fact's modality."""
        cues = self.sents[self.sent_of[trig.head]].cues
        negs = tuple(i for i in scope if i >= 0 and cues.get(i) == "negation")
        if not negs:
            return []
        out = self._pairs(trig, subjects, objects, "verb", scope, allow_null=False)
        for c in out:
            c.cue_tokens = c.cue_tokens + negs
        return out

    def frame_event(self, trig: Trigger) -> list[Candidate]:
        n = self.doc[trig.head]
        cue = trig.cue
        if cue.requires_governor and not (n.dep_ == "pobj" and n.head.lower_ in cue.requires_governor):
            return []
        agents: list[Hit] = []
        patients: list[Hit] = []
        organ = self.arg(n.i)
        if organ is not None and organ.kind == "organ":
            agents.append(self.hit(organ, 0.9, "organ"))
        for o in self.preps(n, cue.agent_preps):
            agents.extend(self.expand(o))
        poss = [h for p in self.children(n, ["poss"]) for h in self.expand(p, collective=False)]
        if cue.poss == "agent":
            agents.extend(poss)
        else:
            patients.extend(poss)
        between = [h for o in self.preps(n, ["between"]) for h in self.expand(o)]
        objs = self.preps(n, [p for p in cue.preps if p != "between"])
        if not objs and n.dep_ == "dobj" and n.head.pos_ == "VERB":
            objs = self.preps(n.head, [p for p in cue.preps if p != "between"])  # "built relations with X"
        for o in objs:
            for h in self.expand(o):
                patients.append(h)
            if not self.expand(o) and o.lower_ in self.ex.hop_nouns:
                for oo in self.preps(o, ["of"]) + self.children(o, ["poss"]):
                    patients.extend(Hit(h.arg, h.factor * 0.9, "hop") for h in self.expand(oo))
        if not agents:
            used = {id(h.arg) for h in patients}
            for a in self._left_args(n):
                if id(a) not in used:
                    agents.append(self.hit(a, 0.9, "premodifier"))
        gov_tok: Token | None = None
        if not agents and "clause" not in cue.object and n.pos_ == "ADJ" and n.dep_ in ("acomp", "oprd"):
            # "the al-Qaeda organization was responsible for X"
            gov_tok = n.head
            agents.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, "governor") for h in self.clause_subjects(n.head))
        if not agents and "clause" not in cue.object:
            gov, gov_tok = self.governing_agent(n)
            agents.extend(gov)
        if between and not agents and len(between) >= 2:
            agents, patients = [between[0]], between[1:] + patients
        elif between:
            patients.extend(between)
        if not patients and cue.subject == "patient" and n.dep_ == "pobj" and n.head.lower_ in ("under", "in") and n.head.head.pos_ == "VERB":
            v = n.head.head
            objs = [] if self.is_passive(v) else self.children(v, ["dobj"])
            if objs:
                # "Pakistan placed Azhar under protective custody": the object, by the clause's subject
                patients = [h for o in objs for h in self.expand(o)]
                if not agents:
                    agents = [Hit(h.arg, h.factor * self.ex.inherited_factor, "governor") for h in self.logical_agent(v)]
            else:
                # "was placed under house arrest", "held in detention": the one it happens to is the clause's subject
                patients = self.clause_subjects(v)
        if "clause" in cue.object:
            # "under the command of X": X leads the subject of the clause
            prep = n.head
            v = prep.head if prep.dep_ == "prep" else prep
            clause = self.clause_subjects(v) if v.pos_ in ("VERB", "AUX") else self.expand(v)
            subjects, objects = agents, clause
        elif cue.subject == "patient":
            subjects, objects = patients, agents
        else:
            subjects, objects = agents, patients
        date_mode = "phrase"
        if n.dep_ in ("nsubj", "nsubjpass") and n.head.pos_ in ("VERB", "AUX"):
            # "the close links between the organisations are of concern": the predicate's clause
            scope = mod.clause_scope(n.head) | mod.phrase_scope(n)
            date_mode = "clause"
        elif n.dep_ in ("dobj", "attr", "oprd") or (n.dep_ == "pobj" and n.head.head.pos_ in ("ADJ",)):
            scope = mod.clause_scope(n) | mod.phrase_scope(n)
            date_mode = "clause"
        elif gov_tok is not None:
            scope = mod.phrase_scope(n) | mod.clause_scope(gov_tok)
            date_mode = "clause"
        else:
            scope = mod.phrase_scope(n)
        pred = cue.predicate.value
        if pred == "killed_by" and self._attempted(n):
            return [self._candidate(trig, o, "targeted", s, "event", scope, date_mode=date_mode) for s in subjects for o in objects]
        if pred == "responsible_for" and n.lower_ in ("role", "part", "participation"):
            # "played a pacifying role in the civil war": taking part in a war is no responsibility for it
            objects = [o for o in objects if not any(w in self.doc[o.arg.start : o.arg.end].text.lower() for w in ("war", "conflict", "jihad", "insurgency"))]
        return self._pairs(trig, subjects, objects, "event", scope, date_mode=date_mode)

    def role_anchors(self, r: Token, cue: RelationCue, depth: int = 0) -> list[Hit]:
        """What a role noun is relative to: "LeJ's leader", "TTP emir", "leader of X", "a general in the army"."""
        hits: list[Hit] = []
        for p in self.children(r, ["poss"]):
            hits.extend(self.expand(p, collective=False))
        for c in r.children:
            if c.dep_ in ("compound", "nmod", "amod") and self.arg(c.i) is not None:
                a = self.arg(c.i)
                if not hits or all(h.arg is not a for h in hits):
                    hits.append(self.hit(a, 1.0, "premodifier"))
        if not hits:
            for a in self._left_args(r):
                hits.append(self.hit(a, 0.95, "premodifier"))
        for o in self.preps(r, cue.preps):
            hits.extend(self.expand(o))
        if not hits:
            # coordinated roles share an anchor: "the chief or amir of JuD"
            for c in r.children:
                if c.dep_ == "conj" and c.lower_ in self.ex.role_words:
                    for o in self.preps(c, cue.preps):
                        hits.extend(self.expand(o))
            if r.dep_ == "conj" and r.head.lower_ in self.ex.role_words and depth < 2:
                hits.extend(self.role_anchors(r.head, cue, depth + 1))
        if not hits and depth < 3:
            # "LeJ's key commanders, including ... like founding leader X": the list's head lends its anchor
            t = r
            while t.dep_ in ("compound", "conj") and t.head.i != t.i:
                t = t.head
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and (t.head.lower_ in self.ex.list_cues or self._prep_name(t.head) == "such as"):
                outer = t.head.head
                if outer.pos_ in ("NOUN", "PROPN"):
                    hits.extend(self.role_anchors(outer, cue, depth + 1))
        return hits

    def _indefinite(self, r: Token, holders_by_title: bool, cue: RelationCue) -> bool:
        if r.tag_ in ("NNS", "NNPS"):
            return True
        for c in r.children:
            if c.dep_ in ("det", "predet") and c.lower_ in ("a", "an", "another", "any", "some", "one"):
                return True
            if c.dep_ == "nummod":
                return True
            if c.dep_ == "amod" and c.lower_ in ("senior", "key", "top", "local", "mid-level", "several", "other", "prominent", "notorious", "slain", "provincial-level", "district-level"):
                if any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in r.children):
                    return True
        if r.i > 0 and self.doc[r.i - 1].lower_ in ("a", "an"):
            return True
        # "another LeJ commander", "a senior Pakistani al-Qaeda leader" with the determiner further left
        left, _ = self._np_bounds(r)
        if left < r.i and self.doc[left].lower_ in ("a", "an", "another", "one"):
            return True
        base = r
        if base.dep_ == "pobj" and base.head.lower_ == "of" and base.head.head.lower_ in self.ex.quantifiers:
            return True
        if holders_by_title and not cue.title_definite:
            return True
        return False

    def _subordinate(self, r: Token) -> bool:
        """A leading role held under someone: "the deputy emir of LeT", "vice chairman"."""
        if any(c.dep_ in ("amod", "compound", "nmod") and c.lower_ in self.ex.subordinate for c in r.children):
            return True
        prev = self.doc[r.i - 1] if r.i > 0 else None
        return prev is not None and prev.lower_ in self.ex.subordinate

    def frame_role(self, trig: Trigger) -> list[Candidate]:
        r = self.doc[trig.head]
        cue = trig.cue
        pred = cue.predicate.value
        holder_types = OBJECT_TYPES[pred] if cue.inverse else SUBJECT_TYPES[pred]
        anchor_types = SUBJECT_TYPES[pred] if cue.inverse else OBJECT_TYPES[pred]
        if cue.indefinite is not None:
            holder_types = holder_types | SUBJECT_TYPES[cue.indefinite.value]
            anchor_types = anchor_types | OBJECT_TYPES[cue.indefinite.value]
        anchors = [h for h in self.role_anchors(r, cue) if h.arg.type in anchor_types]
        if not anchors:
            return []
        holders = [h for h in self.referents(r, holder_types) if h.arg.type in holder_types]
        if not holders and self.ex.resolve_definite_roles and holder_types == frozenset({"PERSON"}):
            holders = self._definite_description(r, holder_types, anchors)
        if not holders:
            return []
        if r.tag_ == "NN" and not any(c.dep_ == "conj" for c in r.children) and r.dep_ != "conj":
            # one successor, one deputy: a singular role describes the nearest person only
            nearest = min(holders, key=lambda h: min(abs(h.arg.start - r.i), abs(h.arg.end - 1 - r.i)))
            holders = [h for h in holders if h.arg.cluster == nearest.arg.cluster]
        by_title = any(h.how.startswith("title") for h in holders)
        if cue.indefinite is not None and (self._indefinite(r, by_title, cue) or self._subordinate(r)):
            pred = cue.indefinite.value
        base = r
        while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN"):
            base = base.head
        if base.dep_ in ("attr", "oprd") or (base.dep_ == "pobj" and base.head.lower_ == "as"):
            scope = mod.clause_scope(base.head if base.dep_ != "pobj" else base.head.head) | mod.phrase_scope(r)
            date_mode = "clause"
        else:
            scope = mod.phrase_scope(r)
            date_mode = "phrase"
        out: list[Candidate] = []
        for h in holders:
            for a in anchors:
                if h.arg is a or h.arg.cluster == a.arg.cluster:
                    continue
                s, o = (a, h) if cue.inverse else (h, a)
                cand = self._candidate(trig, s, pred, o, "role", scope, date_mode=date_mode)
                out.append(cand)
        return out

    def _definite_description(self, r: Token, types: frozenset[str], anchors: list[Hit]) -> list[Hit]:
        """"LeJ's leader declined": a definite role subject without a name is the last person mentioned."""
        if r.tag_ != "NN" or r.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in r.children):
            return []
        anchor_clusters = {h.arg.cluster for h in anchors}
        sent = self.sent_of[r.i]
        for a in reversed(self.index.args):
            if a.start >= r.i:
                continue
            if sent - a.sent > 1:
                break
            if a.type in types and a.kind == "name" and a.cluster not in anchor_clusters:
                return [Hit(a, 0.6, "definite_description")]
        return []

    def frame_presence(self, trig: Trigger) -> list[Candidate]:
        n = self.doc[trig.head]
        cue = trig.cue
        owners: list[Hit] = []
        recipient_places: list[Hit] = []
        for p in self.children(n, ["poss"]):
            owners.extend(self.expand(p, collective=False))
        if not owners:
            for a in self._left_args(n):
                if a.type in ("ORG", "PERSON"):
                    owners.append(self.hit(a, 0.9, "premodifier"))
        gov: Token | None = None
        base = n
        while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN"):
            base = base.head
        if not owners:
            # "the New Jersey home of El Sayyid Nosair"
            for o in self.preps(n, ["of"]):
                owners.extend(h for h in self.expand(o) if h.arg.type in ("ORG", "PERSON"))
        if base.dep_ == "dobj" and base.head.pos_ == "VERB":
            gov = base.head
            if not owners:
                # a shelter given is the receiver's: "provided shelter to X in Kabul"
                receivers = [g for d in self.children(gov, ["dative"]) for g in ([*d.children] if d.lower_ == "to" else [d]) if g.dep_ != "punct"]
                receivers += self.preps(gov, ["to"])
                owners = [Hit(h.arg, h.factor * 0.9, "recipient") for d in receivers for h in self.expand(d)]
                recipient_places = [h for d in receivers for o in self.preps(d, cue.preps) for h in self.place_hits(o)]
            if not owners:
                owners = [Hit(h.arg, h.factor * self.ex.inherited_factor, "governor") for h in self.logical_agent(gov)]
        if not owners and base.dep_ == "pobj" and base.head.lower_ == "with" and base.head.head.pos_ in ("NOUN", "PROPN"):
            # "one of its deadliest chapters with an operational network in Peshawar"
            owners = [Hit(h.arg, h.factor * 0.9, "with") for h in self.expand(base.head.head) if h.arg.type in ("ORG", "PERSON")]
        if not owners and base.dep_ == "nsubj":
            gov = base.head
        owners = [h for h in owners if h.arg.type in ("ORG", "PERSON")]
        if not owners:
            return []
        places: list[Hit] = []
        for t in [n, *([c for c in n.children if c.dep_ == "conj"]), base]:
            for o in self.preps(t, cue.preps):
                places.extend(self.place_hits(o))
            for c in t.children:
                if c.dep_ == "acl" and c.lower_ in ("located", "based", "situated", "run", "operating"):
                    for o in self.preps(c, cue.preps):
                        places.extend(self.place_hits(o))
        for c in n.children:
            a = self.arg(c.i)
            if c.dep_ in ("compound", "nmod") and a is not None and a.type == "LOC" and a.kind == "name":
                places.append(self.hit(a, 0.9, "premodifier"))
        if not places:
            a = self._left_arg(n, max_gap=2)
            if a is not None and a.type == "LOC" and a.kind == "name":
                places.append(self.hit(a, 0.85, "premodifier"))
        if not places:
            # "a new base for Mujahideen operations in Khartoum"
            for o in self.preps(n, ["for"]):
                for p in self.preps(o, cue.preps):
                    places.extend(self.place_hits(p))
        if not places and gov is not None:
            for o in self.preps(gov, cue.preps):
                places.extend(self.place_hits(o))
        if not places:
            places = recipient_places  # "provided shelter to X in Kurram" with "in" hung on X
        places = [h for h in places if h.arg.type == "LOC" and h.arg.kind != "organ"]
        if not places:
            return []
        scope = mod.phrase_scope(n) | (mod.clause_scope(gov) if gov is not None else set())
        return self._pairs(trig, owners, places, "presence", scope, date_mode="clause")

    def place_hits(self, tok: Token) -> list[Hit]:
        """Places a prepositional object names, through generic place nouns ("areas in X", "Peshawar's outskirts").

        Every conjunct counts: "in the Kurram tribal district and North
        Waziristan" names two places, one of them through its noun.
        """
        hits: list[Hit] = []
        for t in self.coordinated(tok):
            a = self.arg(t.i)
            if a is not None:
                if a.type == "LOC" and not self._hyphenated(a):
                    hits.append(self.hit(a, 1.0, "direct" if t.i == tok.i else "coord"))
                continue
            if not (t.lower_ in self.ex.place_nouns or t.lower_ in self.ex.hop_nouns or t.tag_ in ("NN", "NNS")):
                continue
            found: list[Hit] = []
            if t.lower_ in self.ex.place_nouns and not any(c.dep_ in ("compound", "nmod") and self.arg(c.i) is not None for c in t.children):
                # "the district of Nangarhar", but "the Achin district of Nangarhar" is Achin
                for o in self.preps(t, ["of"]):
                    found.extend(h for h in self.expand(o, collective=False) if h.arg.type == "LOC")
            if not found and t.lower_ not in ("border", "borders", "frontier", "boundary"):
                # (a border is between places, in neither: "near the Afghanistan/Pakistan border")
                for c in t.children:
                    b = self.arg(c.i)
                    if c.dep_ in ("compound", "nmod", "poss", "amod") and b is not None and b.type == "LOC" and not self._hyphenated(b):
                        found.append(self.hit(b, 0.9, "place_noun"))
            if not found and t.lower_ in self.ex.place_nouns:
                # "in the provincial capital, Peshawar"
                for c in t.children:
                    b = self.arg(c.i)
                    if c.dep_ == "appos" and b is not None and b.type == "LOC":
                        found.append(self.hit(b, 0.95, "place_noun"))
            if not found and t.lower_ in self.ex.place_nouns and t.lower_ not in ("border", "borders", "frontier", "boundary"):
                b = self._left_arg(t, max_gap=2)
                if b is not None and b.type == "LOC" and not self._hyphenated(b):
                    found.append(self.hit(b, 0.85, "place_noun"))
            if not found and (t.lower_ in GROUP_NOUNS or t.lower_ in self.ex.collective):
                continue  # "a war against the group in Bajaur" is no war against Bajaur
            if not found:
                # "a Gujjar family in Sargodha", "areas in Afghanistan"; "a family based in Latakia"
                objs = self.preps(t, ["in", "within"])
                for c in t.children:
                    if c.dep_ == "acl" and c.lower_ in LOCATING_PARTICIPLES:
                        objs += self.preps(c, ["in", "within"])
                for o in objs:
                    found.extend(h for h in self.expand(o, collective=False) if h.arg.type == "LOC" and not self._hyphenated(h.arg))
            hits.extend(found)
        return hits

    def _hyphenated(self, a: Arg) -> bool:
        """"Balochistan-adjacent", "Taliban-controlled": a name used as the first half of a compound modifier."""
        return a.end + 1 < len(self.doc) and self.doc[a.end].text in ("-", "\u2010", "\u2011") and not self.doc[a.end - 1].whitespace_

    def frame_origin(self, trig: Trigger) -> list[Candidate]:
        tok = self.doc[trig.head]
        cue = trig.cue
        if tok.lower_ == "from":
            if tok.dep_ != "prep":
                return []
            head = tok.head
            holders: list[Hit] = []
            a = self.arg(head.i)
            left = self.arg(tok.i - 1) if tok.i > 0 else None
            if left is not None and left.type == "PERSON" and left.end == tok.i:
                a = left  # "Tariq Afridi from Darra Adam Khail", whatever the parser attached "from" to
            if a is not None and a.type == "PERSON":
                holders = [self.hit(a, 1.0, "self")]
            elif head.lower_ in self.ex.person_nouns and head.pos_ in ("NOUN", "PROPN"):
                holders = [h for h in self.referents(head, frozenset({"PERSON"})) if h.arg.type == "PERSON"]
            elif head.lower_ in ("is", "was", "are", "were", "hails", "hailed", "comes", "came"):
                holders = [h for h in self.clause_subjects(head) if h.arg.type == "PERSON"]
            if not holders:
                return []
            places = [h for o in tok.children if o.dep_ == "pobj" for h in self.place_hits(o)]
            places = [h for h in places if h.arg.kind == "name"]
            scope = mod.phrase_scope(head)
            return self._pairs(trig, holders, places, "origin", scope, date_mode="none")
        # hometown nouns: "his hometown of Faisalabad"
        holders = [h for p in self.children(tok, ["poss"]) for h in self.expand(p) if h.arg.type == "PERSON"]
        places = [h for o in self.preps(tok, cue.preps) for h in self.place_hits(o)]
        for c in tok.children:
            if c.dep_ == "appos":
                places.extend(self.place_hits(c))
        if not holders:
            holders = [h for h in self.referents(tok, frozenset({"PERSON"}))]
        return self._pairs(trig, holders, [h for h in places if h.arg.kind == "name"], "origin", mod.phrase_scope(tok), date_mode="none")

    def frame_modifier(self, trig: Trigger) -> list[Candidate]:
        """"a London-based newspaper", "a Taliban-affiliated group": X-<cue> N."""
        doc = self.doc
        t = doc[trig.head]
        if t.i < 2 or doc[t.i - 1].text not in ("-", "\u2010", "\u2011"):
            return []
        obj = self.arg(t.i - 2)
        if obj is None or obj.end != t.i - 1:
            return []
        noun = t.head if t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN") else None
        if noun is None:
            k = t.i + 1
            while k < len(doc) and doc[k].pos_ not in ("NOUN", "PROPN") and k - t.i < 3:
                k += 1
            noun = doc[k] if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN") else None
        if noun is None:
            return []
        pred = trig.cue.predicate.value
        subjects = [h for h in self.referents(noun, SUBJECT_TYPES[pred]) if h.arg.type in SUBJECT_TYPES[pred]]
        if not subjects:
            a = self.arg(noun.i)
            subjects = [self.hit(a, 1.0, "self")] if a is not None else []
        return self._pairs(trig, subjects, [self.hit(obj, 1.0, "modifier")], "modifier", mod.phrase_scope(noun), date_mode="none")

    def frame_prefix(self, trig: Trigger) -> list[Candidate]:
        """"its anti-Shi'a agenda", "the anti-Shi'a sectarian group SSP": the owner targets the prefixed entity."""
        doc = self.doc
        t = doc[trig.head]
        if t.i + 2 >= len(doc) or doc[t.i + 1].text not in ("-", "\u2010", "\u2011"):
            return []
        k = t.i + 2
        target = self.arg(k)
        if target is None or target.start != k:
            adj = self.ex.organs.adjective_at(self.lowers, k)
            cluster = self.index.country_of.get(adj[0]) if adj is not None else None
            if cluster is None:
                return []
            target = Arg(k, k + adj[1], cluster, "LOC", "organ", k, self.sent_of[k], rule="prefix")  # type: ignore[index]
        # the noun the prefixed word modifies: the first listed noun after it
        noun = None
        m = target.end
        while m < len(doc) and m - target.end < 3:
            if doc[m].lower_ in trig.cue.with_object:
                noun = doc[m]
                break
            if doc[m].pos_ not in ("ADJ", "NOUN", "PROPN") or self.arg(m) is not None:
                break
            m += 1
        if noun is None:
            return []
        owners = [h for p in self.children(noun, ["poss"]) for h in self.expand(p, collective=False)]
        if not owners:
            owners = [h for h in self.referents(noun, frozenset({"ORG", "PERSON"})) if h.arg.type in ("ORG", "PERSON")]
        if not owners:
            owners = [h for h in self.governing_agent(noun)[0]]
        if not owners:
            return []
        subj_hits = [h for h in owners if h.arg.type in ("ORG", "PERSON")]
        return self._pairs(trig, subj_hits, [self.hit(target, 0.9, "prefix")], "prefix", mod.phrase_scope(noun), date_mode="phrase")

    def frame_names(self) -> list[Candidate]:
        """"TTP Darra Adam Khail chapter" is part of TTP (and based in Darra Adam Khail)."""
        prefixes: dict[tuple[str, ...], int] = {}
        for a in self.index.args:
            if a.kind == "name" and a.type == "ORG":
                prefixes.setdefault(tuple(t.lower_ for t in self.doc[a.start : a.end]), a.cluster)
        out: list[Candidate] = []
        done: set[int] = set()
        part_words = {f.split()[-1] for c in self.ex.cues if c.id == "part_role" for f in c.forms}
        # "LeJ's Choto network", "the CIA's bin Laden unit": a group's group is part of it
        for a in self.index.args:
            if a.kind != "name" or a.type != "ORG" or a.start < 2 or self.doc[a.start - 1].tag_ != "POS":
                continue
            owner = self.arg(a.start - 2)
            if owner is None or owner.type != "ORG" or owner.cluster == a.cluster or owner.end != a.start - 1:
                continue
            trig = Trigger(_NAME_CUE, a.root, a.start - 1, a.start)
            out.append(self._candidate(trig, Hit(a, 1.0, "name"), "part_of", self.hit(owner, 0.9, "possessor"), "name", mod.phrase_scope(self.doc[a.root]), date_mode="none", place_mode="none"))
        ordered = sorted(self.index.args, key=lambda x: (self.sent_of[x.start] in self.index.headings, x.start))
        for a in ordered:
            if a.kind != "name" or a.type != "ORG" or a.cluster in done:
                continue
            words = tuple(t.lower_ for t in self.doc[a.start : a.end])
            for k in range(len(words) - 1, 0, -1):
                parent = prefixes.get(words[:k])
                if parent is None or parent == a.cluster:
                    continue
                rest = self.doc[a.start + k : a.end]
                if not any(t.is_alpha for t in rest):
                    continue
                parent_text = self.doc[a.start : a.start + k].text
                acronym = " " not in parent_text and sum(ch.isupper() for ch in parent_text) >= 2
                has_place = any(self.arg(t.i) is not None and self.arg(t.i).type == "LOC" for t in rest) or any(
                    b.type == "LOC" and b.kind == "name" and self.doc[b.start : b.end].text in rest.text for b in self.index.args
                )
                if not (acronym or has_place or words[-1] in part_words):
                    continue  # "Ariana" is the short name of "Ariana Afghan Airlines", not its parent
                done.add(a.cluster)
                sent = self.sents[self.sent_of[a.start]]
                trig = Trigger(_NAME_CUE, a.root, a.start, a.end)
                subj = Hit(a, 1.0, "name")
                parent_arg = Arg(a.start, a.start + k, parent, "ORG", "name", a.start, a.sent)
                out.append(self._candidate(trig, subj, "part_of", Hit(parent_arg, 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                if words[-1] in part_words:
                    for t in rest:
                        loc = self.arg(t.i)
                        if loc is not None and loc.type == "LOC" and loc is not a:
                            out.append(self._candidate(trig, subj, "based_in", Hit(loc, 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                            break
                    else:
                        loc_words = rest.text
                        for b in self.index.args:
                            if b.type == "LOC" and b.kind == "name" and self.doc[b.start : b.end].text in loc_words and len(loc_words) > len(self.doc[b.start : b.end].text):
                                out.append(self._candidate(trig, subj, "based_in", Hit(Arg(a.start, a.end, b.cluster, "LOC", "name", a.root, a.sent), 1.0, "name"), "name", set(), date_mode="none", place_mode="none"))
                                break
                del sent
                break
        return out

    def frame_event_agents(self) -> list[Candidate]:
        """"the Iraqi invasion of Kuwait under Saddam Hussein", "the bombing by LeJ": who is behind a named event."""
        out: list[Candidate] = []
        for a in self.index.args:
            if a.type != "EVENT" or a.kind != "name":
                continue
            r = self.doc[a.root]
            for o in self.preps(r, ["by", "under"]):
                for h in self.expand(o, collective=True):
                    if h.arg.type in ("PERSON", "ORG"):
                        trig = Trigger(_EVENT_CUE, r.i, r.i, r.i + 1)
                        out.append(self._candidate(trig, h, "responsible_for", self.hit(a, 1.0, "name"), "event", mod.phrase_scope(r)))
        return out

    def frame_along_with(self) -> list[Candidate]:
        """"X, along with Y, founded Z": people who act together are associates."""
        out: list[Candidate] = []
        for i, low in enumerate(self.lowers):
            if low not in ("along", "together") or i + 1 >= len(self.doc) or self.lowers[i + 1] != "with":
                continue
            tok = self.doc[i]
            w = self.doc[tok.i + 1]
            objs = [g for q in (tok, w) for g in q.children if g.dep_ == "pobj"]
            partners = [h for o in objs for h in self.expand(o, collective=False) if h.arg.type == "PERSON"]
            if not partners:
                continue
            head = tok.head
            if head.pos_ in ("VERB", "AUX"):
                subjects = self.clause_subjects(head)
            else:
                subjects = [h for h in self.expand(head, collective=False)]
            subjects = [h for h in subjects if h.arg.type == "PERSON"]
            trig = Trigger(_ALONG_CUE, tok.i, tok.i, tok.i + 2)
            for sh in subjects:
                for ph in partners:
                    if sh.arg.cluster != ph.arg.cluster:
                        out.append(self._candidate(trig, sh, "associate_of", ph, "along", mod.clause_scope(head)))
        return out

    def frame_org_in_place(self) -> list[Candidate]:
        """"the Usman Kurd group in Quetta", "the Taliban regime in Kabul": a group located by a place phrase."""
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for a in self.index.args:
            if a.type != "ORG" or a.kind not in ("name", "anaphor"):
                continue
            r = self.doc[a.root]
            noun = r
            if r.dep_ in ("compound", "nmod") and r.head.lower_ in self.ex.collective and self.arg(r.head.i) is None:
                noun = r.head  # "the Taliban regime in Kabul"
            if noun.lower_ not in ORG_HEADS:
                continue  # "attacked the Iranian Culture Centre in Multan" is where the attack was
            if noun.dep_ in ("pobj",) and noun.head.lower_ in PLACE_PREPS:
                continue
            objs = self.preps(noun, ["in", "inside", "within"])
            nxt = noun.i + 1
            if not objs and nxt + 1 < len(self.doc) and self.lowers[nxt] in ("in", "inside") and self.arg(nxt + 1) is not None:
                objs = [self.doc[self.arg(nxt + 1).root]]  # "the Taliban regime in Kabul", whatever the PP was attached to
            for o in objs:
                for h in self.place_hits(o)[:1]:
                    if h.arg.kind != "name" or (a.cluster, h.arg.cluster) in seen:
                        continue
                    seen.add((a.cluster, h.arg.cluster))
                    trig = Trigger(_PLACE_CUE, noun.i, noun.i, noun.i + 1)
                    out.append(self._candidate(trig, self.hit(a, 1.0, "name"), "based_in", h, "located", mod.phrase_scope(noun), date_mode="none"))
        return out

    def frame_offers(self) -> list[Candidate]:
        """"X offered Kurd leadership of the chapter ... LeJ's leader declined the offer": a negated leader_of."""
        out: list[Candidate] = []
        doc = self.doc
        for i, low in enumerate(self.lowers):
            if low not in self.ex.offer_verbs:
                continue
            tok = doc[i]
            if not tok.tag_.startswith("VB"):
                continue
            themes = [c for c in tok.children if c.dep_ in ("dobj", "dative", "npadvmod", "attr") and c.lower_ in ("leadership", "command", "membership", "post", "position", "role", "seat", "charge")]
            if not themes:
                continue
            theme = themes[0]
            recipients = [h for c in tok.children if c.dep_ in ("dative", "dobj") and c.i != theme.i for h in self.expand(c) if h.arg.type == "PERSON"]
            if not recipients:
                k = theme.i - 1
                a = self.arg(k) if k >= 0 else None
                if a is not None and a.type == "PERSON":
                    recipients = [self.hit(a, 0.9, "offer")]
            orgs = [h for o in self.preps(theme, ["of"]) for h in self.expand(o) if h.arg.type == "ORG"]
            if not recipients or not orgs:
                continue
            pred = "member_of" if theme.lower_ == "membership" else "leader_of"
            s0 = self.sent_of[tok.i]
            for k in range(s0 + 1, min(len(self.sents), s0 + 1 + self.ex.offer_window)):
                sent = self.sents[k]
                for j in range(sent.start, sent.end):
                    if self.lowers[j] not in self.ex.offer_nouns:
                        continue
                    o = doc[j]
                    t = o.head
                    objs = [o] if o.dep_ == "dobj" else []
                    if not objs:
                        continue
                    if t.lower_ in self.ex.reject_verbs:
                        modality = "negated"
                    elif t.lower_ in self.ex.accept_verbs:
                        modality = "asserted"
                    else:
                        continue
                    trig = Trigger(_OFFER_CUE, t.i, t.i, t.i + 1)
                    for r in recipients:
                        for o in orgs:
                            c = self._candidate(trig, r, pred, o, "offer", set(), date_mode="none", place_mode="none", modality=modality, sentence=k)
                            out.append(c)
                    break
        return out
