"""Shapes of the relation, modality and state-organ lexicons (``corpus/lexicon/*.yml``).

The relation extractor reads three reviewed data files; these models validate
them at load time so a typo in a cue file fails with its file and line
(:func:`pipeline.lexicon.load_entries`) instead of silently never matching.

- ``relation_cues.yml``: trigger words per predicate (:class:`RelationCue`) and
  the small word classes the argument finder walks through
  (:class:`RelationWordClasses`).
- ``modality.yml``: hedge and negation cues (:class:`ModalityCue`).
- ``state_organs.yml``: countries with their names and nationality adjectives
  (:class:`CountryEntry`) and the organ nouns that make "Pakistani police" an
  argument naming the country (:class:`StateOrganLexicon`).

Every form is written lower case, as a whitespace-separated phrase; the
extractor tokenises it with the pipeline's own tokenizer, so "co-founder" and
"second-in-command" match however spaCy splits them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .records import Predicate

Form = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

CueKind = Literal["verb", "event", "role", "presence", "origin", "modifier", "prefix"]
"""How a trigger relates its arguments.

- ``verb``: a clause; arguments are the logical subject (``agent``), the
  logical object (``patient``), a prepositional object (``prep``) or an
  indirect object (``dative``), found in the dependency parse in active and
  passive voice, relative clauses, participles and coordination.
