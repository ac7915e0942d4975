"""The finding messages of the rules: one coded template per message.

A rule says what it found by naming a template and giving it the figures (`UNIT_SLIP(text=…, …)`);
the finding carries the template's code beside the text (`code` in the report's JSON, an optional field
beside CONTRACT.md's), so tests and tools tell findings apart without reading the Chinese text. The
phrases some messages end with (a likely cause, a note) are templates too, without a code of their own.

>>> said = SHARE_MISMATCH(part="一般公共预算财政拨款支出79.63万元", whole="支出合计", expected="16.50",
...                       stated="100", balanced="")
>>> said.code, said.text
('SHARE_MISMATCH', '占比不符：一般公共预算财政拨款支出79.63万元占支出合计的比例应为16.50%，文中写100%。')
"""
from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Said:
    """A message as a finding states it: its code and its text."""
    code: str
    text: str


@dataclass(frozen=True)
class Message:
    """A coded template (str.format fields); calling it with the fields gives what a finding says."""
    code: str
    template: str

    def __call__(self, **fields) -> Said:
        return Said(self.code, self.template.format(**fields))

    @property
    def fields(self) -> frozenset[str]:
        """The names the template needs.

        >>> sorted(WRONG_YEAR.fields)
        ['expected', 'stated', 'why', 'year']
        """
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.template) if name)


@dataclass(frozen=True)
class Phrase:
    """A part of a message (a note, a likely cause): a template without a code.

    >>> UNSPENT_CUT(value="57.44", unit="万元")
    '；文中57.44万元恰为年初预算数减全年执行数，疑把未支出的预算当作调减额'
    """
    template: str

    def __call__(self, **fields) -> str:
        return self.template.format(**fields)


# ------------------------------------------------------------------ unit
UNIT_SLIP = Message("UNIT_SLIP", "金额单位疑误：“{text}”写作{unit}，而{where}同一数字{value}的单位是{dominant}"
                                 "（{cells}个表格单元格、{texts}处文字）；按{unit}计差{factor}倍。")

# ------------------------------------------------------------------ change
CHANGE_PERCENT = Message("CHANGE_PERCENT", "增减幅度不符：由{prior}{unit}到{current}{unit}，应为{should}，文中写{said}{stated}%{note}。")
WRONG_DIRECTION = Phrase("；增减方向也与两数不符")
ON_CURRENT_YEAR = Phrase("；该百分比恰等于变动额除以本年数，疑用本年数作分母")
CHANGE_AMOUNT = Message("CHANGE_AMOUNT", "增减额不符：两年数之差应为{expected}{unit}，文中写{stated}{unit}。")
CHANGE_AGAINST_BUDGET = Message("CHANGE_AGAINST_BUDGET",
                                "增减额不符：与预算数{budget}{unit}相比应为{expected}{unit}，文中写{stated}{unit}。")
ANNUAL_GROWTH = Message("ANNUAL_GROWTH", "年均增幅不符：{years}年累计增长{total}%，折合年均增长{value}%"
                                         "（(1+{total}%)^(1/{years})−1），文中写{stated}%。")
ANNUAL_FROM_LEVELS = Message("ANNUAL_FROM_LEVELS", "年均增幅不符：由{start}到{end}历{years}年，折合年均增长{value}%"
                                                   "（({end}÷{start})^(1/{years})−1），文中写{stated}%。")

# ------------------------------------------------------------------ rate
RATE_MISMATCH = Message("RATE_MISMATCH", "{word}不符：{actual}{actual_unit}÷{budget}{budget_unit}应为{expected}%，"
                                         "文中写{stated}%{extra}。")
OTHER_BUDGET = Phrase("；{stated}%恰等于{actual}÷{other}（第{line}行），疑用了另一个预算数")
EXECUTION_RATE_CELL = Message("EXECUTION_RATE_CELL", "执行率不符：{name}全年执行数{spent}÷全年预算数{budget}={expected}%，"
                                                     "表中写{rate}。")
SCORE_AS_PERCENT = Message("SCORE_AS_PERCENT", "得分以百分数填写：{score}×分值{weight}={points}分，"
                                               "与执行率×分值一致；得分栏应填分数。")
SCORE_MISMATCH = Message("SCORE_MISMATCH", "得分不符：执行率×分值（{weight}，上限为分值）应为{expected}，表中写{score}。")
IMPOSSIBLE_RATE_CELL = Message("IMPOSSIBLE_RATE_CELL", "比率不可能：{name}{rate}须由{count_name}{count}除以某个整数得出，"
                                                       "但没有任何整数分母能得出{rate}{shown}。")
CELL_BASE = Phrase("；{count}÷{base}（{base_name}）={expected}")
IMPOSSIBLE_RATE_TEXT = Message("IMPOSSIBLE_RATE_TEXT", "比率不可能：{rate}%须由{count}{unit}除以某个整数得出，"
                                                       "但没有任何整数分母能得出{rate}%{shown}。")
