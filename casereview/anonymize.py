"""Anonymisation (脱敏) for every export and screen that shows case facts to a wider audience.

One ``Anonymizer`` per output: it learns the real values of each case it is given
(``register_case``) and then replaces them, and anything that merely *looks like* an
identifier, in any text (``mask``). Within one Anonymizer the same person always gets
the same alias, so a handout can say "当事人A" on page 1 and page 9 and mean one party.

Aliases (documented choice):
- parties share one letter sequence; a natural person is ``当事人A``, an organisation
  (registered as such, or whose name ends like a company) is ``某公司B`` / ``某单位C``,
  so a training example still shows *that* the party was a company (it matters for
  "wrong party" errors) without saying which;
- officers ``执法人员A``; units ``某执法单位A``; case numbers ``某案A`` (only with
  ``case_numbers``, on by default for training, off in the base options).
Identifiers found by pattern become fixed tokens: ``[身份证号]``, ``[信用代码]``,
``[电话]``, ``[地址]``; a licence plate keeps its province and city letter (``粤A*****``),
which identify no one but keep the example readable.

Registered values are replaced first (longest first, so "广州市顺达物流有限公司" wins over
a shorter name inside it), then the patterns run over the rest.

Identifiers are found however people write them: full-width digits and letters are folded
to ASCII first (one character for one, so positions stay), and separators inside a run of
digits and letters (spaces, hyphens, line breaks: "4401 0619 9001 0112 34") are looked
through. Registered values match with up to two separators between any two characters, so
a party registered as "张三" is also found as "张 三" or "张　三". Third parties (witnesses,
drivers, agents, legal representatives) become ``相关人员A``: those the case's records name
(``third_parties``, or ``extra`` columns such as 委托代理人) and any name that follows such a
role word in free text ("证人王五称").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casereview.domain.enums import PartyType

ID_TOKEN = "[身份证号]"
CREDIT_TOKEN = "[信用代码]"
PHONE_TOKEN = "[电话]"
ADDRESS_TOKEN = "[地址]"


@dataclass(frozen=True)
class AnonymizeOptions:
    """What to mask. The defaults suit a 通报 or statistics export; training also hides case numbers."""

    parties: bool = True
    id_numbers: bool = True
    credit_codes: bool = True
    phones: bool = True
    addresses: bool = True
    plates: bool = True
    officers: bool = False
    units: bool = False
    case_numbers: bool = False

    @classmethod
    def everything(cls) -> AnonymizeOptions:
        """Every identifier including officers, units and case numbers (training material)."""
        return cls(officers=True, units=True, case_numbers=True)


# --------------------------------------------------------------------------- patterns

_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南"
    "|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_CJK = "\u4e00-\u9fa5"
_NUM = "0-9０-９一二三四五六七八九十百千零〇"

_DATE_PART = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# 18-digit resident ID (GB 11643) and the old 15-digit form; not inside a longer run of digits/letters.
RESIDENT_ID_RE = re.compile(
    rf"(?<![0-9A-Za-z])(?:[1-9]\d{{5}}(?:18|19|20)\d{{2}}{_DATE_PART}\d{{3}}[0-9Xx]"
    rf"|[1-9]\d{{5}}\d{{2}}{_DATE_PART}\d{{3}})(?![0-9A-Za-z])"
)
# Unified social credit code (GB 32100): 18 chars over the 31-char alphabet, 3rd-8th chars an area code.
CREDIT_CODE_RE = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"
)
# Mobile numbers (optionally +86 / spaced / hyphenated) and landlines with area code.
MOBILE_RE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
LANDLINE_RE = re.compile(
    r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)\s?[2-9]\d{6,7}(?:-\d{1,5})?(?!\d)"
    r"|(?<!\d)0\d{2,3}[2-9]\d{6,7}(?!\d)"
)
# Licence plates: province + city letter + 5 chars (classic) or 6 chars (new-energy, 8 in all).
PLATE_RE = re.compile(
    rf"(?P<prefix>[{_PLATE_PROVINCES}][A-HJ-NP-Z])[·•\s]?"
    r"(?P<rest>[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳领试超])(?![A-Za-z0-9])"
)
# Addresses: an optional administrative prefix, then a road/street/village with a house number,
# or a full province+city+district prefix on its own.
_ADMIN = (
    rf"(?:(?:{_PROVINCES})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?)?"
    rf"(?:[{_CJK}]{{2,4}}?(?:市|自治州|州|盟|地区))?"
    rf"(?:[{_CJK}]{{1,4}}?(?:区|县|旗))?"
    rf"(?:[{_CJK}]{{1,6}}?(?:镇|乡|街道))?"
)
_STREET = (
    rf"[{_CJK}A-Za-z{_NUM}]{{1,8}}?(?:路|街|大道|大街|巷|弄|村|胡同|社区)[东南西北中]?"
    rf"(?:[{_NUM}]+(?:号|弄|巷|组))"
    rf"(?:之?[{_NUM}A-Za-z]+(?:号|栋|幢|座|楼|层|室|单元|号楼|铺|房))*"
)
ADDRESS_RE = re.compile(
    rf"{_ADMIN}{_STREET}"
    rf"|(?:{_PROVINCES})(?:省|自治区)[{_CJK}]{{2,5}}?(?:市|自治州|州|盟)[{_CJK}]{{1,5}}?(?:区|县|旗)"
    rf"(?:[{_CJK}]{{1,6}}?(?:镇|乡|街道))?"
)

_ORG_SUFFIXES = ("公司", "厂", "店", "中心", "合作社", "集团", "商行", "站", "部", "所", "场", "社", "院", "协会")

# Full-width ASCII (Ｕ+FF01..FF5E) and the ideographic space, folded one character for one.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# What people put inside a number: spaces, hyphens and dashes, line breaks, a middle dot.
_SEPARATORS = frozenset(" \t\r\n\u3000-\u2010\u2011\u2012\u2013\u2014\uff0d·")
_SEP_RE = r"[\s\u3000\-\u2010-\u2014\uff0d·]"
_JOINABLE = re.compile(rf"[0-9A-Za-z{_PLATE_PROVINCES}]{_SEP_RE}{{1,3}}[0-9A-Za-z]")

# People other than the party whom records and notes name. In free text a name is taken
# after one of these words only when it starts with a common surname and is followed by a
# word boundary or a typical next word, so "驾驶员未系安全带" keeps its words.
THIRD_PARTY_TOKEN_PREFIX = "相关人员"
_ROLE_WORDS = ("委托代理人", "法定代表人", "法人代表", "代理人", "见证人", "证人", "驾驶员", "驾驶人", "司机",
               "负责人", "联系人", "被询问人", "在场人", "车主", "举报人", "投诉人", "乘客", "押运员", "经营者")
_COMPOUND_SURNAMES = "欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|尉迟|长孙|宇文|司徒|夏侯|公孙|端木|申屠"
# Common surnames (about 200). 于 is left out on purpose: "证人于现场" is far more often a preposition.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝封"
)
_NAME_STOP = "称说证陈在于的系是驾确签为表到未已拒之同等和与及作对向出也因将被均当现经并亦又所"
THIRD_PARTY_RE = re.compile(
    rf"(?P<role>{'|'.join(_ROLE_WORDS)})[:：]?[ \u3000]?"
    rf"(?P<name>(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])[ \u3000]?[{_CJK}](?:[ \u3000]?[{_CJK}])??)"
    rf"(?=[^{_CJK}]|[{_NAME_STOP}]|$)"
)


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _key(value: str) -> str:
    """A registered value as compared: folded, without separators."""
    return "".join(ch for ch in _fold(value) if ch not in _SEPARATORS)


def _compact(folded: str) -> tuple[str, list[int]]:
    """``folded`` without the separators sitting between two digits/letters (or a plate's
    province and its letter), and for each kept character its index in ``folded``."""
    out: list[str] = []
    index: list[int] = []
    n = len(folded)
    i = 0
    while i < n:
        ch = folded[i]
        if ch in _SEPARATORS and out and ((out[-1].isascii() and out[-1].isalnum()) or out[-1] in _PLATE_PROVINCES):
            j = i
            while j < n and j - i < 3 and folded[j] in _SEPARATORS:
                j += 1
            if j < n and folded[j].isascii() and folded[j].isalnum():
                i = j
                continue
        out.append(ch)
        index.append(i)
        i += 1
    return "".join(out), index


Replacer = Callable[[re.Match[str]], str]


class _Views:
    """A text as the patterns see it: folded (same positions), and once more with the
    separators inside runs of digits/letters removed (positions mapped back)."""

    def __init__(self, text: str) -> None:
        self.folded = _fold(text)
        self.compact: tuple[str, list[int]] | None = _compact(self.folded) if _JOINABLE.search(self.folded) else None

    def spans(self, regex: re.Pattern[str], repl: Replacer) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of every match, as written or with separators looked through."""
        found = [(m.start(), m.end(), repl(m)) for m in regex.finditer(self.folded)]
        if self.compact is not None:
            compact, index = self.compact
            found += [(index[m.start()], index[m.end() - 1] + 1, repl(m))
                      for m in regex.finditer(compact) if m.end() > m.start()]
        return _non_overlapping(found)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Earliest first, the longer of two overlapping spans wins."""
    chosen: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and span[0] < chosen[-1][1]:
            if span[1] > chosen[-1][1]:  # overlapping tails: cover both
                start, _end, repl = chosen[-1]
                chosen[-1] = (start, span[1], repl)
            continue
        chosen.append(span)
    return chosen


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, repl in spans:
        out.append(text[last:start])
        out.append(repl)
        last = end
    out.append(text[last:])
    return "".join(out)


def _plate_mask(m: re.Match[str]) -> str:
    return m.group("prefix") + "*" * len(m.group("rest"))


# Verbs/prepositions that the lazy name patterns may swallow in "当事人住深圳市…", "在广州市…":
# the text up to the last of them stays, only the address itself becomes the token.
_ADDRESS_LEADS = "住在于址至到往"


def _address_token(m: re.Match[str]) -> str:
    found = m.group(0)
    head = re.split(r"[0-9０-９]", found, maxsplit=1)[0]
    cut = max(head.rfind(ch) for ch in _ADDRESS_LEADS)
    if 0 <= cut < len(head) - 2:
        return found[: cut + 1] + ADDRESS_TOKEN
    return ADDRESS_TOKEN


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def _names(value: Any) -> list[str]:
    """Officer/unit names from a str ('张三、李四'), a list of str, mappings or objects with .name."""
    if value is None:
        return []
    if isinstance(value, str):
        out_names: list[str] = []
        for piece in re.split(r"[、,，;；/]+", value):
            words = piece.split()
            # "张三 李四" is two people; "张 三" is one name typed with a space
            out_names += words if all(len(w) >= 2 for w in words) else [piece.strip()]
        return [p for p in out_names if p]
    out: list[str] = []
    if isinstance(value, Mapping):
        name = value.get("name")
        return [str(name)] if name else []
    if isinstance(value, Iterable):
        for v in value:
            if isinstance(v, str):
                out.extend(_names(v))
            elif isinstance(v, Mapping):
                if v.get("name"):
                    out.append(str(v["name"]))
            elif getattr(v, "name", None):
                out.append(str(v.name))
    return out


class Anonymizer:
    """Consistent aliases and masking for one output (one export, one screen view)."""

    def __init__(self, options: AnonymizeOptions | None = None) -> None:
        self.options = options or AnonymizeOptions()
        self._parties: dict[str, str] = {}
        self._party_count = 0
        self._officers: dict[str, str] = {}
        self._units: dict[str, str] = {}
        self._cases: dict[str, str] = {}
        self._others: dict[str, str] = {}
        # key of a real value (folded, no separators) -> replacement, replaced before the patterns run
        self._literals: dict[str, str] = {}
        self._shown: dict[str, str] = {}  # key -> the value as registered (for sensitive_values)
        self._literal_re: re.Pattern[str] | None = None

    # -- aliases ------------------------------------------------------------------

    def party(self, name: str, *, organisation: bool | None = None) -> str:
        """Alias of a party: 当事人A for a person, 某公司A / 某单位A for an organisation."""
        name = name.strip()
        if not name:
            return name
        if name not in self._parties:
            letter = _letters(self._party_count)
            self._party_count += 1
            if organisation is None:
                organisation = name.endswith(_ORG_SUFFIXES) and len(name) > 4
            if organisation:
                alias = f"某公司{letter}" if "公司" in name else f"某单位{letter}"
            else:
                alias = f"当事人{letter}"
            self._parties[name] = alias
        return self._parties[name]

    def officer(self, name: str) -> str:
        name = name.strip()
        if name and name not in self._officers:
            self._officers[name] = f"执法人员{_letters(len(self._officers))}"
        return self._officers.get(name, name)

    def unit(self, name: str) -> str:
        name = name.strip()
        if name and name not in self._units:
            self._units[name] = f"某执法单位{_letters(len(self._units))}"
        return self._units.get(name, name)

    def third_party(self, name: str) -> str:
        """Alias of a witness, driver, agent or legal representative: 相关人员A, B..."""
        key = _key(name.strip())
        if key and key not in self._others:
            self._others[key] = f"{THIRD_PARTY_TOKEN_PREFIX}{_letters(len(self._others))}"
        return self._others.get(key, name)

    def case_no(self, case_no: str) -> str:
        case_no = case_no.strip()
        if case_no and case_no not in self._cases:
            self._cases[case_no] = f"某案{_letters(len(self._cases))}"
        return self._cases.get(case_no, case_no)

    # -- learning a case ------------------------------------------------------------

    def _literal(self, real: str | None, replacement: str) -> None:
        key = _key(real or "")
        if len(key) >= 2:
            self._literals[key] = replacement
            self._shown.setdefault(key, (real or "").strip())
            self._literal_re = None

    def register_case(self, fields: Mapping[str, Any]) -> None:
        """Learn one case's real values so that ``mask`` replaces them wherever they appear.

        Understands Case column names (party_name, party_type, party_id_no, party_address,
        party_phone, vehicle_plate, case_no, decision_no) plus ``unit_name`` / ``unit`` and
        ``officers`` (names, '、'-separated text, mappings or objects with ``.name``).
        """
        opts = self.options
        party = str(fields.get("party_name") or "").strip()
        if party and opts.parties:
            ptype = fields.get("party_type")
            org = None
            if ptype in (PartyType.ORGANISATION.value, PartyType.ORGANISATION):
                org = True
            elif ptype in (PartyType.INDIVIDUAL.value, PartyType.INDIVIDUAL):
                org = False
            alias = self.party(party, organisation=org)
            self._literal(party, alias)
        id_no = str(fields.get("party_id_no") or "").strip()
        if id_no:
            if RESIDENT_ID_RE.fullmatch(id_no) and opts.id_numbers:
                self._literal(id_no, ID_TOKEN)
            elif opts.credit_codes and CREDIT_CODE_RE.fullmatch(id_no):
                self._literal(id_no, CREDIT_TOKEN)
            elif opts.id_numbers or opts.credit_codes:
                # an identifier in an unexpected shape (passport, old code): still hide it
                self._literal(id_no, ID_TOKEN)
        if opts.addresses:
            self._literal(str(fields.get("party_address") or ""), ADDRESS_TOKEN)
        if opts.phones:
            self._literal(str(fields.get("party_phone") or ""), PHONE_TOKEN)
        plate = str(fields.get("vehicle_plate") or "").strip()
        if opts.plates and plate:
            self._literal(plate, self._mask_plate(plate))
        if opts.officers:
            for name in _names(fields.get("officers")) + _names(fields.get("officer_names")):
                self._literal(name, self.officer(name))
        if opts.units:
            for key in ("unit_name", "unit"):
                for name in _names([fields.get(key)] if isinstance(fields.get(key), str) else fields.get(key)):
                    self._literal(name, self.unit(name))
        if opts.parties:
            for name in self._third_party_names(fields):
                self._literal(name, self.third_party(name))
        if opts.case_numbers:
            for key in ("case_no", "decision_no"):
                value = str(fields.get(key) or "").strip()
                if value:
                    self._literal(value, self.case_no(value))

    @staticmethod
    def _third_party_names(fields: Mapping[str, Any]) -> list[str]:
        """Names of the people a case's records mention besides the party and the officers:
        ``third_parties`` (names or mappings with ``name``) and ``extra`` columns whose label
        is a role (委托代理人, 法定代表人, 证人, 驾驶员 ...)."""
        names = _names(fields.get("third_parties"))
        extra = fields.get("extra")
        if isinstance(extra, Mapping):
            for label, value in extra.items():
                is_person = any(role in str(label) for role in _ROLE_WORDS) and not any(
                    w in str(label) for w in ("号", "电话", "地址", "日期", "时间"))
                if isinstance(value, str) and is_person:
                    names += _names(value)
        return [n for n in names if 2 <= len(_key(n)) <= 8]

    # -- masking --------------------------------------------------------------------

    @staticmethod
    def _mask_plate(plate: str) -> str:
        m = PLATE_RE.fullmatch(plate.strip())
        if m:
            return m.group("prefix") + "*" * len(m.group("rest"))
        return plate[:2] + "*" * max(len(plate) - 2, 3)

    def _literals_pattern(self) -> re.Pattern[str] | None:
        """Registered values (their keys: folded, no separators), longest first."""
        if not self._literals:
            return None
        if self._literal_re is None:
            ordered = sorted(self._literals, key=len, reverse=True)
            self._literal_re = re.compile("|".join(re.escape(v) for v in ordered))
        return self._literal_re

    def _literal_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Registered values found in ``text`` with its separators and full-width forms looked
        through ("张 三", "４４０１ ０６…"), in positions of ``text``."""
        pattern = self._literals_pattern()
        if pattern is None:
            return []
        folded = _fold(text)
        if not any(ch in _SEPARATORS for ch in folded):
            return [(m.start(), m.end(), self._literals[m.group(0)]) for m in pattern.finditer(folded)]
        index = [i for i, ch in enumerate(folded) if ch not in _SEPARATORS]
        view = "".join(folded[i] for i in index)
        return [(index[m.start()], index[m.end() - 1] + 1, self._literals[m.group(0)])
                for m in pattern.finditer(view) if m.end() > m.start()]

    def _patterns(self) -> list[tuple[re.Pattern[str], Replacer]]:
        opts = self.options
        chosen: list[tuple[bool, re.Pattern[str], Replacer]] = [
            (opts.id_numbers, RESIDENT_ID_RE, lambda _m: ID_TOKEN),
            (opts.credit_codes, CREDIT_CODE_RE, lambda _m: CREDIT_TOKEN),
            (opts.phones, MOBILE_RE, lambda _m: PHONE_TOKEN),
            (opts.phones, LANDLINE_RE, lambda _m: PHONE_TOKEN),
            (opts.plates, PLATE_RE, _plate_mask),
            (opts.addresses, ADDRESS_RE, _address_token),
            (opts.parties, THIRD_PARTY_RE, lambda m: m.group("role") + self.third_party(m.group("name"))),
        ]
        return [(regex, repl) for on, regex, repl in chosen if on]

    def mask(self, text: str | None) -> str:
        """Replace registered names and values, then pattern-matched identifiers."""
        if not text:
            return text or ""
        text = _apply(text, self._literal_spans(text))
        # Every pattern runs on the same text; where two overlap the earlier kind wins (an
        # identity number is not also taken for a phone number).
        views = _Views(text)
        taken: list[tuple[int, int, str]] = []
        for regex, repl in self._patterns():
            for span in views.spans(regex, repl):
                if not any(span[0] < end and start < span[1] for start, end, _r in taken):
                    taken.append(span)
        return _apply(text, sorted(taken))

    def find_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) spans of ``text`` that ``mask`` would hide, merged and sorted.

        Used to black out identifiers on a rendered page image, where text cannot be
        replaced: every pattern runs on the original text, so spans may over-cover.
        """
        spans = [(start, end) for start, end, _r in self._literal_spans(text)]
        views = _Views(text)
        for regex, repl in self._patterns():
            for start, end, _r in views.spans(regex, repl):
                if regex is PLATE_RE:
                    start += 2  # the province and city letter stay readable
                spans.append((start, end))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def mask_fields(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of a field mapping with every string value masked (non-strings unchanged)."""
        return {k: self.mask(v) if isinstance(v, str) else v for k, v in fields.items()}

    def sensitive_values(self) -> list[str]:
        """The real values this Anonymizer has learnt, as registered (for leak checks in tests
        and exports)."""
        return sorted(self._shown.values(), key=len, reverse=True)


def anonymize_text(text: str, cases: Iterable[Mapping[str, Any]] = (), options: AnonymizeOptions | None = None) -> str:
    """One-shot helper: mask ``text`` given the cases it talks about."""
    anon = Anonymizer(options)
    for fields in cases:
        anon.register_case(fields)
    return anon.mask(text)
