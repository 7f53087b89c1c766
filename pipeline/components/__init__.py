"""Our spaCy components. Importing this package registers every factory."""

import importlib

for _module in ("pos", "entities", "aliases", "relations"):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as exc:  # a stage not written yet in this checkout
        if exc.name != f"{__name__}.{_module}":
            raise
