"""Required-document sets (resources/thresholds/required_documents.yaml).

Each set says which documents a file must contain for a case type / procedure when
all of its triggers hold. The data is editable; trigger names are fixed here because
each maps to a predicate over the case snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casereview.checks.snapshot import PAYMENT_ON_THE_SPOT, SERVICE_ON_THE_SPOT, CaseSnapshot
from casereview.domain.enums import CaseType, Procedure
from casereview.errors import ValidationError
from casereview.paths import resources_dir
from casereview.safe_yaml import load_yaml

REQUIRED_DOCUMENTS_FILE = "required_documents.yaml"

TRIGGERS: dict[str, tuple[str, Callable[[CaseSnapshot], bool]]] = {
    "always": ("", lambda s: True),
    "notice_not_waived": ("当事人未明确放弃陈述申辩", lambda s: not s.notice_waived),
    "decision_made": ("已作出决定", lambda s: s.decision is not None),
    "fine_imposed": ("处以罚款", lambda s: s.fine_imposed),
    "paid": ("已缴纳罚款", lambda s: s.paid is not None),
    "on_the_spot_payment": ("当场收缴罚款", lambda s: s.payment_method == PAYMENT_ON_THE_SPOT),
    "coercive_measure": ("采取了行政强制措施",
                         lambda s: s.coercive_measure or s.seizure_start is not None
                         or s.case_type is CaseType.COERCION),
    "seizure_extended": ("延长了查封扣押期限",
                         lambda s: s.seizure_extension_days > 0 or s.seizure_extended_to is not None),
    "preservation": ("采取了先行登记保存", lambda s: s.preservation or s.preservation_start is not None),
    "hearing_requested": ("当事人申请听证", lambda s: s.hearing_requested is not None),
    "hearing_held": ("举行了听证", lambda s: s.hearing_held is not None),
    "legal_review_required": ("应当法制审核（含经过听证）",
                              lambda s: s.legal_review_required or s.hearing_held is not None),
    "collective_discussion_required": ("应当集体讨论", lambda s: s.collective_discussion_required),
    "supplement_notice": ("要求补正材料", lambda s: s.supplement_notice is not None),
    "licence_granted": ("准予许可", lambda s: s.licence_granted is True),
    "served_later": ("决定书非当场交付", lambda s: s.service_method != SERVICE_ON_THE_SPOT),
}


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    name: str
    aliases: tuple[str, ...]
    basis: str
    all_names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "all_names", frozenset((self.name, *self.aliases)))

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def present_in(self, document_types: frozenset[str]) -> bool:
        return not self.all_names.isdisjoint(document_types)


@dataclass(frozen=True, slots=True)
class DocumentSet:
    id: str
    case_types: frozenset[CaseType]
    procedures: frozenset[Procedure] | None
    when: tuple[str, ...]
    documents: tuple[RequiredDocument, ...]

    def applies(self, s: CaseSnapshot) -> bool:
        if s.case_type not in self.case_types:
            return False
        if self.procedures is not None and s.procedure not in self.procedures:
            return False
        return all(TRIGGERS[t][1](s) for t in self.when)

    def trigger_text(self) -> str:
        texts = [TRIGGERS[t][0] for t in self.when if TRIGGERS[t][0]]
        return "、".join(texts)


@dataclass(frozen=True)
class RequiredDocuments:
    sets: tuple[DocumentSet, ...]
    _by_kind: dict[tuple[CaseType, Procedure], tuple[DocumentSet, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> RequiredDocuments:
        files = [resources_dir() / "thresholds" / REQUIRED_DOCUMENTS_FILE, *(Path(p) for p in extra_paths)]
        key = tuple((str(p), p.stat().st_mtime if p.exists() else -1.0) for p in files)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        sets: dict[str, DocumentSet] = {}
        for path in files:
            if path.exists():
                for doc_set in parse_required_documents(path):
                    sets[doc_set.id] = doc_set  # an extra file may redefine a set by id
        loaded = cls(tuple(sets.values()))
        _CACHE.clear()
        _CACHE[key] = loaded
        return loaded

    def required_for(self, s: CaseSnapshot) -> list[tuple[DocumentSet, RequiredDocument]]:
        key = (s.case_type, s.procedure)
        candidates = self._by_kind.get(key)
        if candidates is None:
            candidates = self._by_kind[key] = tuple(
                d for d in self.sets
                if s.case_type in d.case_types and (d.procedures is None or s.procedure in d.procedures))
        out: list[tuple[DocumentSet, RequiredDocument]] = []
        seen: set[str] = set()
        for doc_set in candidates:
            if all(TRIGGERS[t][1](s) for t in doc_set.when):
                for doc in doc_set.documents:
                    if doc.name not in seen:
                        seen.add(doc.name)
                        out.append((doc_set, doc))
        return out


_CACHE: dict[tuple[tuple[str, float], ...], RequiredDocuments] = {}


def parse_required_documents(path: Path) -> list[DocumentSet]:
    def bad(what: str, **params: object) -> ValidationError:
        return ValidationError(f"应有文书配置 {path.name}：{what}", code="required_documents_file",
                               file=str(path), **params)

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # PyYAML raises it for impossible dates such as 2024-13-01
        raise bad(f"含无效日期（{exc}）") from exc
    except (OSError, yaml.YAMLError) as exc:
        raise bad(f"无法读取（{exc}）") from exc
    if not isinstance(data, dict) or data.get("kind") != "required_documents":
        return []
    raw_sets = data.get("sets")
    if not isinstance(raw_sets, list):
        raise bad("sets 应为列表")
    out: list[DocumentSet] = []
    for index, item in enumerate(raw_sets, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            raise bad(f"第 {index} 组缺少 id", entry=index)
        set_id = str(item["id"])
        try:
            case_types = frozenset(CaseType(c) for c in item.get("case_types") or ())
            procs = item.get("procedures")
            procedures = frozenset(Procedure(p) for p in procs) if procs else None
        except ValueError as exc:
            raise bad(f"组 {set_id} 的案件类型或程序无效（{exc}）", entry=index) from None
        when = tuple(str(t) for t in item.get("when") or ("always",))
        unknown = [t for t in when if t not in TRIGGERS]
        if unknown:
            raise bad(f"组 {set_id} 的触发条件无效：{'、'.join(unknown)}；可用：{'、'.join(TRIGGERS)}", entry=index)
        docs = []
        for doc in item.get("documents") or ():
            if not isinstance(doc, dict) or not doc.get("name"):
                raise bad(f"组 {set_id} 中有文书缺少 name", entry=index)
            docs.append(RequiredDocument(str(doc["name"]), tuple(str(a) for a in doc.get("aliases") or ()),
                                         str(doc.get("basis") or "")))
        out.append(DocumentSet(set_id, case_types, procedures, when, tuple(docs)))
    return out
