"""Where a trigger's arguments are in the parse.

Subjects in active and passive voice (inherited through coordination,
control, participles and relative clauses), objects and prepositional
objects, appositions and pre-modifiers, lists ("including", "such as", a
dash), quantifiers, collective nouns ("al-Qaeda members") and the referents
of role nouns ("X, an LeJ militant", "TTP emir X"). Each argument comes back
as a :class:`pipeline.relate.base.Hit` with how it was reached and a
confidence factor.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Token

from ..anaphora import GROUP_NOUNS
from ..arguments import Arg, fold
from .base import (
    ADDITIVE_NOUNS,
    ANNOUNCING_NOUNS,
    BE_FORMS,
    GOVERNING_NOUNS,
    OBJECT_CONTROL,
    ORG_ONLY,
    PREMODIFIER_TAGS,
    SEPARATORS,
    SUBSET_PRONOUNS,
    WH_WORDS,
    Hit,
    StateFields,
    country_arg,
)


class SlotsMixin(StateFields):
    """Where a trigger's arguments are in the parse."""

    @staticmethod
    def _prep_name(prep: Token) -> str:
        """'of', or 'behalf of' style names for multiword prepositions ("on behalf of", "such as")."""
        low = prep.lower_
        if low == "as" and any(c.lower_ == "such" for c in prep.children):
            return "such as"
        if low == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such":
            return "such as"
        return low

    def arg(self, i: int) -> Arg | None:
        return self.index.at(i)

    def hit(self, a: Arg, factor: float, how: str) -> Hit:
        if a.kind == "anaphor":
            factor *= self.ex.anaphora_factor
            how = f"{how}+anaphor"
        return Hit(a, factor, how)

    def children(self, tok: Token, deps: Iterable[str]) -> list[Token]:
        """Children of ``tok`` with one of ``deps``, in its own segment (a heading is no subject)."""
        ds = set(deps)
        k = self.sent_of[tok.i]
        dep, sent_of, doc = self.deps, self.sent_of, self.doc
        own = [doc[c] for c in self.kids[tok.i] if dep[c] in ds and sent_of[c] == k]
        if own or k - 1 not in self.index.headings:
            return own
        # a heading the parser made the subject (or a loose modifier) of the
        # section's first sentence is that sentence's topic
        if ds & {"nsubj", "nsubjpass"}:
            ds = ds | {"npadvmod", "dep"}
        return [doc[c] for c in self.kids[tok.i] if dep[c] in ds and sent_of[c] == k - 1]

    def preps(self, tok: Token, names: Iterable[str]) -> list[Token]:
        """Objects of the prepositions ``names`` attached to ``tok`` (multiword: "on behalf of")."""
        wanted = set(names)
        out: list[Token] = []
        seg = self.sent_of[tok.i]
        dep, doc, tree = self.deps, self.doc, self.kids
        kids = [c for c in tree[tok.i] if self.sent_of[c] == seg]
        for c in list(kids):
            if dep[c] == "prep":
                kids.extend(g for g in tree[c] if dep[g] == "conj" and self.pos[g] == "ADP")
        for ci in kids:
            if dep[ci] not in ("prep", "agent", "dative", "conj"):
                continue
            c = doc[ci]
            name = self._prep_name(c)
            objs = [doc[g] for g in tree[ci] if dep[g] in ("pobj", "pcomp")]
            # "on behalf of X", "out of X", "in connection to X" (before "in" alone)
            longer = [
                x for o in objs for g in o.children if g.dep_ == "prep" and f"{name} {o.lower_} {g.lower_}" in wanted
                for x in g.children if x.dep_ == "pobj"
            ]
            if longer:
                out.extend(longer)
                continue
            if name in wanted:
                out.extend(self._surface_object(c, objs) if objs else self._stranded_object(c))
                continue
            if name == "out" and any(g.lower_ == "of" for g in c.children) and "out of" in wanted:
                for g in c.children:
                    if g.lower_ == "of":
                        out.extend(x for x in g.children if x.dep_ == "pobj")
        return out

    def _stranded_object(self, prep: Token) -> list[Token]:
        """The object of a preposition the parser left without one, past an interposed
        phrase: "was responsible for, in addition to the September 11 attacks, many other
        attacks" (the first name after it, in its sentence, within a few words)."""
        doc, seg = self.doc, self.sent_of[prep.i]
        for k in range(prep.i + 1, min(len(doc), prep.i + 8)):
            if self.sent_of[k] != seg or (doc[k].pos_ in ("VERB", "AUX") and doc[k].tag_ != "VBG"):
                break
            a = self.arg(k)
            if a is not None and a.kind == "name":
                return [doc[a.root]]
        return []

    def _surface_object(self, prep: Token, objs: list[Token]) -> list[Token]:
        """The object of ``prep``, trusting the words over the parse when a name follows it directly.

        "the killing of X by Jund al-Nasr shocked Quetta" is parsed with
        Quetta as the object of "by"; the name right after the preposition is
        what the text says.
        """
        k = prep.i + 1
        doc = self.doc
        while k < len(doc) and doc[k].tag_ in ("DT", "PRP$", "JJ") and self.arg(k) is None and k - prep.i <= 3:
            k += 1
        a = self.arg(k) if k < len(doc) else None
        if a is None or a.start != k or self.sent_of[k] != self.sent_of[prep.i]:
            return objs
        after = doc[a.end] if a.end < len(doc) else None
        if after is not None and (after.tag_ == "POS" or after.pos_ in ("NOUN", "PROPN") or after.lower_ in self.ex.role_words):
            return objs  # a possessor or pre-modifier: "of the CIA's unit", "as ISKP emir X"
        if any(a.start <= o.i < a.end for o in objs):
            return objs
        if any(self.arg(o.i) is not None for o in objs) or not objs:
            return [doc[a.root]] + [o for o in objs if self.arg(o.i) is None]
        return objs

    def is_passive(self, v: Token) -> bool:
        # "Zia-ul-Haq appointed X" is sometimes parsed with the hyphen as a passive auxiliary
        if any(
            (c.dep_ == "auxpass" and c.lower_ in BE_FORMS) or (c.dep_ == "nsubjpass" and self.arg(c.i) is None)
            or (c.dep_ == "nsubjpass" and not any(g.dep_ == "auxpass" and g.lower_ not in BE_FORMS for g in v.children))
            for c in v.children
        ):
            return True
        if v.tag_ == "VBN" and v.dep_ in ("acl",):
            return True
        if v.tag_ == "VBN" and v.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in v.children):
            return True  # "..., arrested again on 15 May"
        if v.tag_ == "VBN" and v.dep_ == "conj" and not any(c.dep_ in ("nsubj", "dobj") for c in v.children):
            return self.is_passive(v.head) if v.head.i != v.i and v.head.pos_ in ("VERB", "AUX") else False
        if v.tag_ == "VBN" and v.dep_ in ("xcomp", "oprd") and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in v.children):
            return v.head.i != v.i and self.is_passive(v.head)  # "was reported killed", "was found dead"
        return False

    # ---------------------------------------------------------------- expansion

    def coordinated(self, tok: Token) -> list[Token]:
        """``tok`` and its conjuncts (and same-kind appositions continuing a list).

        Places are stricter: "Quetta, Balochistan" and "Lahore, Pakistan" name
        one place and its region, so a place conjunct needs an "and"/"or".
        """
        out = [tok]
        seen = {tok.i}
        stack = [tok]
        seg = self.sent_of[tok.i]
        dep = self.deps
        while stack:
            t = stack.pop()
            a = self.arg(t.i)
            heads = [t.i] if a is None else list(range(a.start, a.end))
            for h in heads:
                for ci in self.kids[h]:
                    if ci in seen or self.sent_of[ci] != seg:
                        continue
                    if a is not None and a.start <= ci < a.end:
                        continue
                    if dep[ci] not in ("conj", "appos"):
                        continue
                    c = self.doc[ci]
                    b = self.arg(c.i)
                    if a is not None and a.type == "LOC" and b is not None and b.type == "LOC":
                        lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
                        if c.dep_ == "appos" or not any(self.doc[k].lower_ in ("and", "or") for k in range(lo, hi)):
                            continue
                    if c.dep_ == "conj" or (c.dep_ == "appos" and a is not None and b is not None and b.type == a.type):
                        seen.add(c.i)
                        out.append(c)
                        stack.append(c)
        return out

    def surface_list(self, a: Arg) -> list[Arg]:
        """Arguments of ``a``'s type listed with it on the surface ("A, B, and C"); needs an "and"/"or"."""
        doc = self.doc
        items = [a]
        saw_conj = False
        # rightwards
        j = a.end
        cur = a
        while j < len(doc):
            k = j
            seps = []
            while k < len(doc) and doc[k].lower_ in (",", "and", "or", "as", "well") and len(seps) < 4:
                seps.append(doc[k].lower_)
                k += 1
            if k < len(doc) and doc[k].text == "(":  # skip "(alias X)"
                depth = 0
                while k < len(doc):
                    if doc[k].text == "(":
                        depth += 1
                    elif doc[k].text == ")":
                        depth -= 1
                        if depth == 0:
                            k += 1
                            break
                    k += 1
                continue_j = k
                if continue_j != j:
                    j = continue_j
                    continue
            if not seps or seps[-1] not in (",", "and", "or"):
                break
            nxt = self.arg(k) if k < len(doc) else None
            if nxt is None or nxt.start != k or nxt.type != cur.type:
                break
            if "and" in seps or "or" in seps:
                saw_conj = True
            items.append(nxt)
            cur = nxt
            j = nxt.end
            if saw_conj:
                break
        if not saw_conj:
            items = [a]
        # leftwards: a is the last of "A, B and a"
        j = a.start - 1
        left: list[Arg] = []
        conj_left = False
        while j >= 0 and not saw_conj:
            seps = []
            k = j
            while k >= 0 and doc[k].lower_ in (",", "and", "or") and len(seps) < 3:
                seps.append(doc[k].lower_)
                k -= 1
            if not seps:
                break
            prev = self.arg(k) if k >= 0 else None
            if prev is None or prev.end != k + 1 or prev.type != a.type:
                break
            if "and" in seps or "or" in seps:
                if conj_left or left:
                    break
                conj_left = True
            elif not conj_left:
                break
            left.insert(0, prev)
            j = prev.start - 1
        if conj_left and left:
            items = left + items
        return items

    def expand(self, tok: Token | None, depth: int = 0, collective: bool = True) -> list[Hit]:
        """The arguments a slot word stands for (see the module docstring, step 5)."""
        if tok is None or depth > 5:
            return []
        hits: list[Hit] = []
        seen: set[int] = set()

        def add(h: Hit) -> None:
            if id(h.arg) in seen:
                return
            seen.add(id(h.arg))
            hits.append(h)

        for t in self.coordinated(tok):
            a = self.arg(t.i)
            if a is not None:
                add(self.hit(a, 1.0, "direct" if t.i == tok.i else "coord"))
                if t.i == tok.i:
                    for b in self.surface_list(a)[0:]:
                        if b is not a:
                            add(self.hit(b, self.ex.surface_factor, "list"))
                continue
            low = t.lower_
            # relative pronoun: "Khurasani, who had reorganized LeJ-A"
            if low in WH_WORDS and t.tag_ in ("WP", "WDT", "WP$"):
                v = t.head
                while v.pos_ not in ("VERB", "AUX") and v.dep_ in ("prep", "pobj", "nsubj", "nsubjpass", "dobj") and v.head.i != v.i:
                    v = v.head
                while v.dep_ == "conj" and v.head.i != v.i:
                    v = v.head
                if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
                    ante = v.head
                    if ante.dep_ == "pobj" and ante.head.lower_ == "of" and ante.head.head.pos_ == "NOUN" and self.arg(ante.i) is None:
                        ante = ante.head.head  # "a Taliban-affiliated group of militants that operates from X"
                    for h in self.expand(ante, depth + 1, collective):
                        add(h)
                    a = self.arg(ante.i)
                    if a is not None and a.type == "LOC" and ante.dep_ == "pobj" and ante.head.dep_ == "prep":
                        # "the Saif Ullah Kurd faction in Balochistan, which targeted Shi'as"
                        for h in self.expand(ante.head.head, depth + 1, collective):
                            if h.arg.type != "LOC":
                                add(Hit(h.arg, h.factor * 0.8, "relative_attachment"))
                continue
            found_any = False
            # "Jund al-Nasr, a network set up by X": the apposition stands for its head
            if t.dep_ == "appos" and self.arg(t.head.i) is not None and depth < 3:
                add(self.hit(self.arg(t.head.i), 0.95, "appos"))
                found_any = True
            # "TTP factions, especially those influenced by LeJ, carried out ...": a subset of its head
            if t.dep_ == "appos" and low in SUBSET_PRONOUNS and t.tag_ == "DT" and depth < 3:
                for h in self.expand(t.head, depth + 1, collective):
                    add(Hit(h.arg, h.factor * 0.9, "subset"))
                    found_any = True
            # "the TTP Darra Adam Khail chapter, one of its deadliest chapters with ..."
            q = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else None
            if q is not None and q.lower_ in self.ex.quantifiers and q.dep_ == "appos" and self.arg(q.head.i) is not None:
                add(self.hit(self.arg(q.head.i), 0.9, "appos"))
                found_any = True
            # appositions: "an influential Deobandi leader, Haq Nawaz Jhangvi"
            for c in t.children:
                if c.dep_ == "appos":
                    for h in self.expand(c, depth + 1, collective):
                        add(Hit(h.arg, h.factor * 0.95, "appos"))
                        found_any = True
            # lists: "leaders such as X", "attacks, including X"; names: "a leader known as X"
            for c in t.children:
                if c.dep_ == "prep" and (c.lower_ in self.ex.list_cues or self._prep_name(c) == "such as"):
                    for o in c.children:
                        if o.dep_ == "pobj":
                            for h in self.expand(o, depth + 1, collective):
                                add(Hit(h.arg, h.factor * 0.95, "list"))
                                found_any = True
                if c.dep_ == "acl" and c.lower_ in self.ex.name_cues:
                    for o in self.preps(c, ["as"]) + self.children(c, ["oprd", "attr", "dobj"]):
                        for h in self.expand(o, depth + 1, collective):
                            add(Hit(h.arg, h.factor * 0.95, "named"))
                            found_any = True
            # quantifiers: "dozens of LeJ's commanders", "one of the leaders"
            if low in self.ex.quantifiers or t.tag_ == "CD" or low in ("dozens", "hundreds", "thousands", "scores", "number", "some", "many", "most"):
                for o in self.preps(t, ["of"]):
                    for h in self.expand(o, depth + 1, collective):
                        add(h)
                        found_any = True
            # "United States Navy SEALs" with only "United States Navy" recognised: the unit stands for the organisation
            if not found_any and t.text[:1].isupper() and t.tag_ in ("NNP", "NNPS", "NNS"):
                for c in self._premodifier_tokens(t):
                    b = self.arg(c.i)
                    if b is not None and b.type == "ORG" and b.end == t.i:
                        add(self.hit(b, 0.85, "unit"))
                        found_any = True
                        break
            # "the founder of Jaish-e-Mohammed (JeM), a group that operates in Kashmir"
            if not found_any and low in GROUP_NOUNS and depth < 3:
                for h in self._surface_appositions(t, ORG_ONLY):
                    add(h)
                    found_any = True
            # a predicate nominal stands for its subject: "he was a HUJI commander who ..."
            if not found_any and t.dep_ in ("attr", "oprd") and t.pos_ == "NOUN" and depth < 3:
                for h in self.clause_subjects(t.head):
                    if low in GROUP_NOUNS and h.arg.type != "ORG":
                        continue  # "Azhar is ... a group that ...": a group describes no person
                    add(Hit(h.arg, h.factor * 0.9, "predicate_nominal"))
                    found_any = True
            if not found_any and t.pos_ == "NOUN" and t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == ",":
                # "the construction company, Saudi Binladin Group": an appositive name the parser missed
                b = self.arg(t.i + 2)
                after = self.doc[b.end] if b is not None and b.end < len(self.doc) else None
                if b is not None and b.start == t.i + 2 and b.kind == "name" and (after is None or after.text in (",", ".", ";", ")", "—", "–")):
                    add(self.hit(b, 0.85, "apposition"))
                    found_any = True
            if not found_any and t.tag_ == "NNS" and t.i == tok.i:
                # "staged several attacks after the killing of X in 2004, including the Marriott bombing":
                # an example list the parser hung on a nearer noun
                for h in self._surface_examples(t, depth):
                    add(h)
                    found_any = True
            if found_any:
                continue
            # collective nouns: "al-Qaeda members", "LeJ's cadres", "the Farooqi group members"
            if collective and low in self.ex.hop_nouns:
                # "the New Jersey home of El Sayyid Nosair", "the operations of al-Qaeda"
                for o in self.preps(t, ["of"]):
                    for h in self.expand(o, depth + 1, collective):
                        add(Hit(h.arg, h.factor * self.ex.collective_factor, "hop"))
                        found_any = True
                if found_any:
                    continue
            if collective and (low in self.ex.collective or low in self.ex.hop_nouns):
                for c in self._premodifier_tokens(t):
                    if self.arg(c.i) is not None:
                        a = self.arg(c.i)
                        # "Sunni government officials" are officials, "the Shi'a community" is the community
                        if a.type == "GROUP" and low not in self.ex.hop_nouns:
                            continue
                        if a.type in ("ORG", "LOC", "GROUP"):
                            # (never a person: "Haqqani commanders" were not Sirajuddin Haqqani)
                            add(self.hit(a, self.ex.collective_factor, "collective"))
                            found_any = True
                if not found_any:
                    for o in self.preps(t, ["of"]):
                        for h in self.expand(o, depth + 1, collective):
                            add(Hit(h.arg, h.factor * self.ex.collective_factor, "collective"))
                            found_any = True
                if not found_any:
                    a = self._left_arg(t, max_gap=3)
                    if a is not None and (a.type in ("ORG", "LOC") or (a.type == "GROUP" and low in self.ex.hop_nouns)):
                        add(self.hit(a, self.ex.collective_factor * 0.95, "collective"))
        return hits

    def _surface_examples(self, t: Token, depth: int) -> list[Hit]:
        """Arguments of a ", including X, Y and Z" list after plural noun ``t`` in the same clause."""
        doc = self.doc
        seg = self.sent_of[t.i]
        for k in range(t.i + 1, min(len(doc), t.i + 16)):
            if self.sent_of[k] != seg:
                return []
            is_cue = self.lowers[k] in ("including", "especially", "notably", "namely")
            if not is_cue and (doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (";", ":")):
                return []
            if is_cue and doc[k - 1].text == ",":
                if doc[k].head.i == t.i or any(c.i == k for c in t.children):
                    return []  # the parser got it right; expand() has it
                objs = [c for c in doc[k].children if c.dep_ == "pobj"]
                first = self.arg(k + 1) if k + 1 < len(doc) else None
                if not objs and first is None:
                    return []
                hits: list[Hit] = []
                for o in objs:
                    hits.extend(Hit(h.arg, h.factor * 0.85, "list") for h in self.expand(o, depth + 1))
                if first is not None and not hits:
                    hits.append(self.hit(first, 0.85, "list"))
                    hits.extend(self.hit(b, 0.8, "list") for b in self.surface_list(first)[1:])
                return hits
        return []

    def _premodifier_tokens(self, t: Token) -> list[Token]:
        """Pre-modifiers of ``t``, nested ("the Hazara Shi'a community": Hazara and Shi'a) and
        coordinated ("Sikh and Hazara communities": both)."""
        out: list[Token] = []
        stack = [t]
        while stack:
            u = stack.pop()
            for c in u.children:
                if c.i >= t.i:
                    continue
                if c.dep_ in ("compound", "nmod", "poss", "amod") or (u is not t and c.dep_ == "conj"):
                    out.append(c)
                    stack.append(c)
        out.sort(key=lambda x: x.i)
        return out

    def _left_arg(self, t: Token, max_gap: int = 3, stop_at_role: bool = True) -> Arg | None:
        """The argument ending just before ``t`` inside its noun phrase ("LeJ's key commanders")."""
        j = t.i - 1
        gap = 0
        while j >= 0 and gap <= max_gap:
            a = self.arg(j)
            if a is not None:
                return a
            tok = self.doc[j]
            if tok.tag_ not in PREMODIFIER_TAGS and tok.text not in ("/", "-"):
                return None
            if tok.tag_ in ("NNP", "NNPS") and tok.ent_type_ == "":
                pass
            if stop_at_role and tok.lower_ in self.ex.role_words and j != t.i - 1:
                return None
            gap += 1
            j -= 1
        return None

    def _left_args(self, t: Token) -> list[Arg]:
        """Pre-modifier arguments of ``t``: "LeJ commander", "SSP/LeJ activists", "TTP's Balochistan chapter"."""
        out: list[Arg] = []
        a = self._left_arg(t)
        if a is None:
            return out
        out.append(a)
        j = a.start - 1
        while j >= 1 and self.doc[j].text in ("/", "and", ",", "&"):
            b = self.arg(j - 1)
            if b is None or b.type != a.type:
                break
            out.append(b)
            j = b.start - 1
        return out

    # ---------------------------------------------------------------- referents of nouns

    def referents(self, noun: Token, types: frozenset[str], depth: int = 0) -> list[Hit]:
        """Who a descriptive noun ("an LeJ militant", "his successor") is about."""
        if depth > 3:
            return []
        hits: list[Hit] = []
        a = self.arg(noun.i)
        if a is not None:
            return [self.hit(a, 1.0, "self")]
        # title before a name: "TTP emir Hakeem Ullah Mehsud"
        if noun.dep_ in ("compound", "nmod", "amod") and self.arg(noun.head.i) is not None:
            b = self.arg(noun.head.i)
            if b.type in types:
                hits.append(self.hit(b, 1.0, "title"))
                if noun.tag_ in ("NNS", "NNPS"):
                    for c in self.surface_list(b)[1:]:
                        hits.append(self.hit(c, self.ex.surface_factor, "title+list"))
        nxt = self.doc[noun.i + 1] if noun.i + 1 < len(self.doc) else None
        if not hits and nxt is not None and self.arg(nxt.i) is not None and self.arg(nxt.i).start == nxt.i:
            b = self.arg(nxt.i)
            if b.type in types and b.kind == "name":
                hits.append(self.hit(b, 0.95, "title"))
                if noun.tag_ in ("NNS", "NNPS"):
                    for c in self.surface_list(b)[1:]:
                        hits.append(self.hit(c, self.ex.surface_factor, "title+list"))
        # appositions and lists hanging on the noun
        for c in noun.children:
            if c.dep_ == "appos" or (c.dep_ == "prep" and (c.lower_ in self.ex.list_cues or self._prep_name(c) == "such as")):
                targets = [c] if c.dep_ == "appos" else [o for o in c.children if o.dep_ == "pobj"]
                for o in targets:
                    hits.extend(h for h in self.expand(o, collective=False) if h.arg.type in types)
            if c.dep_ == "acl" and c.lower_ in self.ex.name_cues:
                for o in self.preps(c, ["as"]) + self.children(c, ["oprd", "attr", "dobj"]):
                    hits.extend(h for h in self.expand(o, collective=False) if h.arg.type in types)
        if noun.dep_ == "appos" and self.arg(noun.head.i) is not None and self.arg(noun.head.i).type in types:
            hits.append(self.hit(self.arg(noun.head.i), 0.95, "appos"))
        # copula: "X is a co-founder of Y", "X served as leader", "was established as an armed wing"
        base = noun
        for _ in range(4):
            while base.dep_ == "conj" and base.head.pos_ in ("NOUN", "PROPN") and base.head.i != base.i:
                base = base.head
            # "a co-founder of LeT and the chief or amir of JuD", parsed with "chief" joined to "LeT";
            # "a Saudi millionaire from Hadhramaut, Yemen and the founder of ...", "founder" joined to "Yemen"
            if base is not noun and base.dep_ == "pobj" and base.head.dep_ == "prep" and base.head.head.pos_ in ("NOUN", "PROPN"):
                base = base.head.head
                continue
            break
        if base is not noun and base.dep_ == "appos" and self.arg(base.head.i) is not None and self.arg(base.head.i).type in types:
            hits.append(self.hit(self.arg(base.head.i), 0.9, "appos"))
        if base.dep_ == "pobj" and base.head.lower_ == "of" and base.head.head.lower_ in self.ex.quantifiers:
            base = base.head.head  # "one of Jhangvi's bodyguards"
        if base.dep_ in ("attr", "oprd", "acomp"):
            v = base.head
            subj = [h for h in self.clause_subjects(v) if h.arg.type in types]
            if not subj:
                # "The four LeJ co-founders—A, B, C and D—were active SSP cadres", parsed with LeJ as the subject
                for s_tok in self.children(v, ["nsubj", "nsubjpass"]):
                    for t in s_tok.subtree:
                        if t.i != noun.i and t.lower_ in self.ex.role_words and self.arg(t.i) is None:
                            subj.extend(h for h in self.referents(t, types, depth + 1) if h.arg.type in types)
            hits.extend(subj)
        elif base.dep_ == "pobj" and base.head.lower_ == "as" and base.head.head.pos_ in ("VERB", "AUX"):
            v = base.head.head
            if v.lower_ not in self.ex.name_cues:
                subj = self.logical_patient(v) if self.is_passive(v) else self.logical_agent(v)
                hits.extend(h for h in subj if h.arg.type in types)
        if noun.dep_ in ("nsubj",) and noun.head.lower_ in self.ex.copulas:
            for at in self.children(noun.head, ["attr"]):
                found = [h for h in self.expand(at) if h.arg.type in types]
                if not found and "LOC" in types:
                    found = [h for h in self.place_hits(at) if h.arg.type in types]
                hits.extend(found)
        # surface appositions the parser missed
        if not hits:
            hits.extend(self._surface_appositions(noun, types))
        return hits

    def _np_bounds(self, noun: Token) -> tuple[int, int]:
        """Token range of ``noun``'s phrase: its pre-modifiers and an "of/in/for X" complement."""
        doc = self.doc
        j = noun.i - 1
        while j >= 0:
            t = doc[j]
            if self.arg(j) is not None:
                j = self.arg(j).start - 1
                continue
            if t.tag_ in PREMODIFIER_TAGS or t.tag_ in ("DT", "PRP$") or t.text in ("/", "-"):
                j -= 1
                continue
            break
        left = j + 1
        k = noun.i + 1
        if k < len(doc) and doc[k].lower_ in ("of", "in", "within", "for", "to"):
            m = k + 1
            while m < len(doc) and m - k <= 6:
                a = self.arg(m)
                if a is not None:
                    m = a.end
                    if m < len(doc) and doc[m].tag_ == "POS":
                        m += 1
                        continue
                    break
                if doc[m].tag_ in PREMODIFIER_TAGS or doc[m].tag_ in ("DT", "PRP$"):
                    m += 1
                    continue
                break
            else:
                m = k
            k = m
        return left, k

    def _surface_appositions(self, noun: Token, types: frozenset[str]) -> list[Hit]:
        doc = self.doc
        left, right = self._np_bounds(noun)
        hits: list[Hit] = []
        # right: "an LeJ cofounder, Malik Ishaq", "co-founders—Riaz Basra, ...", "deputies – including his successor X, Y"
        k = right
        if k < len(doc) and doc[k].text in SEPARATORS and doc[k].text != ";":
            k += 1
            steps = 0
            while k < len(doc) and steps < 4 and self.arg(k) is None and (
                doc[k].lower_ in ("including", "namely", "such", "as", "especially", "notably")
                or doc[k].tag_ in ("DT", "PRP$", "JJ", "CD")
                or doc[k].lower_ in self.ex.role_words
            ):
                k += 1
                steps += 1
            a = self.arg(k) if k < len(doc) else None
            if a is not None and a.start == k and a.type in types and a.kind in ("name", "anaphor"):
                hits.append(self.hit(a, self.ex.surface_factor, "apposition"))
                for b in self._dash_list(a, types):
                    hits.append(self.hit(b, self.ex.surface_factor * 0.95, "apposition+list"))
        if not hits:
            hits.extend(self._misattached_apposition(noun, right, types))
        # left: "Abid Mehsud, an LeJ militant", "Zia ur-Rehman Farooq (Jhangvi's successor)",
        # "Jaish-e-Mohammed (JeM), a group"
        j = left - 1
        if j >= 1 and doc[j].text in (",", "(", "—", "–"):
            k = j - 1
            if doc[k].text == ")" and k >= 2 and doc[k - 2].text == "(":
                k -= 3  # a parenthesised acronym between the name and the comma
            a = self.arg(k) if k >= 0 else None
            if a is not None and a.end == k + 1 and a.type in types and a.kind == "name":
                # not "In Afghanistan, LeJ commanders": the phrase must be closed by a separator or clause end
                after = doc[right] if right < len(doc) else None
                if after is None or after.text in (",", ")", ".", "—", "–", ";", ":") or after.pos_ in ("VERB", "AUX", "ADV") or after.lower_ in WH_WORDS:
                    hits.append(self.hit(a, self.ex.surface_factor, "apposition"))
                    for b in self.surface_list(a)[:-1]:
                        if b is not a:
                            hits.append(self.hit(b, self.ex.surface_factor * 0.95, "apposition+list"))
        return hits

    def _misattached_apposition(self, noun: Token, right: int, types: frozenset[str]) -> list[Hit]:
        """A name in apposition to a description with a long complement: "another LeJ commander
        from Peshawar's outskirts close to the Khyber district, Amanullah Afridi, attempted ...".

        The parser hangs the name on the last noun of the complement. It is
        taken for the description when it is an apposition inside the
        description's own subtree, after a comma, closed by a separator or the
        clause's verb, with no verb in between.
        """
        doc = self.doc
        subtree_end = noun.right_edge.i
        for k in range(right, min(subtree_end, noun.i + 25) + 1):
            t = doc[k]
            if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG"):
                return []
            if t.text != "," or k + 1 > subtree_end:
                continue
            a = self.arg(k + 1)
            if a is None or a.start != k + 1 or a.type not in types or a.kind != "name":
                continue
            if not any(doc[m].dep_ == "appos" and doc[m].head.i != noun.i for m in range(a.start, a.end)):
                continue
            after = doc[a.end] if a.end < len(doc) else None
            if after is None or after.text in (",", ")", ".", "—", "–", ";") or after.pos_ in ("VERB", "AUX"):
                return [self.hit(a, self.ex.surface_factor * 0.95, "apposition")]
            return []
        return []

    def _dash_list(self, first: Arg, types: frozenset[str]) -> list[Arg]:
        """Further items of a list opened after a dash or colon (parentheses and titles skipped)."""
        doc = self.doc
        out: list[Arg] = []
        k = first.end
        saw_and = False
        while k < len(doc) and not saw_and:
            if doc[k].text == "(":
                depth = 0
                while k < len(doc):
                    depth += doc[k].text == "("
                    depth -= doc[k].text == ")"
                    k += 1
                    if depth == 0:
                        break
                continue
            if doc[k].lower_ not in (",", "and", "or"):
                break
            while k < len(doc) and doc[k].lower_ in (",", "and", "or"):
                saw_and = saw_and or doc[k].lower_ in ("and", "or")
                k += 1
            steps = 0
            while k < len(doc) and steps < 3 and self.arg(k) is None and (doc[k].tag_ in ("DT", "PRP$", "JJ") or doc[k].lower_ in self.ex.role_words):
                k += 1
                steps += 1
            a = self.arg(k) if k < len(doc) else None
            if a is None or a.start != k or a.type not in types:
                break
            out.append(a)
            k = a.end
        return out if saw_and else []

    # ---------------------------------------------------------------- clause arguments

    def clause_subjects(self, v: Token, depth: int = 0) -> list[Hit]:
        """Subjects of the clause of ``v`` (active or passive surface subject), inheriting when missing."""
        subs = self.children(v, ["nsubj", "nsubjpass"])
        hits: list[Hit] = []
        for s in subs:
            hits.extend(self.expand(s))
        if not subs and depth < 4:
            if v.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "ccomp") and v.head.i != v.i:
                if v.dep_ in ("relcl", "acl"):
                    hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.expand(v.head))
                else:
                    hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.clause_subjects(v.head, depth + 1))
        return hits

    def logical_agent(self, v: Token, depth: int = 0) -> list[Hit]:
        """Who does ``v``: the active subject, the passive "by" phrase, or an inherited subject."""
        if self.is_passive(v):
            hits = [h for b in self.children(v, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)]
            if not hits:
                # "was shot and killed by X": the agent of the last conjunct
                for c in v.children:
                    if c.dep_ == "conj" and c.tag_ == "VBN":
                        hits = [h for b in self.children(c, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)]
                        if hits:
                            break
            return hits
        subs = self.children(v, ["nsubj"])
        if subs:
            out: list[Hit] = []
            for s in subs:
                out.extend(self.expand(s))
            # "X, along with Y, founded Z"
            for s in subs:
                for p in s.children:
                    if p.lower_ == "along" or (p.lower_ == "with" and p.i > 0 and self.doc[p.i - 1].lower_ == "along"):
                        for o in [g for q in [p, *p.children] for g in q.children if g.dep_ == "pobj"]:
                            out.extend(Hit(h.arg, h.factor * 0.9, "along_with") for h in self.expand(o))
            for p in v.children:
                if p.lower_ == "along" and p.dep_ in ("prep", "advmod"):
                    for q in [p, *p.children]:
                        for o in q.children:
                            if o.dep_ == "pobj":
                                out.extend(Hit(h.arg, h.factor * 0.9, "along_with") for h in self.expand(o))
            return out
        if depth >= 4 or v.head.i == v.i:
            return []
        f = self.ex.inherited_factor
        head = v.head
        if v.dep_ == "conj":
            if self.is_passive(head) and not self.is_passive(v):
                # "He was banished from Saudi Arabia and shifted his base to Sudan"
                return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(head)]
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "xcomp":
            # raising and passive control: "Basra is believed to have assassinated X",
            # "was appointed by Haqqani to serve as ..."
            if self.is_passive(head):
                return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(head)]
            # object control: "urged Hekmatyar to join", else subject control: "attempted to regroup"
            objs = [o for o in self.children(head, ["dobj"]) if o.lower_ not in WH_WORDS]
            if objs and head.lower_ in OBJECT_CONTROL:
                return [Hit(h.arg, h.factor * f, h.how) for o in objs for h in self.expand(o)]
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN", "VB"):
            if v.tag_ == "VBN":
                return []
            return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(head, depth + 1)]
        if v.dep_ == "pcomp":
            # "by establishing links with X", "in addition to attacking Shi'a": the governing clause's subject
            u = head
            for _ in range(8):
                if u.dep_ == "prep" and u.lower_ in self.ex.list_cues and u.head.i != u.i:
                    u = u.head  # "attacks, including (in addition to attacking Shi'a) ...": the list's head
                    continue
                poss = self.children(u, ["poss"]) if u.pos_ in ("NOUN", "PROPN") else []
                if poss:
                    # "his role in masterminding the attacks"
                    return [Hit(h.arg, h.factor * f, h.how) for p in poss for h in self.expand(p)]
                if u.pos_ in ("VERB", "AUX"):
                    # "X was designated for providing support to Y": the gerund's subject is the clause's subject
                    if self.is_passive(u):
                        return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(u)]
                    return [Hit(h.arg, h.factor * f, h.how) for h in self.logical_agent(u, depth + 1)]
                if u.pos_ == "ADJ" and u.dep_ in ("acomp", "oprd") and u.head.pos_ in ("VERB", "AUX"):
                    return [Hit(h.arg, h.factor * f, h.how) for h in self.clause_subjects(u.head)]
                if u.dep_ not in ("prep", "pobj", "pcomp", "dobj") or u.head.i == u.i:
                    break
                u = u.head
            return []
        if v.dep_ in ("relcl",):
            return [Hit(h.arg, h.factor * f, h.how) for h in self.expand(head)]
        if v.dep_ == "acl" and v.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            return [Hit(h.arg, h.factor * f, h.how) for h in self.expand(head)]
        return []

    def logical_patient(self, v: Token, depth: int = 0) -> list[Hit]:
        """What ``v`` is done to: the active object, the passive subject, or the noun a participle modifies."""
        if self.is_passive(v):
            subs = self.children(v, ["nsubjpass", "nsubj"])
            if subs:
                return [h for s in subs for h in self.expand(s)]
            if v.dep_ == "acl" and v.head.i != v.i:
                return self.expand(v.head) or self._partitive_subject(v.head)
            if v.dep_ in ("conj", "advcl", "xcomp", "oprd") and depth < 4:
                # "Choto was targeted and killed", "who had reorganized LeJ-A and was based in X",
                # "He was held until March, arrested again in May", "X was reported killed"
                return [Hit(h.arg, h.factor * self.ex.inherited_factor, h.how) for h in self.clause_subjects(v.head)]
            if v.dep_ == "relcl":
                return self.expand(v.head)
            return []
        objs = self.children(v, ["dobj"])
        if not objs:
            # "arrested and killed dozens of ...": the object of the last conjunct
            for c in v.children:
                if c.dep_ == "conj" and c.pos_ == "VERB" and not self.is_passive(c):
                    objs = self.children(c, ["dobj"])
                    if objs:
                        break
        return [h for o in objs for h in self.expand(o)]

    def _partitive_subject(self, noun: Token) -> list[Hit]:
        """Who an inverted partitive copula names: "Among those released by X was Y", "Among the dead were A and B".

        The participle modifies a pronoun or plural noun inside "among"; the
        people it is about are the other argument of the copula.
        """
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "among" or prep.head.lower_ not in self.ex.copulas:
            return []
        hits: list[Hit] = []
        for t in self.children(prep.head, ["nsubj", "attr"]):
            found = self.expand(t, collective=False)
            if not found and self.arg(t.i) is None:
                found = self.referents(t, frozenset({"PERSON"}), depth=1)
            hits.extend(Hit(h.arg, h.factor * self.ex.inherited_factor, "partitive") for h in found)
        return hits

    def announced_agent(self, v: Token) -> list[Hit]:
        """The agent a colon announces: "... triggered a response by Pakistani security forces: X was arrested".

        Only inside the sentence: the clause of ``v`` must follow a colon (or
        dash) whose left side names who responded, cracked down or operated.
        """
        doc = self.doc
        seg = self.index.segments[self.sent_of[v.i]]
        colon = next((k for k in range(v.i - 1, seg[0] - 1, -1) if doc[k].text in (":", "—", "–", ";")), None)
        if colon is None or doc[colon].text == ";":
            return []
        for k in range(seg[0], colon):
            if self.lowers[k] not in ANNOUNCING_NOUNS or doc[k].pos_ != "NOUN":
                continue
            n = doc[k]
            hits = [h for o in self.preps(n, ["by"]) for h in self.expand(o)]
            hits += [h for c in n.children if c.dep_ in ("poss", "compound", "amod") for h in self.expand(c, collective=False)]
            if not hits and self.arg(k) is not None and self.arg(k).kind == "organ":
                hits = [self.hit(self.arg(k), 1.0, "organ")]
            if not hits and n.dep_ == "dobj":
                hits = self.logical_agent(n.head)
            hits = [Hit(h.arg, h.factor * 0.8, "announced") for h in hits if h.arg.type in ("ORG", "LOC", "PERSON")]
            if hits:
                return hits
        return []

    def instrument(self, v: Token) -> list[Hit]:
        """The killer named by the strike a death happened in ("in a U.S. drone strike", "in a TTP attack")."""
        hits: list[Hit] = []
        for p in v.children:
            if p.dep_ != "prep" or p.lower_ not in ("in", "during", "by", "after"):
                continue
            for o in p.children:
                if o.dep_ != "pobj" or o.lower_ not in self.ex.attack_nouns:
                    continue
                a = self.arg(o.i)
                if a is not None and a.type == "EVENT":
                    # "killed in a joint Afghan and U.S. raid" with "U.S. raid" an event name
                    hits.extend(self._event_owners(a))
                    continue
                if a is not None:
                    hits.append(self.hit(a, 0.9, "instrument"))
                    continue
                for c in o.children:
                    b = self.arg(c.i)
                    if c.dep_ in ("compound", "nmod", "amod", "poss") and b is not None and b.type in ("ORG", "LOC", "PERSON"):
                        hits.append(self.hit(b, 0.9, "instrument"))
                for b in self.preps(o, ["by"]):
                    hits.extend(self.expand(b))
        return hits

    def _event_owners(self, event: Arg) -> list[Hit]:
        """Countries that own a strike named as an event: a place name opening its name ("U.S.
        raid") or a nationality adjective before it ("a joint Afghan and U.S. raid")."""
        doc = self.doc
        owners: dict[int, Hit] = {}
        names = self.ex.organs.name_keys
        for k in range(event.start, doc[event.root].i):
            for width in (3, 2, 1):
                country = names.get(fold(doc[k : min(k + width, event.root)].text))
                cluster = self.index.country_of.get(country) if country is not None else None
                if cluster is not None:
                    owners.setdefault(cluster, Hit(country_arg(event, cluster), 0.85, "instrument"))
                    break
        k = event.start - 1
        while k >= 0 and doc[k].tag_ in ("JJ", "NNP", "CC", ",") and self.arg(k) is None and event.start - k <= 5:
            found = self.ex.organs.adjective_at(self.lowers, k)
            if found is not None and found[0] in self.index.country_of:
                cluster = self.index.country_of[found[0]]
                owners.setdefault(cluster, Hit(country_arg(event, cluster), 0.85, "instrument"))
            k -= 1
        return list(owners.values())

    def governing_agent(self, noun: Token) -> tuple[list[Hit], Token | None]:
        """Agent of an event noun from the clause that governs it, and the governing word."""
        f = self.ex.inherited_factor
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") and not self.is_passive(noun.head):
            v = noun.head
            return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(v)], v
        if noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB":
            v = noun.head
            return [Hit(h.arg, h.factor * f, "governor") for b in self.children(v, ["agent"]) for o in b.children if o.dep_ == "pobj" for h in self.expand(o)], v
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
            prep = noun.head
            gov = prep.head
            # "held responsible for the assassination of X", "his role in the killing"
            if gov.lower_ in GOVERNING_NOUNS:
                if gov.dep_ in ("acomp", "oprd", "attr", "amod") or gov.pos_ == "ADJ":
                    v = gov.head
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.clause_subjects(v)], gov
                poss = self.children(gov, ["poss"])
                if poss:
                    return [h for p in poss for h in self.expand(p)], gov
                if gov.dep_ == "dobj":
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov.head)], gov
            # "admitted guilt for the murder of X", "claimed responsibility for the attack"
            if gov.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ in GOVERNING_NOUNS for c in gov.children):
                return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov)], gov
            # "carried out attacks on X in parallel with attacks on Y", "in addition to attacking Y":
            # the clause's own agent
            if gov.lower_ in ADDITIVE_NOUNS and gov.dep_ == "pobj" and gov.head.lower_ == "in":
                v = gov.head.head
                if v.pos_ == "VERB" and not self.is_passive(v):
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(v)], v
            # "in collaboration with", "through attacks on" under an active verb (or its object)
            if prep.lower_ in ("through", "via", "by", "in", "with"):
                if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ == "dobj" and self.arg(gov.i) is None:
                    gov = gov.head
                if gov.pos_ == "VERB" and not self.is_passive(gov):
                    return [Hit(h.arg, h.factor * f, "governor") for h in self.logical_agent(gov)], gov
        if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
            return self.governing_agent(noun.head)
        return [], None
