"""Patterns shared by more than one stage (the readers, the layout, the narrative and the rules), defined once.

>>> bool(TABLE_TITLE.search("一般公共预算财政拨款支出决算表")), bool(TABLE_META.search("公开03表"))
(True, True)
>>> YEAR.findall("2025年预算，2026 年决算"), CLAUSE_BREAK.split("收入5万元，支出3万元；结余2万元")
(['2025', '2026'], ['收入5万元', '支出3万元', '结余2万元'])
"""
import regex

TABLE_META = regex.compile(r"(公开\s*\d+\s*表|附表\s*\d+|^部门[:：]|单位[:：]\s*(万元|元|千元|亿元)|^金额单位)")
TABLE_TITLE = regex.compile(r"(决算表|预算表|自评表|数据表|总表|明细表|评分表|情况表|一览表)\s*$")
BLANK_CHARS = " \t\u3000\xa0\r"

# punctuation classes, as strings of characters (a regex class is f"[{...}]")
CLAUSE_END = "，,；;：:。"                # ends a clause
ITEM_END = "；;。"                        # ends a list item or a sentence: what a 主要包括 list or an explanation runs to
SENTENCE_END = "。；;！？!?"               # ends a sentence
PARAGRAPH_END = SENTENCE_END + "：:"      # a line ending in one of these ends its paragraph (a colon opens a list)
CLAUSE_BREAK = regex.compile(f"[{CLAUSE_END}]")
ITEM_BREAK = regex.compile(f"[{ITEM_END}]")

YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")    # a year as printed (2025年, 2025 年); group 1: its digits
