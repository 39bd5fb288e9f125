"""The answers file scored by ``casereview score --standard FILE_OR_ID --answers ANSWERS.json``.

Format (see docs/standard-format.md)::

    {"standard": "gd-transport-penalty-general",          # optional: id the answers were written for
     "answers": {"B01": "pass",                            # pass / deduct / na / veto
                 "B02": {"answer": "deduct", "deduction": 2},
                 "B03": {"answer": "扣分", "occurrences": 3},   # Chinese labels work too
                 "V02": "否决", "B10": "不适用"}}

Also: ``score_result_to_json`` (machine-readable result for ``--json``) and
``format_score_text`` (the Chinese text the CLI prints).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casereview.domain.enums import Answer
from casereview.errors import NotFoundError, ValidationError
from casereview.scoring.engine import ItemAnswer, ScoreResult, allowed_deduction, score
from casereview.standards.model import StandardDef, fmt_points

ANSWER_CHOICES = "、".join(f"{a.value}（{a.label}）" for a in Answer)
_ENTRY_KEYS = {"answer", "deduction", "occurrences", "note"}


@dataclass(frozen=True)
class AnswersFile:
    standard_id: str | None
    answers: dict[str, ItemAnswer]
    notes: dict[str, str]
    source: str


def _fail(source: str, text: str, item_code: str | None = None) -> ValidationError:
    return ValidationError(f"答案文件 {source}：{text}", code="answers_invalid", file=source, item_code=item_code)


def _parse_answer_word(value: Any, source: str, code: str) -> Answer:
    if isinstance(value, str):
        word = value.strip()
        found = Answer.from_label(word.lower()) or Answer.from_label(word)
        if isinstance(found, Answer):
            return found
    raise _fail(source, f"评查项 {code} 的答案“{value}”无效，可选：{ANSWER_CHOICES}", code)


def _number(value: Any, source: str, code: str, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(source, f"评查项 {code} 的{label}“{value}”不是数字", code)
    return float(value)


def parse_answers(data: Any, source: str) -> AnswersFile:
    if not isinstance(data, Mapping):
        raise _fail(source, "内容应为 JSON 对象，形如 {\"standard\": \"...\", \"answers\": {...}}")
    unknown = set(data) - {"standard", "answers"}
    if unknown:
        raise _fail(source, f"有不认识的字段：{'、'.join(sorted(map(str, unknown)))}（只允许 standard 和 answers）")
    standard_id = data.get("standard")
    if standard_id is not None and not isinstance(standard_id, str):
        raise _fail(source, "standard 应为标准编号文本")
    raw = data.get("answers")
    if not isinstance(raw, Mapping):
        raise _fail(source, "缺少 answers 对象（评查项编码 → 答案）")
    answers: dict[str, ItemAnswer] = {}
    notes: dict[str, str] = {}
    for code_raw, entry in raw.items():
        code = unicodedata.normalize("NFKC", str(code_raw)).strip()
        if isinstance(entry, str):
            answers[code] = ItemAnswer(code, _parse_answer_word(entry, source, code))
            continue
        if not isinstance(entry, Mapping):
            raise _fail(source, f"评查项 {code} 的答案应为文本（如 \"pass\"）或对象（如 {{\"answer\": \"deduct\"}}）", code)
        extra = set(entry) - _ENTRY_KEYS
        if extra:
            raise _fail(
                source,
                f"评查项 {code} 有不认识的字段：{'、'.join(sorted(map(str, extra)))}"
                "（可用 answer、deduction、occurrences、note）",
                code,
            )
        if "answer" not in entry:
            raise _fail(source, f"评查项 {code} 缺少 answer", code)
        answer = _parse_answer_word(entry["answer"], source, code)
        deduction = entry.get("deduction")
        occurrences = entry.get("occurrences")
        ded = None if deduction is None else _number(deduction, source, code, "扣分值")
        occ: int | None = None
        if occurrences is not None:
            if isinstance(occurrences, bool) or not isinstance(occurrences, int) or occurrences < 1:
                raise _fail(source, f"评查项 {code} 的次数“{occurrences}”应为不小于 1 的整数", code)
            occ = occurrences
        answers[code] = ItemAnswer(code, answer, ded, occ)
        note = entry.get("note")
        if note is not None:
            notes[code] = str(note)
    return AnswersFile(standard_id, answers, notes, source)


def load_answers_file(path: str | Path) -> AnswersFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFoundError(f"找不到答案文件 {path}", code="answers_file_missing", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path.name, f"无法读取（{exc}）") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path.name, f"JSON 格式错误，第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}") from None
    return parse_answers(data, path.name)


def score_answers(standard: StandardDef, answers_file: AnswersFile) -> ScoreResult:
    """Score an answers file, first checking it was written for this standard."""
    if answers_file.standard_id and answers_file.standard_id != standard.id:
        raise _fail(
            answers_file.source,
            f"答案是按标准“{answers_file.standard_id}”填写的，不能用标准“{standard.id}”评分",
        )
    try:
        return score(standard, answers_file.answers)
    except ValidationError as exc:
        raise ValidationError(
            f"答案文件 {answers_file.source}：{exc.message}", code=exc.code, file=answers_file.source, **exc.params
        ) from None


def score_result_to_json(result: ScoreResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "max_total": result.max_total,
        "deducted": result.deducted,
        "total_before_veto": result.total_before_veto,
        "grade": result.grade,
        "grade_before_veto": result.grade_before_veto,
        "complete": result.complete,
        "answered_count": result.answered_count,
        "item_count": result.item_count,
        "unanswered": list(result.unanswered),
        "not_applicable": list(result.not_applicable),
        "item_deductions": dict(result.item_deductions),
        "veto_hits": [
            {"item_code": h.item_code, "effect": h.effect.value, "effect_label": h.effect.label, "text": h.text}
            for h in result.veto_hits
        ],
        "category_scores": [
            {
                "code": c.code,
                "name": c.name,
                "max_points": c.max_points,
                "deducted": c.deducted,
                "score": c.score,
                "veto_tier": c.veto_tier,
            }
            for c in result.category_scores
        ],
        "explanation": list(result.explanation),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_score_text(std: StandardDef, result: ScoreResult) -> str:
    lines = [
        f"标准：{std.name}（{std.id}，版本 {std.version}）",
        f"得分：{fmt_points(result.total)} / {fmt_points(result.max_total)}    等次：{result.grade}",
    ]
    if result.grade != result.grade_before_veto or result.total != result.total_before_veto:
        lines.append(f"否决前：{fmt_points(result.total_before_veto)} 分，等次 {result.grade_before_veto}")
    lines.append(
        f"已评 {result.answered_count} / {result.item_count} 项"
        + ("" if result.complete else f"（未评 {len(result.unanswered)} 项，按不扣分计）")
    )
    lines.append("")
    rows = [("类别", "应得", "扣分", "得分")]
    for cat in result.category_scores:
        if cat.veto_tier:
            continue
        rows.append(
            (f"{cat.code} {cat.name}", fmt_points(cat.max_points), fmt_points(cat.deducted), fmt_points(cat.score))
        )
    first = max(_width(r[0]) for r in rows) + 2
    for r in rows:
        lines.append(_pad(r[0], first) + "".join(_pad(v, 8) for v in r[1:]).rstrip())
    if result.item_deductions:
        lines.append("")
        lines.append("扣分明细：")
        for code, value in result.item_deductions.items():
            item = std.item(code)
            text = item.text if item else ""
            rule = f"（{allowed_deduction(item)}）" if item else ""
            lines.append(f"  {_pad(code, 6)} -{_pad(fmt_points(value), 5)} {text}{rule}")
    if result.veto_hits:
        lines.append("")
        lines.append("否决项：")
        for hit in result.veto_hits:
            lines.append(f"  {_pad(hit.item_code, 6)} {hit.effect.label}：{hit.text}")
    lines.append("")
    lines.append("说明：")
    lines.extend(f"  {line}" for line in result.explanation)
    return "\n".join(lines)