TABLE_BASE = Phrase("；自评表{base_name}为{base}，{count}÷{base}={expected}")

# ------------------------------------------------------------------ share
SHARE_MISMATCH = Message("SHARE_MISMATCH", "占比不符：{part}占{whole}的比例应为{expected}%，文中写{stated}%{balanced}。")
BALANCED_TO_HUNDRED = Phrase("（该行各项占比合计恰为100%，疑为凑整）")
RESTATES_BALANCED = Phrase("（同一占比在第{line}行与其他各项合计恰为100%，疑为凑整）")
SHARE_IMPLIED_WHOLE = Message("SHARE_IMPLIED_WHOLE", "占比不符：{count}处“占{whole}”的比例一致推出{whole}约为{value}{unit}，"
                                                     "{part}占其{expected}%，文中写{stated}%（疑沿用了他处的比例）。")
SHARES_NOT_HUNDRED = Message("SHARES_NOT_HUNDRED", "占比之和不为100%：{listing}={summed}%，而各项"
                                                   "{amounts}{unit}已是合计{whole}{unit}的全部。")

# ------------------------------------------------------------------ sum
TEXT_SUM = Message("TEXT_SUM", "合计不符：{reason}，{listing}={expected}{unit}，文中合计写{stated}{unit}。")
YEAR_END_BALANCE = Message("YEAR_END_BALANCE", "结余不符：收入{revenue}减支出{spending}应为{expected}{unit}，文中写{stated}{unit}。")
TRANSPOSED_DIGITS = Message("TRANSPOSED_DIGITS", "疑两位数字颠倒：{value}{unit}若为{swapped}{unit}，则{listing}与合计"
                                                 "{whole}{whole_unit}恰好相符（{where}中相邻两位数字颠倒）。")
SCORE_TOTAL = Message("SCORE_TOTAL", "总分不符：{name}各行{what}之和为{expected}，总分行写{stated}。")
GROUP_WEIGHT = Message("GROUP_WEIGHT", "一级指标分值不符：{name}“{group}”下各行分值{listing}={expected}，与标明的{cap}分不符。")
CODE_HIERARCHY = Message("CODE_HIERARCHY", "科目编码层级不符：{code} {name}列在{parent_code} {parent_name}之下，"
                                           "却不以{parent_code}开头（应为{parent_code}{suffix}?）。")
CODE_SUM = Message("CODE_SUM", "表内合计不符：{table}“{name}”行“{column}”列为{stated}，其下级科目之和为{expected}。")
PARTITION_SUM = Message("PARTITION_SUM", "表内合计不符：表{table}“{row}”（{role}）为{stated}，而{listing}={expected}。")
TABLE_CHANGE_AMOUNT = Message("TABLE_CHANGE_AMOUNT", "表内增减额不符：{table}“{name}”行本期{current}、上年{prior}，"
                                                     "增减额应为{expected}，表中为{stated}。")
TABLE_CHANGE_RATE = Message("TABLE_CHANGE_RATE", "表内增减率不符：{table}“{name}”行由{prior}到{current}，增减率应为{expected}%，"
                                                 "表中为{stated}%。")
ROW_IDENTITY = Message("ROW_IDENTITY", "表内合计不符：{table}“{name}”行的“{whole}”为{stated}，而{parts}={listing}={expected}。")
ECONOMIC_SUM = Message("ECONOMIC_SUM", "表内合计不符：{table}“{what}”为{stated}，{parts}之和为{expected}。")

# ------------------------------------------------------------------ mismatch
COMBINED_ROW = Message("COMBINED_ROW", "表间不符：{row}在表{table}“{column}”为{stated}，{where}为{expected}。")
COUNT_REPEATED = Message("COUNT_REPEATED", "前后不一致：同一行先写{first}{unit}{phrase}，后写{value}{unit}{phrase}。")
COUNT_RECOUNTED = Message("COUNT_RECOUNTED", "前后不一致：第{first_line}行{noun}{first}，第{line}行{noun}{value}。")
SCOPE_MAY_DIFFER = Message("SCOPE_MAY_DIFFER", "口径可能不同：文中{metric}为{stated}，一般公共预算财政拨款基本支出表"
                                               "{table}（第{line}行）为{value}（该表只含财政拨款基本支出）。")
TEXT_TABLE = Message("TEXT_TABLE", "与表格不符：文中{metric}为{stated}，表{table}（第{line}行）为{value}。")
CELL_AGAINST_TEXT = Message("CELL_AGAINST_TEXT", "与正文不符：表{table}“{row}”为{value}，文中（第{line}行）为"
                                                 "{stated}，且与文中合计相加一致，疑表中数字有误。")
