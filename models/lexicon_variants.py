"""Shape of ``corpus/lexicon/variants.yml``: the name-token lexicon of the alias resolver.

The file is reviewed data, not code. It says which spellings of one name
token are the same token (Yousaf/Yousuf/Yusuf), and holds the few small word
lists the token-level name logic needs (linking particles of Urdu and
Persian compounds, place heads, demonym endings). Transliteration variants
belong here rather than in ever-looser fuzzy thresholds.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

Token = Annotated[StrictStr, Field(min_length=1, pattern=r"^[^\s]+$")]


class VariantGroup(BaseModel):
    """Spellings of one name token; the first is the canonical spelling."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    forms: Annotated[list[Token], Field(min_length=2)]
    note: StrictStr | None = None

    @field_validator("forms")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        folded = [f.casefold() for f in v]
        if len(set(folded)) != len(folded):
            raise ValueError(f"a spelling repeats within the group: {v}")
        return v


class VariantsLexicon(BaseModel):
    """The whole file: variant groups plus the word lists of the name logic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variants: list[VariantGroup] = Field(default_factory=list)
    joined_suffixes: list[Token] = Field(
        default_factory=list,
        description="tokens written apart or joined to the previous one (Hakeem Ullah = Hakeemullah)",
    )
    linking_particles: list[Token] = Field(
        default_factory=list,
        description="izafat/genitive particles: 'Lashkar' is the head of 'Lashkar-e-Taiba'",
    )
    place_heads: list[Token] = Field(
        default_factory=list,
        description="generic place words a place name may carry or drop (Kandahar Province = Kandahar)",
    )
    demonym_endings: list[Token] = Field(
        default_factory=list,
        description="endings of a nationality adjective that may qualify a place (Indian Kashmir = Kashmir)",
    )
    nasab_particles: list[Token] = Field(
        default_factory=list,
        description="'son of' particles: the words after one name an ancestor, not the man",
    )
    place_qualifiers: list[Token] = Field(
        default_factory=list,
        description="words that make a different place (South Waziristan is not Waziristan)",
    )
