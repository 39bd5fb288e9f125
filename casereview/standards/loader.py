"""Reading, validating and serialising scoring standards.

Files may be YAML (.yaml/.yml), TOML (.toml), the canonical JSON the database stores (.json)
or an Excel workbook written by ``export_standard_xlsx`` (.xlsx). Every failure becomes a
casereview.errors.ValidationError whose message names the file and, where it can, the item or
category code, in Chinese.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pydantic
import yaml

from casereview.domain.enums import CaseType, DeductionMode, LabelledEnum, NAPolicy, Procedure, VetoEffect
from casereview.errors import NotFoundError, ValidationError
from casereview.paths import resources_dir
from casereview.safe_yaml import load_yaml
from casereview.standards.model import PROBLEM_CATEGORIES, StandardDef, fmt_points

FIELD_LABELS: dict[str, str] = {
    "id": "标准编号",
    "name": "名称",
    "issuer": "发布机关",
    "province": "省份",
    "domain": "领域",
    "case_type": "案件类型",
    "procedure": "程序",
    "version": "版本",
    "effective_from": "生效日期",
    "effective_to": "失效日期",
    "source_note": "来源说明",
    "template_note": "模板说明",
    "total_points": "总分",
    "floor_at_zero": "扣完为止",
    "na_policy": "不适用项处理",
    "grade_bands": "等次",
    "min_score": "最低分",
    "categories": "类别",
    "code": "编码",
    "max_points": "分值",
    "veto_tier": "否决层",
    "items": "评查项",
    "text": "评查内容",
    "guidance": "评查要点",
    "deduction": "扣分规则",
    "mode": "扣分方式",
    "amount": "扣分值",
    "min": "区间下限",
    "max": "区间上限",
    "cap": "封顶",
    "veto": "否决效果",
    "not_applicable_when": "不适用条件",
    "doc_types": "关联文书",
    "check_ids": "自动检查",
    "phrases": "常用表述",
    "problem_category": "问题分类",
}

_ENUM_FIELDS: dict[str, type[LabelledEnum]] = {
    "case_type": CaseType,
    "procedure": Procedure,
    "na_policy": NAPolicy,
    "mode": DeductionMode,
    "veto": VetoEffect,
}


def _get(data: Any, key: str | int) -> Any:
    try:
        return data[key]
    except (KeyError, IndexError, TypeError):
        return None


def _describe_loc(loc: Sequence[str | int], data: Any) -> tuple[str, str | None, str]:
    """Return (where, item code or None, field label) for a pydantic error location."""
    where = "标准信息"
    item_code: str | None = None
    node: Any = data
    field = ""
    i = 0
    while i < len(loc):
        key = loc[i]
        if key == "categories" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            node = _get(_get(node, "categories"), loc[i + 1])
            code = _get(node, "code")
            where = f"类别 {code}" if code else f"第 {int(loc[i + 1]) + 1} 个类别"
            i += 2
            continue
        if key == "items" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            node = _get(_get(node, "items"), loc[i + 1])
            code = _get(node, "code")
            if code:
                item_code = str(code)
                where = f"评查项 {code}"
            else:
                where = f"{where}的第 {int(loc[i + 1]) + 1} 个评查项"
            i += 2
            continue
        if key == "grade_bands" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            band = _get(_get(node, "grade_bands"), loc[i + 1])
            name = _get(band, "name")
            where = f"等次“{name}”" if name else f"第 {int(loc[i + 1]) + 1} 个等次"
            node = band
            i += 2
            continue
        if isinstance(key, str):
            field = key
            node = _get(node, key)
        i += 1
    return where, item_code, FIELD_LABELS.get(field, field)


def _num(value: Any) -> str:
    return fmt_points(float(value)) if isinstance(value, int | float) else str(value)


def _enum_choices(enum_cls: type[LabelledEnum]) -> str:
    return "、".join(f"{m.value}（{m.label}）" for m in enum_cls)


def _translate_error(err: Mapping[str, Any], data: Any) -> tuple[list[str], str | None]:
    loc = tuple(err.get("loc", ()))
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "value_error" and not loc:
        # Our own semantic checks: already Chinese, one problem per line, codes included.
        text = str(ctx.get("error", err.get("msg", "")))
        return [line for line in text.splitlines() if line.strip()], None
    where, item_code, label = _describe_loc(loc, data)
    if item_code is None and where.startswith("类别") and loc and loc[-1] == "max_points":
        label = "类别上限"
    value = err.get("input")
    shown = repr(value) if isinstance(value, str) else str(value)
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    if kind == "missing":
        problem = f"缺少必填字段“{label}”"
    elif kind == "extra_forbidden":
        return [f"{where} 有不认识的字段“{field}”（请检查拼写）"], item_code
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        problem = f"的“{label}” {shown} 不是数字"
    elif kind in ("bool_parsing", "bool_type"):
        problem = f"的“{label}” {shown} 应为 true/false（是/否）"
    elif kind == "enum":
        enum_cls = _ENUM_FIELDS.get(field)
        choices = _enum_choices(enum_cls) if enum_cls else str(ctx.get("expected", ""))
        problem = f"的“{label}” {shown} 无效，可选：{choices}"
    elif kind == "literal_error":
        choices = "、".join(PROBLEM_CATEGORIES) if field == "problem_category" else str(ctx.get("expected", ""))
        problem = f"的“{label}” {shown} 无效，可选：{choices}"
    elif kind == "string_too_short":
        problem = f"的“{label}”不能为空"
    elif kind == "string_type":
        problem = f"的“{label}” {shown} 应为文本"
    elif kind in ("list_type", "tuple_type"):
        problem = f"的“{label}”应为列表"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        problem = f"的“{label}”格式不对，应为键值对象" if label else "格式不对，应为键值对象"
    elif kind.startswith("date"):
        problem = f"的“{label}” {shown} 不是有效日期（格式如 2024-01-01）"
    elif kind == "greater_than_equal":
        problem = f"的“{label}” {shown} 不能小于 {_num(ctx.get('ge'))}"
    elif kind == "greater_than":
        problem = f"的“{label}” {shown} 必须大于 {_num(ctx.get('gt'))}"
    elif kind == "value_error":
        problem = f"的“{label}”有误：{ctx.get('error', err.get('msg'))}"
    else:
        problem = f"的“{label}”有误：{err.get('msg')}（{shown}）"
    if problem.startswith("的") and not where[-1:].isascii():
        return [f"{where}{problem}"], item_code
    return [f"{where} {problem}"], item_code


def parse_standard(data: Any, source: str) -> StandardDef:
    """Validate a decoded standard (dict) and return it; ``source`` names the file in errors."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            f"标准文件 {source}：内容应为键值结构（顶层为 id、name、categories 等字段）",
            code="standard_invalid",
            file=source,
            problems=["顶层不是键值结构"],
            item_codes=[],
        )
    try:
        return StandardDef.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        problems: list[str] = []
        codes: list[str] = []
        for err in exc.errors(include_url=False):
            lines, code = _translate_error(err, data)
            problems.extend(lines)
            if code:
                codes.append(code)
        message = "\n".join(f"标准文件 {source}：{line}" for line in problems)
        raise ValidationError(
            message, code="standard_invalid", file=source, problems=problems, item_codes=codes
        ) from None


