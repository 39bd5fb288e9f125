"""Training (培训): the common-error library, curated entries, handouts and practice reviews.

Everything that leaves this service for a wider audience is anonymised with one
``Anonymizer`` per output (casereview.anonymize), so one party is 当事人A throughout a
handout. Real statistics never include practice reviews: the library reads only
deficiencies (which practice reviews never create) of non-practice reviews.

Modules: ``library`` (the error library and handouts), ``practice`` (practice reviews),
``base`` (what both share), ``types`` (DTOs), ``service`` (the two composed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.services.lazy_exports import lazy_getattr

# Loaded on first use: the DTOs stay cheap to import.
_SOURCES = {
    "TrainingService": "casereview.services.training.service",
    "ocr_lines_of": "casereview.services.training.base",
    **{
        name: "casereview.services.training.types"
        for name in (
            "DEFAULT_SET",
            "Example",
            "Handout",
            "HandoutEntry",
            "PracticeCaseInfo",
            "TraineeInfo",
            "TrainingEntryInfo",
            "training_options",
        )
    },
}
__getattr__ = lazy_getattr(globals(), _SOURCES)
# Kept in step with _SOURCES (tests/quality/test_lazy_exports.py checks every name resolves).
__all__ = [
    "DEFAULT_SET",
    "Example",
    "Handout",
    "HandoutEntry",
    "PracticeCaseInfo",
    "TraineeInfo",
    "TrainingEntryInfo",
    "TrainingService",
    "ocr_lines_of",
    "training_options",
]

if TYPE_CHECKING:
    from casereview.services.training.base import ocr_lines_of
    from casereview.services.training.service import TrainingService
    from casereview.services.training.types import (
        DEFAULT_SET,
        Example,
        Handout,
        HandoutEntry,
        PracticeCaseInfo,
        TraineeInfo,
        TrainingEntryInfo,
        training_options,
    )