TEXT_TEXT = Message("TEXT_TEXT", "前后不一致：{metric}在第{first_line}行为{first}，在第{line}行为{value}{note}。")
DIGITS_SWAPPED = Phrase("（两数仅相邻两位数字颠倒）")
CHANGE_RESTATED = Message("CHANGE_RESTATED", "前后不一致：{name}比上年的变动幅度在第{first_line}行为{first}，"
                                             "在第{line}行为{value}。")
BUDGET_BASES = Message("BUDGET_BASES", "预算数前后不一致：{metric}在第{line}行预算为{budget}，"
                                       "在第{initial_line}行年初预算为{initial}（文中未说明年中调整预算）。")
TABLE_TABLE = Message("TABLE_TABLE", "表间不符：{metric}在表{table}为{value}，在表{other_table}为{other}。")
CLASS_ROWS = Message("CLASS_ROWS", "表间不符：收入支出决算总表“{name}”为{value}，{where}。")
CLASS_IN_DETAIL = Phrase("支出决算表为{value}")
FUNDS_TABLE = Message("FUNDS_TABLE", "与绩效自评表不符：文中{project}{word}{stated}，{what}{summed}为{expected}{note}。")
UNSPENT_CUT = Phrase("；文中{value}{unit}恰为年初预算数减全年执行数，疑把未支出的预算当作调减额")
OVERSPENT_BUDGET = Message("OVERSPENT_BUDGET", "与正文不符：{project}自评表全年预算数{final}小于全年执行数{spent}"
                                               "（执行率{rate}%），文中年初预算{initial}{cut}{stated}即全年预算{implied}。")
INDICATOR_COUNT = Message("INDICATOR_COUNT", "与绩效自评表不符：文中{counted}，{project}自评表“{indicator}”实际完成值为{value}。")
CARRIED_WITHOUT_BALANCE = Message("CARRIED_WITHOUT_BALANCE", "与决算表不符：{project}上年结转资金{carried}万元，但收入支出决算总表"
                                                             "{table}“{label}”为{balance}（第{line}行）。")

# ------------------------------------------------------------------ wording
WORDING_DIRECTION = Message("WORDING_DIRECTION", "比较用语与数字不符：{what}为{before}与{after}，应为“{should}”，文中写“{word}”。")
WORDING_FLAT = Message("WORDING_FLAT", "比较用语与数字不符：写“{word}”，同一处却写变化{change}（不为零）。")

# ------------------------------------------------------------------ year
WRONG_YEAR = Message("WRONG_YEAR", "年份疑误：{why}应为{expected}年，文中写{stated}年（文档年度{year}）。")

# ------------------------------------------------------------------ template
PLACEHOLDER = Message("PLACEHOLDER", "模板文字未替换或未删除：“{quote}”。")
REPEATED_PUNCTUATION = Message("REPEATED_PUNCTUATION", "标点重复：“{marks}”。")
EMPTY_CLAUSE = Message("EMPTY_CLAUSE", "句子残缺：“{clause}”后没有内容。")
CUT_OFF = Message("CUT_OFF", "句子不完整：段落在“{tail}”处结束，缺少句末标点或下文。")
UNPAIRED_QUOTES = Message("UNPAIRED_QUOTES", "引号不配对：句中有{opened}个“{opening}”、{closed}个“{closing}”。")
EMPTY_NOTE_WITH_FIGURES = Message("EMPTY_NOTE_WITH_FIGURES", "说明与表格矛盾：写“{note}”，但{table}（第{line}行起）有数字。")
BODY_NAME = Message("BODY_NAME", "单位名称与封面不一致：此处为“{name}”，封面为“{cover}”。")
UNIT_WORDING = Message("UNIT_WORDING", "文档是单位预算/决算，此处却写“{words}”。")

# ------------------------------------------------------------------ completeness
LISTED_TABLE_MISSING = Message("LISTED_TABLE_MISSING", "目录列出的表格“{title}”在文档中没有找到。")
TABLE_TWICE = Message("TABLE_TWICE", "表格“{title}”出现两次（第{first}行、第{second}行）。")
TABLE_ORDER = Message("TABLE_ORDER", "表格顺序与目录不一致：“{later}”排在“{earlier}”之前。")
REQUIRED_TABLE_MISSING = Message("REQUIRED_TABLE_MISSING", "部门决算应公开的第{code}张表“{title}”在文档中没有找到。")
EMPTY_TABLE_NO_NOTE = Message("EMPTY_TABLE_NO_NOTE", "空表“{title}”没有“无…故本表无数据”的说明。")
EMPTY_TABLE_STATED = Message("EMPTY_TABLE_STATED", "文中写“{text}”，而“{title}”（第{line}行）为空表。")
CLASS_NAME = Message("CLASS_NAME", "科目名称与表格不一致：文中“{written}”，表中{code}为“{name}”。")


CATALOGUE: dict[str, Message] = {m.code: m for m in globals().values() if isinstance(m, Message)}
"""Every message by its code."""
