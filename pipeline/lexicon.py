"""Load and validate lexicon data files (YAML under ``corpus/lexicon/``).

Lexicons are reviewed data, not code: honorifics, organisations and their
variants, sects and communities, transliteration variants, relation and
hedge cues. Each file is a YAML document; a malformed one fails at load time
with the file and line (error E007), never with a KeyError deep in a
component. The shapes of the entries are pydantic models in
``models/lexicon.py``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Errors, InvalidLexicon

T = TypeVar("T", bound=BaseModel)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@lru_cache(maxsize=64)
def load_yaml(path: str) -> Any:
    """Parse a YAML file; mappings carry ``__line__``. Cached: lexicons are read once per process."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidLexicon(Errors.E007.format(path=path, line=0, detail=f"cannot read: {exc.strerror or exc}")) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InvalidLexicon(Errors.E007.format(path=path, line=line, detail=f"invalid YAML: {getattr(exc, 'problem', exc)}")) from exc


def load_entries(path: str | Path, model: type[T], key: str | None = None) -> list[T]:
    """Validate a YAML list (or ``data[key]`` list) of mappings as ``model`` entries."""
    data = load_yaml(str(path))
    if key is not None:
        data = (data or {}).get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        raise InvalidLexicon(Errors.E007.format(path=path, line=1, detail=f"expected a list{' under ' + repr(key) if key else ''}"))
    entries: list[T] = []
    for item in data:
        if not isinstance(item, dict):
            raise InvalidLexicon(Errors.E007.format(path=path, line=0, detail=f"expected a mapping, got {item!r}"))
        line = item.get("__line__", 0)
        fields = {k: v for k, v in item.items() if k != "__line__"}
        try:
            entries.append(model.model_validate(fields))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise InvalidLexicon(Errors.E007.format(path=path, line=line, detail=f"{loc}: {first['msg']}")) from exc
    return entries


def strip_lines(data: Any) -> Any:
    """The parsed YAML without the ``__line__`` bookkeeping keys."""
    if isinstance(data, dict):
        return {k: strip_lines(v) for k, v in data.items() if k != "__line__"}
    if isinstance(data, list):
        return [strip_lines(v) for v in data]
    return data
