"""Where the project's own files are, and how a configured path is read."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def resolve_path(value: str | Path) -> Path:
    """A config path: absolute as given, relative ones against the project root."""
    p = Path(value)
    return p if p.is_absolute() else PROJECT_ROOT / p
