"""Our spaCy components. Importing this package registers every factory.

The same factories are also declared as ``spacy_factories`` entry points in
``pyproject.toml``, so ``spacy.load`` of a saved pipeline finds them without
this import.
"""

from . import aliases, entities, pos, relations  # noqa: F401  (registration side effect)
