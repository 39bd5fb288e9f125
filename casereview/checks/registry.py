"""Rule registry and runner of the statutory pre-checks.

A rule is a small pure function ``(CaseSnapshot, CheckContext) -> Verdict`` registered
with :func:`rule`. It never raises for missing data: it returns an "insufficient data"
verdict naming the missing field. :func:`run_checks` adds the rule's metadata (title,
legal basis, severity) and turns verdicts into :class:`CheckResult` objects.

Law versions: each rule states the period in which the law version it encodes applies
(``applies_from``/``applies_to``) and which case date decides that (``anchor``, the first
present of the listed snapshot fields). Outside the period the result is "not
applicable" and says why. Rules that cover several versions (e.g. the hearing-request
period: 3 days before 2021-07-15, 5 working days after) choose inside the function.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from casereview.checks.documents import RequiredDocuments
from casereview.checks.snapshot import CaseSnapshot
from casereview.checks.thresholds import ThresholdTables
from casereview.domain.enums import CaseType, Procedure
from casereview.workdays import WorkdayCalendar, format_years

SEVERITIES = ("veto", "major", "minor", "policy")
SEVERITY_LABELS = {"veto": "否决", "major": "重要", "minor": "一般", "policy": "政策性要求（未核实）"}
LAW_2021 = dt.date(2021, 7, 15)  # 行政处罚法 (2021 revision) in force


class CheckOutcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    CheckOutcome.PASS: "通过",
    CheckOutcome.FAIL: "不符合",
    CheckOutcome.NOT_APPLICABLE: "不适用",
    CheckOutcome.INSUFFICIENT_DATA: "数据不足",
}


class Verdict(NamedTuple):
    """What a rule function returns; :func:`run_checks` adds the rule metadata.
    (A NamedTuple rather than a dataclass: created once per rule per case, so it is hot.)"""

    outcome: CheckOutcome
    explanation: str
    uncertain_years: tuple[int, ...] = ()
    uncertain_note: str = ""
    legal_basis: str | None = None  # overrides the rule's basis (e.g. the pre-2021 article)


@dataclass(frozen=True, slots=True)
class CheckResult:
    rule_id: str
    title: str
    outcome: CheckOutcome
    explanation: str
    legal_basis: str
    uncertain: bool
    uncertain_note: str
    severity: str
    policy: bool = False
    item_hints: tuple[str, ...] = ()


RuleFunc = Callable[[CaseSnapshot, "CheckContext"], Verdict]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    legal_basis: str
    func: RuleFunc
    case_types: frozenset[CaseType]
    procedures: frozenset[Procedure] | None = None  # None: every procedure
    applies_from: dt.date | None = None
    applies_to: dt.date | None = None
    anchor: tuple[str, ...] = ("decision",)
    item_hints: tuple[str, ...] = ()
    severity: str = "major"
    policy: bool = False
    description: str = ""

    def period_text(self) -> str:
        start = self.applies_from.isoformat() if self.applies_from else "不限"
        end = self.applies_to.isoformat() if self.applies_to else "现行"
        return f"{start} 至 {end}"


@dataclass(frozen=True)
class CheckSettings:
    # None: every policy rule runs; otherwise only the listed policy rules run.
    enabled_policy_rules: frozenset[str] | None = None
    disabled_rules: frozenset[str] = frozenset()
    # 陈述申辩期限: no statutory period; practice forms give 3 days (configurable).
    statement_period_workdays: int = 3


@dataclass(frozen=True)
class CheckContext:
    calendar: WorkdayCalendar
    thresholds: ThresholdTables
    settings: CheckSettings = field(default_factory=CheckSettings)
    required_documents: RequiredDocuments | None = None  # None: the bundled sets
    # (case_type, procedure) → rules to run; filled lazily by select_rules
    _selection: dict[tuple[CaseType, Procedure], list[Rule]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    # per-snapshot memo shared by the rules of one run (e.g. hearing eligibility); thread-local
    # so one context can serve a UI worker thread and the main thread at the same time
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False, compare=False)

    def memo(self, snapshot: CaseSnapshot) -> dict[str, object]:
        """A scratch dict valid for ``snapshot`` only (reset when another snapshot comes)."""
        local = self._local
        if getattr(local, "snapshot", None) is not snapshot:
            local.snapshot = snapshot
            local.values = {}
        values: dict[str, object] = local.values
        return values

    def document_sets(self) -> RequiredDocuments:
        return self.required_documents or RequiredDocuments.load()

    @classmethod
    def default(cls, calendar_extra: Sequence[Path] = (), threshold_extra: Sequence[Path] = (),
                settings: CheckSettings | None = None) -> CheckContext:
        return cls(
            calendar=WorkdayCalendar.load(calendar_extra),
            thresholds=ThresholdTables.load(threshold_extra),
            settings=settings or CheckSettings(),
            required_documents=RequiredDocuments.load(threshold_extra),
        )


_RULES: dict[str, Rule] = {}


def rule(
    id: str,
    title: str,
    legal_basis: str,
    *,
    case_types: Iterable[CaseType] = (CaseType.PENALTY,),
    procedures: Iterable[Procedure] | None = None,
    applies_from: dt.date | None = None,
    applies_to: dt.date | None = None,
    anchor: Sequence[str] = ("decision",),
    item_hints: Sequence[str] = (),
    severity: str = "major",
    policy: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``id`` (ids are stable: standards reference them)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if id in _RULES:
            raise ValueError(f"duplicate rule id {id!r}")
        _RULES[id] = Rule(
            id=id,
            title=title,
            legal_basis=legal_basis,
            func=func,
            case_types=frozenset(case_types),
            procedures=frozenset(procedures) if procedures is not None else None,
            applies_from=applies_from,
            applies_to=applies_to,
            anchor=tuple(anchor),
            item_hints=tuple(item_hints),
            severity=severity,
            policy=policy,
            description=(func.__doc__ or "").strip(),
        )
        return func

    return register


_LOADED = False


def _ensure_loaded() -> None:
    global _LOADED
    if not _LOADED:
        import casereview.checks.rules  # noqa: F401  (registers every rule module)

        _LOADED = True


def all_rules() -> list[Rule]:
    _ensure_loaded()
    return list(_RULES.values())


def get_rule(rule_id: str) -> Rule:
    _ensure_loaded()
    return _RULES[rule_id]


def _uncertain_note(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    text = format_years(years)
    return f"{text} 年节假日安排未收录于工作日日历，按周一至周五推算，结果待核实（可在“工作日日历”中补充该年份）"


def _period_gate(r: Rule, snapshot: CaseSnapshot) -> CheckResult | None:
    anchor_field = anchor_date = None
    for name in r.anchor:
        value = getattr(snapshot, name)
        if value is not None:
            anchor_field, anchor_date = name, value
            break
    if anchor_date is None:
        return None  # the rule itself will report the missing dates
    if (r.applies_from and anchor_date < r.applies_from) or (r.applies_to and anchor_date > r.applies_to):
        from casereview.checks.snapshot import FIELD_LABELS

        label = FIELD_LABELS.get(anchor_field or "", anchor_field or "")
        return _result(r, Verdict(
            CheckOutcome.NOT_APPLICABLE,
            f"本规则所依据的规定适用期间为 {r.period_text()}，本案{label} {anchor_date.isoformat()} 不在此期间。",
        ))
    return None


def _result(r: Rule, v: Verdict) -> CheckResult:
    note = v.uncertain_note or (_uncertain_note(v.uncertain_years) if v.uncertain_years else "")
    # positional arguments: measurably faster than keywords on this hot path
    return CheckResult(r.id, r.title, v.outcome, v.explanation, v.legal_basis or r.legal_basis, bool(note),
                       note, r.severity, r.policy, r.item_hints)


def select_rules(snapshot: CaseSnapshot, context: CheckContext,
                 rule_ids: Iterable[str] | None = None) -> list[Rule]:
    _ensure_loaded()
    if rule_ids is None:
        key = (snapshot.case_type, snapshot.procedure)
        cached = context._selection.get(key)
        if cached is None:
            cached = context._selection[key] = _select(snapshot, context, None)
        return cached
    return _select(snapshot, context, rule_ids)


def _select(snapshot: CaseSnapshot, context: CheckContext, rule_ids: Iterable[str] | None) -> list[Rule]:
    settings = context.settings
    if rule_ids is not None:
        wanted = list(rule_ids)
        unknown = [r for r in wanted if r not in _RULES]
        if unknown:
            from casereview.errors import NotFoundError

            raise NotFoundError(f"未知的检查规则：{'、'.join(unknown)}", rule_ids=unknown)
        rules = [_RULES[r] for r in wanted]
    else:
        rules = [
            r for r in _RULES.values()
            if r.id not in settings.disabled_rules
            and (not r.policy or settings.enabled_policy_rules is None or r.id in settings.enabled_policy_rules)
        ]
    return [
        r for r in rules
        if snapshot.case_type in r.case_types and (r.procedures is None or snapshot.procedure in r.procedures)
    ]


def run_checks(snapshot: CaseSnapshot, context: CheckContext,
               rule_ids: Iterable[str] | None = None) -> list[CheckResult]:
    """Run the rules that apply to the snapshot's case type and procedure.

    Rules for other case types/procedures are omitted (not reported as not applicable);
    disabled rules and disabled policy rules are omitted unless named in ``rule_ids``.
    A rule that crashes is reported as insufficient data rather than aborting the run.
    """
    results: list[CheckResult] = []
    for r in select_rules(snapshot, context, rule_ids):
        if r.applies_from is not None or r.applies_to is not None:
            gated = _period_gate(r, snapshot)
            if gated is not None:
                results.append(gated)
                continue
        try:
            verdict = r.func(snapshot, context)
        except Exception as exc:
            verdict = Verdict(CheckOutcome.INSUFFICIENT_DATA,
                              f"检查执行出错（{type(exc).__name__}: {exc}），请核对案件数据。")
        results.append(_result(r, verdict))
    return results


def run_checks_traced(snapshot: CaseSnapshot, context: CheckContext) -> list[tuple[CheckResult, frozenset[str]]]:
    """:func:`run_checks` for one case, with the snapshot fields each rule read (so a result
    can say where the values it used came from). Slower than ``run_checks``: one case only."""
    out: list[tuple[CheckResult, frozenset[str]]] = []
    for r in select_rules(snapshot, context):
        traced = _Traced.of(snapshot)
        result = run_checks(traced, context, [r.id])
        out += [(res, frozenset(traced.seen())) for res in result]
    return out


class _Traced(CaseSnapshot):
    """A snapshot that notes which of its fields are read."""

    @classmethod
    def of(cls, snapshot: CaseSnapshot) -> _Traced:
        from dataclasses import fields as _fields

        traced = cls(**{f.name: getattr(snapshot, f.name) for f in _fields(snapshot)})
        object.__setattr__(traced, "_seen", set())
        return traced

    def seen(self) -> set[str]:
        seen: set[str] = object.__getattribute__(self, "_seen")
        return seen

    def __getattribute__(self, name: str) -> object:
        if not name.startswith("_") and name in _SNAPSHOT_FIELDS:
            object.__getattribute__(self, "_seen").add(name)
        return object.__getattribute__(self, name)


_SNAPSHOT_FIELDS = frozenset(CaseSnapshot.__dataclass_fields__)