- ``event``: a nominalisation ("the killing of X by Y", "LeJ's attacks on
  Z"); the agent comes from a possessor, a "by" phrase, a pre-modifier or the
  clause that governs the noun ("LeJ was held responsible for the killing").
- ``role``: a noun describing a person (or group) by its relation to an
  anchor ("LeJ commander X", "X, an LeJ militant", "Jhangvi's successor",
  "the armed wing of SSP"); the *holder* is the subject, the *anchor* the
  object (swapped when ``inverse``).
- ``presence``: a noun of presence ("camps", "bases", "strongholds") whose
  owner is based in the place it is in.
- ``origin``: "from" attached to a person ("an LeJ militant from South
  Waziristan") or a hometown noun.
- ``modifier``: a hyphenated pre-modifier ("a London-based newspaper",
  "a Taliban-affiliated group"): the noun's referent is the subject, the
  word before the hyphen the object.
- ``prefix``: a hyphenated prefix ("its anti-Shi'a agenda"): the word after
  the hyphen is the object, the owner of the noun it modifies the subject.
"""

Slot = Literal["agent", "patient", "prep", "dative", "clause", "instrument", "announced"]
"""Where an argument is found (see the header of ``relation_cues.yml``); ``instrument``
is the modifier of an attack noun the trigger happened in ("killed in a U.S. drone
strike"), ``clause`` the subject of the clause governing an event noun, ``announced``
the agent of a response a colon announces ("a response by the police: X was arrested")."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RelationCue(_Entry):
    """One family of trigger words for one predicate and one way of relating arguments."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    predicate: Predicate
    kind: CueKind
    forms: list[Form] = Field(min_length=1)
    subject: Slot = "agent"
    object: list[Slot] = Field(default_factory=lambda: ["patient"])
    preps: list[Form] = Field(default_factory=list)
    """Prepositions that introduce the object (slot ``prep``), the anchor of a
    role, or the place of a presence noun."""
    agent_preps: list[Form] = Field(default_factory=lambda: ["by"])
    """Event nouns: prepositions that introduce the agent ("the killing of X by Y")."""
    with_object: list[Form] = Field(default_factory=list)
    """Verbs: the direct object must be one of these nouns ("provided support to X");
    prefixes: the noun the prefixed word modifies ("anti-Shi'a *agenda*")."""
    requires_governor: list[Form] = Field(default_factory=list)
    """Event nouns: the noun counts only as the object of one of these prepositions ("under his command")."""
    collective: bool = True
    """Verbs: whether "a group of Taliban fighters" may stand for the Taliban as object."""
    title_definite: bool = True
    """Roles: whether a bare title before a name ("TTP emir X") reads as definite."""
    poss: Literal["agent", "patient"] = "agent"
    """Event nouns: the role a possessor fills ("LeJ's attacks" vs "Basra's arrest")."""
    indefinite: Predicate | None = None
    """Roles: the predicate when the role is indefinite or plural ("a senior LeJ leader")."""
    inverse: bool = False
    """Roles: the anchor is the subject and the holder the object ("his predecessor")."""
    non_person_victim: Predicate | None = None
    """Killing cues: the predicate when the victim is a group, place or organisation."""
    polarity: Literal["positive", "negative"] = "positive"
    """Verbs: ``negative`` states the relation only under negation ("refused to hand over
    X", "would not extradite X" shelters X); that negation is part of the cue, so the
    fact is asserted, not negated."""
    requires_object: bool = False
    """Nullable predicates: emit nothing when no object is found (e.g. "death")."""
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """Overrides the frame's base confidence from the config."""

    @field_validator("forms", "preps", "agent_preps", "with_object", "requires_governor")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        for form in v:
            if form != form.lower():
                raise ValueError(f"{form!r}: write cue forms in lower case")
        if len(set(v)) != len(v):
            dup = sorted({f for f in v if v.count(f) > 1})
            raise ValueError(f"repeated forms {dup}")
        return v

    @model_validator(mode="after")
    def _preps_when_needed(self) -> "RelationCue":
        if "prep" in self.object and not self.preps:
            raise ValueError("object slot 'prep' needs the list of prepositions in 'preps'")
        if self.indefinite is not None and self.kind != "role":
            raise ValueError("'indefinite' applies to role nouns only")
        return self


class RelationWordClasses(_Entry):
    """Closed word classes the argument finder walks through (all lower case)."""

    collective_nouns: list[Form]
    """People nouns that stand for their organisation ("LeJ cadres", "al-Qaeda members")."""
    hop_nouns: list[Form]
    """Nouns passed through to their "of"/possessor/modifier ("the operations of X", "shrines of the Barelvi")."""
    place_nouns: list[Form]
    """Generic place nouns passed through to a named place ("areas in Afghanistan", "Peshawar's outskirts")."""
    person_nouns: list[Form]
    """Nouns for a person that may carry "from <place>" as origin ("a militant from X")."""
    attack_nouns: list[Form]
    """Instruments of a killing whose modifier is the killer ("a U.S. drone strike")."""
    copulas: list[Form]
    """Verbs linking a subject to a role noun ("is", "became", "served as")."""
    list_cues: list[Form]
    """Prepositions that introduce examples of a noun ("such as", "including", "like")."""
    name_cues: list[Form]
    """Participles that introduce a name ("known as", "identified as", "named")."""
    indefinite_quantifiers: list[Form]
    """Heads of "one of the leaders" that make a role indefinite."""
    offer_nouns: list[Form]
    """Nouns that refer back to an offer ("the offer", "the invitation")."""
    offer_verbs: list[Form]
    """Verbs that make an offer of a role ("offered X leadership of Y")."""
    accept_verbs: list[Form]
    """Verbs that take up an offer."""
    reject_verbs: list[Form]
    """Verbs that turn an offer down."""
    attempt_words: list[Form]
    """Words that make a killing an attempt ("attempted to assassinate X", "a failed attack")."""
    subordinate_modifiers: list[Form]
    """Modifiers that make a leading role a subordinate one ("the *deputy* emir of LeT" is a member)."""


class ModalityCue(_Entry):
    """A hedge or negation cue word or phrase."""

    cue: Form
    kind: Literal["hedge", "negation", "attribution"]
    """``attribution``: a verb of saying or declaring ("India said that ...", "the UN declared X
    to be ..."), a hedge only for facts inside its complement clause."""
    deps: list[Form] = Field(default_factory=list)
    """Dependency labels the cue word must have (empty: any); "planned" hedges as ``amod`` only."""
    note: str | None = None

    @field_validator("cue")
    @classmethod
    def _lower(cls, v: str) -> str:
        if v != v.lower():
            raise ValueError(f"{v!r}: write cues in lower case")
        return v


class CountryEntry(_Entry):
    """A country an organ phrase can name: its names in text and its nationality adjectives."""

    country: Form
    names: list[Form] = Field(min_length=1)
    adjectives: list[Form] = Field(default_factory=list)


class StateOrganLexicon(_Entry):
    """Organ nouns ("security forces", "police", "drone strike") and the bare forms used alone."""

    organs: list[Form] = Field(min_length=1)
    """Nouns that, after a nationality adjective or a country's possessive, name the country."""
    bare_organs: list[Form] = Field(default_factory=list)
    """Organ nouns that name the document's main country on their own ("the government")."""

    @field_validator("organs", "bare_organs")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        for form in v:
            if form != form.lower():
                raise ValueError(f"{form!r}: write organ nouns in lower case")
        return v
