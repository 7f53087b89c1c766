"""Date and place of a candidate: the nearest date and place adjunct of its
clause (or noun phrase), along the parse, never from another fact's clause.
"""

from __future__ import annotations

from spacy.tokens import Token

from .. import modality as mod
from ..arguments import Arg
from .base import CLAUSE_BOUNDARIES, NO_PLACE, PLACE_PREPS, TEMPORAL_RELATORS, Candidate, StateFields


class QualifiersMixin(StateFields):
    """Date and place of a candidate: the nearest date and place adjunct of its"""

    @staticmethod
    def _simultaneous(clause: Token) -> bool:
        """An adverbial clause that shares its main clause's time and place ("..., when X killed Y")."""
        return clause.dep_ == "advcl" and any(c.lower_ in ("when", "while", "as", "whereupon") for c in clause.children if c.dep_ in ("advmod", "mark"))

    def _reachable(self, start: Token, limit: int, mode: str = "clause", for_date: bool = False) -> dict[int, int]:
        """Tokens an adjunct of the fact at ``start`` can hang on, with their tree distance.

        ``clause``: the trigger's clause and the clauses it is an argument or
        a simultaneous adverbial of; ``phrase``: the noun phrase only.
        Relative, adverbial and coordinated clauses below are other facts.
        """
        dist: dict[int, int] = {start.i: 0}
        chain = [start]
        t = start
        d = 0
        while d < limit and t.head.i != t.i:
            if mode == "clause":
                ok = t.dep_ in mod.CLIMB_DEPS or self._simultaneous(t) or (t.dep_ == "relcl" and t.head.i in self.date_tokens)
            else:
                ok = t.dep_ in ("pobj", "appos", "compound", "nmod") or (t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN")) or (
                    t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN")
                )
            if not ok:
                break
            t = t.head
            d += 1
            dist.setdefault(t.i, d)
            chain.append(t)
        chain_ids = {c.i for c in chain}
        frontier = chain
        while frontier:
            nxt: list[Token] = []
            for u in frontier:
                du = dist[u.i]
                if du >= limit:
                    continue
                for c in u.children:
                    if c.i in dist:
                        continue
                    if for_date and self._anchored_elsewhere(c):
                        continue
                    if c.dep_ in CLAUSE_BOUNDARIES or c.dep_ in ("conj", "nsubj", "nsubjpass", "csubj"):
                        when_clause = c.dep_ == "relcl" and u.i in self.date_tokens
                        if not (mode == "clause" and ((u.i in chain_ids and self._simultaneous(c)) or when_clause)):
                            continue
                    if u.i != start.i and u.i in chain_ids and c.dep_ in ("dobj", "attr"):
                        continue
                    dist[c.i] = du + 1
                    nxt.append(c)
            frontier = nxt
        return dist

    def _anchored_elsewhere(self, c: Token) -> bool:
        """A temporal phrase about another event: "prior to his arrest in May 2010", "after the
        killing of X in 2002". Its date dates that event, not the fact it modifies ("since
        2005", with a date as the object, does; so does the subject's own preceding step:
        "after leaving college in 1979, he went to Pakistan")."""
        if c.lower_ not in TEMPORAL_RELATORS:
            return False
        objs = [g for g in c.children if g.dep_ == "pobj"]
        objs += [g for t in c.children if t.dep_ == "prep" for g in t.children if g.dep_ == "pobj"]
        return bool(objs) and not any(o.i in self.date_tokens for o in objs)

    def pick_date(self, cand: Candidate) -> str | None:
        if cand.date_mode == "none":
            return None
        sent = self.sents[cand.sentence if cand.sentence is not None else self.sent_of[cand.trigger]]
        if not sent.dates:
            return None
        # an event object's own date: "the Marriott Hotel bombing in Islamabad in 2008"
        if cand.object is not None and cand.object.arg.type == "EVENT":
            o = cand.object.arg
            for (a, b, root, value) in sent.dates:
                if o.start <= a < o.end:
                    return value
            own = self._reachable(self.doc[o.root], 2)
            best = min(((own[root], value) for (a, b, root, value) in sent.dates if root in own), default=None)
            if best is not None:
                return best[1]
        limit = self.ex.max_date_distance if cand.date_mode == "clause" else 4
        dist = self._reachable(self.doc[cand.trigger], limit, cand.date_mode, for_date=True)
        best = None
        for (a, b, root, value) in sent.dates:
            d = dist.get(root)
            if d is None:
                # a date inside the trigger's own noun phrase ("the 1998 attacks")
                continue
            key = (d, abs(root - cand.trigger))
            if best is None or key < best[0]:
                best = (key, value)
        return best[1] if best else None

    def pick_place(self, cand: Candidate) -> int | None:
        if cand.place_mode == "none" or cand.predicate in NO_PLACE:
            return None
        used = {cand.subject.arg.cluster}
        if cand.object is not None:
            used.update(cand.object.arg.clusters())
        sent = self.sents[self.sent_of[cand.trigger]]
        if cand.object is not None and cand.object.arg.type == "EVENT":
            o = cand.object.arg
            for k in range(o.start, o.end):
                a = self.arg(k)
                if a is not None and a is not o and a.type == "LOC" and a.kind == "name":
                    pass
            own = self._reachable(self.doc[o.root], 3)
            for i in sorted(own, key=lambda i: own[i]):
                a = self.arg(i)
                if a is not None and a.type == "LOC" and a.kind == "name" and a.cluster not in used and self._place_like(self.doc[a.root]):
                    return a.cluster
        inner = self._place_inside(cand.object.arg, used) if cand.object is not None and cand.object.arg.type == "EVENT" else None
        limit = self.ex.max_place_distance if cand.date_mode != "phrase" else 3
        dist = self._reachable(self.doc[cand.trigger], limit, "phrase" if cand.date_mode == "phrase" else "clause")
        best = None
        for i, d in dist.items():
            a = self.arg(i)
            if a is None or a.type != "LOC" or a.kind != "name" or a.cluster in used:
                continue
            if not (sent.start <= i < sent.end):
                continue
            if not self._place_like(self.doc[i]):
                continue
            key = (d, abs(i - cand.trigger))
            if best is None or key < best[0]:
                best = (key, a.cluster)
        return best[1] if best else inner

    def _place_inside(self, event: Arg, used: set[int]) -> int | None:
        """A place named inside an event's name: "the Iraqi invasion of Kuwait", "attack in Afghanistan"."""
        words = [self.lowers[i] for i in range(event.start, event.end)]
        for k in range(len(words)):
            for (form, cluster) in self.loc_forms.get(words[k], ()):
                if tuple(words[k : k + len(form)]) == form and cluster not in used and k > 0:
                    return cluster
        return None

    def _place_like(self, tok: Token) -> bool:
        """A LOC in a place adjunct: object of in/at/near..., or the possessor/modifier of one ("in Lahore's high court")."""
        a = self.arg(tok.i)
        root = self.doc[a.root] if a is not None else tok
        if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
            return True
        if root.dep_ in ("poss", "compound", "nmod") and root.head.dep_ == "pobj" and root.head.head.lower_ in PLACE_PREPS:
            return True
        if root.dep_ in ("appos", "conj") and root.head.dep_ == "pobj" and root.head.head.lower_ in PLACE_PREPS:
            return True
        return False
