"""The relation stage's grammar, one concern per module (see :mod:`pipeline.relate.base`)."""
