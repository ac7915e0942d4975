"""Who published a document, for which scope, year and kind: the key that links a body's documents.

Read from the document itself (the 预算主管部门：/预算单位： label, else the cover's title lines), and
correctable with a small mapping file (`--meta`: a path, file name or SHA-256 → corrected fields).
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import Optional

import regex

from parser.datatypes import Report
from parser.errors import GoujiError
from parser.lexicon import read_data

COVER_LINES = 8
LABEL_LINES = 30
UNIT_LINES = 120
FIELDS = ("body", "scope", "kind", "year")
SCOPES = ("部门", "单位")
KINDS = ("预算", "决算", "绩效", "other")


class MetaFileError(GoujiError):
    """A --meta file that cannot be read or names an unknown field."""


@dataclass(frozen=True)
class Identity:
    """A document's place in its body's series."""
    body: str                        # normalised name of the publishing body ('' when not found)
    scope: str                       # 部门 | 单位
    kind: str                        # 预算 | 决算 | 绩效 | other
    year: Optional[int]
    units: Optional[int] = None      # budget units a 部门 document adds up (1: the 单位 document is the same)

    def as_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def wording() -> dict:
    return json.loads(read_data("cross.json"))


def normalise_body(name: str) -> str:
    """The body's name as a key: no leading 中国共产党/中共 (the same body's covers differ in it), 省委员会 →
    省委, 常务委员会 → 常委会, no blanks, no （本级）.

    >>> normalise_body("中国共产党江苏省委员会办公厅"), normalise_body("中共江苏省委办公厅")
    ('江苏省委办公厅', '江苏省委办公厅')
    >>> normalise_body("上海市普陀区司法局（本级）")
    '上海市普陀区司法局'
    """
    for pattern, repl in wording()["body_rewrites"]:
        name = regex.sub(pattern, repl, name)
    return wording()["body_aliases"].get(name, name)


def body_from_label(lines) -> str:
    """The name after a 预算主管部门：/预算单位： label near the top.

    >>> body_from_label(["上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区商务委员会", "目录"])
    '上海市普陀区商务委员会'
    """
    labels = "|".join(wording()["body_labels"])
    pattern = regex.compile(rf"^\s*(?:{labels})\s*[:：]\s*([\p{{Han}}（）()]{{4,40}})")
    for line in lines[:LABEL_LINES]:
        if m := pattern.search(line):
            return m.group(1)
    return ""


def body_from_cover(lines) -> str:
    """The cover's title lines less years, dates and the document's kind.

    >>> body_from_cover(["2018年度江苏省高级", "人民法院预算公开", "2018年2月24日", "目录"])
    '江苏省高级人民法院'
    >>> body_from_cover(["江苏省委办公厅2017年度部门预算", "目 录"])
    '江苏省委办公厅'
    """
    cover = []
    for line in lines[:COVER_LINES]:
        text = line.strip()
        if not text:
            continue
        if regex.match(r"^(目\s*录|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)", text) or "\t" in line \
                or len(text) > 40 or regex.search(r"[。，；：:]", text):
            break
        cover.append(text)
    name = "".join(cover)
    for noise in wording()["cover_noise"]:
        name = regex.sub(noise, "", name)
    name = name.strip()
    return name if 4 <= len(name) <= 40 and regex.fullmatch(r"[\p{Han}（）()]+", name) else ""


def scope_of(lines) -> str:
    """单位 when the title calls the document a 单位预算/单位决算, else 部门.

    >>> scope_of(["上海市普陀区2025年区级单位预算"]), scope_of(["2017年度部门预算"])
    ('单位', '部门')
    """
    head = "".join(lines[:COVER_LINES])
    return "单位" if any(w in head for w in wording()["unit_scope_words"]) else "部门"


def kind_of(meta_kind: str) -> str:
    """
    >>> kind_of("绩效自评"), kind_of("预算"), kind_of("other")
    ('绩效', '预算', 'other')
    """
    return next((kind for word, kind in wording()["kinds"] if word in meta_kind), "other")


def units_of(lines) -> Optional[int]:
    """Budget units a 部门 document adds up: 本部以及下属N家 less those 不单列 (merged into 本部).

    >>> units_of(["部门预算是包括本部以及下属1家事业单位的综合收支计划。", "2.下属事业单位不单列预算，并入本部。"])
    1
    >>> units_of(["部门预算是包括区司法局本部以及下属1家预算单位的综合收支计划。", "2.普陀区法律援助中心"])
    2
    """
    w = wording()
    for i, line in enumerate(lines[:UNIT_LINES]):
        if m := regex.search(w["units_total"], line):
            merged = sum(1 for later in lines[i:i + 2 + 2 * int(m.group(1))] if w["units_merged"] in later)
            return 1 + int(m.group(1)) - merged
    return None


def identify(report: Report) -> Identity:
    """The identity a report's own wording gives."""
    lines = report.document.lines
    name = body_from_label(lines) or body_from_cover(lines) or report.meta.department
    scope = scope_of(lines)
    return Identity(body=normalise_body(name) if name else "", scope=scope, kind=kind_of(report.meta.kind),
                    year=report.meta.year, units=units_of(lines) if scope == "部门" else None)


def read_meta_file(path: str) -> dict[str, dict]:
    """A --meta file: key (path, file name or SHA-256) → corrected fields (body, scope, kind, year).

    TSV with a header row `key<TAB>body<TAB>…` (any subset of the fields), or JSON {key: {field: value}}."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as err:
        raise MetaFileError(f"{path}: cannot read the --meta file ({err})") from None
    if text.lstrip().startswith("{"):
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as err:
            raise MetaFileError(f"{path}: not valid JSON ({err})") from None
        if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
            raise MetaFileError(f"{path}: expected an object of key → {{field: value}}")
        rows = {str(k): v for k, v in raw.items()}
    else:
        reader = csv.DictReader(text.splitlines(), delimiter="\t")
        if not reader.fieldnames or reader.fieldnames[0] != "key":
            raise MetaFileError(f"{path}: the first column of the header must be `key`")
        rows = {r["key"]: {k: v for k, v in r.items() if k != "key" and v not in (None, "")} for r in reader}
    for key, fields in rows.items():
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise MetaFileError(f"{path}: {key}: unknown field(s) {', '.join(sorted(unknown))}; use {', '.join(FIELDS)}")
        if "year" in fields:
            try:
                fields["year"] = int(fields["year"])
            except (TypeError, ValueError):
                raise MetaFileError(f"{path}: {key}: year {fields['year']!r} is not a number") from None
        for name, allowed in (("scope", SCOPES), ("kind", KINDS)):
            if name in fields and fields[name] not in allowed:
                raise MetaFileError(f"{path}: {key}: {name} {fields[name]!r} is not one of {', '.join(allowed)}")
        if "body" in fields:
            fields["body"] = normalise_body(str(fields["body"]))
    return rows


def corrected(identity: Identity, path: str, sha256: str, overrides: dict[str, dict]) -> Identity:
    """The identity with the --meta fields of its SHA-256, path or file name applied.

    >>> corrected(Identity("甲局", "部门", "预算", 2018), "/x/a.pdf", "ab", {"a.pdf": {"year": 2019}}).year
    2019
    """
    fields = overrides.get(sha256) or overrides.get(path) or overrides.get(os.path.basename(path)) or {}
    return replace(identity, **fields) if fields else identity
