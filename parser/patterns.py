"""Patterns shared by more than one stage (the readers and the layout), defined once.

>>> bool(TABLE_TITLE.search("一般公共预算财政拨款支出决算表")), bool(TABLE_META.search("公开03表"))
(True, True)
"""
import regex

TABLE_META = regex.compile(r"(公开\s*\d+\s*表|附表\s*\d+|^部门[:：]|单位[:：]\s*(万元|元|千元|亿元)|^金额单位)")
TABLE_TITLE = regex.compile(r"(决算表|预算表|自评表|数据表|总表|明细表|评分表|情况表|一览表)\s*$")
BLANK_CHARS = " \t\u3000\xa0\r"
