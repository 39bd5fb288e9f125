"""Presence of the documents required for the procedure and its triggers."""

from __future__ import annotations

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import fail, insufficient, na, ok
from casereview.checks.snapshot import CaseSnapshot
from casereview.domain.enums import CaseType


@rule("docs.required_documents", "案卷包含程序及触发情形所要求的文书",
      "《中华人民共和国行政处罚法》《中华人民共和国行政强制法》《中华人民共和国行政许可法》相关条款及"
      "交通运输行政执法文书式样（各文书依据见说明）",
      case_types=(CaseType.PENALTY, CaseType.LICENSING, CaseType.COERCION), anchor=(),
      item_hints=("案卷材料", "文书齐全"), severity="major")
def required_documents(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Every document of every applicable set in required_documents.yaml is present (by name
    or one of its aliases)."""
    if not s.document_types:
        return insufficient("缺少数据：未录入案卷文书目录，无法核对应有文书。")
    required = ctx.document_sets().required_for(s)
    if not required:
        return na("本案类型、程序下未配置应有文书。")
    missing_docs = []
    for doc_set, doc in required:
        if not doc.present_in(s.document_types):
            trigger = doc_set.trigger_text()
            why = f"；触发情形：{trigger}" if trigger else ""
            others = [a for a in doc.aliases if a not in doc.name]
            alt = f"（或{'/'.join(others)}）" if others else ""
            missing_docs.append(f"{doc.name}{alt}（{doc.basis}{why}）")
    if missing_docs:
        return fail(f"应有文书 {len(required)} 种，缺少 {len(missing_docs)} 种：" + "；".join(missing_docs) + "。")
    return ok(f"应有文书 {len(required)} 种均已在案卷中：" + "、".join(doc.name for _, doc in required) + "。")