def _read_text_data(path: Path) -> Any:
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"找不到标准文件 {path}", code="standard_file_missing", file=str(path)) from None
    except OSError as exc:
        raise ValidationError(f"标准文件 {path.name}：无法读取（{exc}）", file=path.name) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            f"标准文件 {path.name}：不是 UTF-8 编码的文本，请用 UTF-8 保存", file=path.name
        ) from None
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError(f"标准文件 {path.name}：TOML 格式错误（{exc}）", file=path.name) from None
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"标准文件 {path.name}：JSON 格式错误，第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}",
                file=path.name,
            ) from None
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationError(
            f"标准文件 {path.name}：YAML 格式错误 {where}：{problem}", file=path.name
        ) from None


def load_standard_file(path: str | Path) -> StandardDef:
    """Load a standard from .yaml/.yml/.toml/.json or an exported .xlsx workbook."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from casereview.standards.excel import import_standard_xlsx

        return import_standard_xlsx(path)
    if path.suffix.lower() not in (".yaml", ".yml", ".toml", ".json"):
        raise ValidationError(
            f"标准文件 {path.name}：不支持的文件类型“{path.suffix}”，请使用 .yaml、.toml、.json 或 .xlsx",
            file=path.name,
        )
    return parse_standard(_read_text_data(path), path.name)


def shipped_standard_paths() -> list[Path]:
    return sorted((resources_dir() / "standards").glob("*.yaml"))


def load_shipped_standards() -> list[StandardDef]:
    return [load_standard_file(p) for p in shipped_standard_paths()]


def shipped_standard(standard_id: str) -> StandardDef:
    for path in shipped_standard_paths():
        std = load_standard_file(path)
        if std.id == standard_id:
            return std
    raise NotFoundError(f"找不到内置标准“{standard_id}”", code="standard_not_found", standard_id=standard_id)


def resolve_standard(file_or_id: str) -> StandardDef:
    """A path to a standard file, or the id of a shipped standard (no database needed)."""
    path = Path(file_or_id)
    if path.suffix.lower() in (".yaml", ".yml", ".toml", ".json", ".xlsx", ".xlsm") or path.exists():
        return load_standard_file(path)
    return shipped_standard(file_or_id)


def _plain(std: StandardDef) -> dict[str, Any]:
    return std.model_dump(mode="json")


def canonical_json(std: StandardDef) -> str:
    """Stable serialisation (sorted keys, no whitespace, defaults included): the hashed form."""
    return json.dumps(_plain(std), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(std: StandardDef) -> str:
    return hashlib.sha256(canonical_json(std).encode("utf-8")).hexdigest()


def standard_from_json(text: str, source: str = "数据库中的标准") -> StandardDef:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"标准文件 {source}：JSON 格式错误：{exc.msg}", file=source) from None
    return parse_standard(data, source)


def dump_yaml(std: StandardDef) -> str:
    """Human-editable YAML (field order as in the model, Chinese kept readable)."""
    data = std.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
