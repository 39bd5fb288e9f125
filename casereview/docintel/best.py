"""The best-supported value of each case fact the documents can state, and where it came from.

Order of trust: a value a reviewer confirmed (or corrected) on its page, then the value read
from the documents with the highest recognition confidence, then the registry. The statutory
checks run on these values and name the source of each value they used, so a reviewer sees
"决定日期 2024-02-08（取自行政处罚决定书第 2 页，识别置信度 0.97）" instead of guessing which
of two disagreeing dates a deadline was counted from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casereview.docintel.content_checks import registry_text
from casereview.docintel.facts import ACCEPTABLE, FIELD_LABELS, DocFact

CONFIRMED = "confirmed"
DOCUMENT = "document"
REGISTRY = "registry"


@dataclass(frozen=True)
class Confirmation:
    """A reviewer's confirmation (or correction) of one fact, with the page it is on."""

    field: str
    value: str
    read_value: str | None
    document_id: int | None
    page: int | None
    where: str  # "行政处罚决定书第 2 页" ("" when the document is gone)
    actor: str | None

    @property
    def corrected(self) -> bool:
        return self.read_value is not None and self.read_value != self.value


@dataclass(frozen=True)
class Chosen:
    field: str
    value: str  # canonical text (ISO date, plain number)
    source: str  # confirmed | document | registry
    where: str  # page of the document ("" for the registry)
    confidence: float | None  # recognition confidence of a document value
    registry: str | None  # the registry's value, for saying that it differs

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def describe(self) -> str:
        """“决定日期 2024-02-08（取自行政处罚决定书第 2 页，已确认；登记为 2024-02-06）”."""
        if self.source == REGISTRY:
            return f"{self.label} {self.value}（取自登记信息）"
        origin = f"取自{self.where}" if self.where else "取自案卷文书"
        how = "经评查人员确认" if self.source == CONFIRMED else (
            f"识别置信度 {self.confidence:.2f}" if self.confidence is not None else "文书识别")
        differs = f"；登记为 {self.registry}" if self.registry and self.registry != self.value else ""
        return f"{self.label} {self.value}（{origin}，{how}{differs}）"


def best_values(registry: Mapping[str, Any], facts: Sequence[DocFact],
                confirmed: Iterable[Confirmation]) -> dict[str, Chosen]:
    """Per field (of those a document can state), the value to check with."""
    out: dict[str, Chosen] = {}
    read: dict[str, DocFact] = {}
    for f in facts:
        if f.field in ACCEPTABLE and f.value and (f.field not in read or f.confidence > read[f.field].confidence):
            read[f.field] = f
    mine = {c.field: c for c in confirmed if c.field in ACCEPTABLE}
    for field in FIELD_LABELS:
        if field not in ACCEPTABLE:
            continue
        reg = registry_text(field, registry.get(field))
        confirmation, fact = mine.get(field), read.get(field)
        if confirmation is not None:
            out[field] = Chosen(field, confirmation.value, CONFIRMED, confirmation.where, None, reg)
        elif fact is not None:
            out[field] = Chosen(field, fact.value, DOCUMENT, fact.where, fact.confidence, reg)
        elif reg is not None:
            out[field] = Chosen(field, reg, REGISTRY, "", None, reg)
    return out
