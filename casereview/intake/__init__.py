"""Loading case files: the registry exported from an enforcement platform and the
scanned documents of each case. Nothing in this package touches the database: the
import services stream its results into one transaction.

Modules:
    values     pure parsers: dates, amounts, identifiers, case type, procedure
    readers    .xlsx/.xls/.csv (and HTML-as-.xls) as row streams; header detection
    mapping    case fields, header variants, proposed mappings, saved profiles
    registry   row validation (typed records or Chinese per-cell reasons), rejects
               workbook, text report, ``open_registry`` (file + profile → table, mapping)
    store      content-addressed document store (sha256) and its verification
    scan       folder scan: case matching, bad-file checks, page counts, first-page text
    classify   document type guess, page ranges inside one scanned PDF
    doc_types  the document type list (data)
    synthetic  generated registries for benchmarks and tests; bench: timing script
"""
