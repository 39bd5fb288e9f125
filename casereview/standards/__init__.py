"""Scoring standards as data: schema (model), loading/validation and hashing (loader),
Excel round trip (excel), answers files for `casereview score` (answers_file)."""

from __future__ import annotations

from casereview.standards.loader import (
    canonical_json,
    content_hash,
    dump_yaml,
    load_shipped_standards,
    load_standard_file,
    parse_standard,
    resolve_standard,
    shipped_standard,
    shipped_standard_paths,
    standard_from_json,
)
from casereview.standards.model import Category, DeductionRule, GradeBand, Item, StandardDef

__all__ = [
    "Category",
    "DeductionRule",
    "GradeBand",
    "Item",
    "StandardDef",
    "canonical_json",
    "content_hash",
    "dump_yaml",
    "load_shipped_standards",
    "load_standard_file",
    "parse_standard",
    "resolve_standard",
    "shipped_standard",
    "shipped_standard_paths",
    "standard_from_json",
]
