"""Data shapes of the assertion contract (shared/ANNOTATION.md). Imports nothing from ``pipeline``."""

from .jsonl import Problem, dumps_records, iter_jsonl_files, read_records, write_records
from .records import (
    SIGNATURES,
    AliasMethod,
    Document,
    Entity,
    EntityType,
    Modality,
    Predicate,
    Relation,
    Signature,
    check_edtf,
    parse_record,
    record_json_schema,
    record_to_json,
)
from .validate import check_document, validate_file

__all__ = [
    "SIGNATURES", "AliasMethod", "Document", "Entity", "EntityType", "Modality", "Predicate",
    "Problem", "Relation", "Signature", "check_document", "check_edtf", "dumps_records",
    "iter_jsonl_files", "parse_record", "read_records", "record_json_schema", "record_to_json",
    "validate_file", "write_records",
]
