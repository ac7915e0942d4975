"""Constructions of real prose: which figure a change, share or sum is read from.

Each construction has a sentence from a real published text (the web excerpts of ../shared/corpus/web,
quoted as printed) and one written apart from it. `findings` lists (rule, quote substring) of the
error/warning findings the text must give; every other statement of the text must give none.
"""
import pytest

from parser.check import check_document
from parser.rules.messages import BALANCED_TO_HUNDRED
from tests.conftest import doc_from_text


def findings(text: str) -> list[tuple[str, str]]:
    report = check_document(doc_from_text(text))
    return [(f.rule, f.quote) for f in report.findings if f.severity in ("error", "warning")]


def statuses(text: str) -> dict[str, str]:
    report = check_document(doc_from_text(text))
    return {c.text: c.status for c in report.claims}


REAL_LESS_THAN = ("3．公务接待费预算支出116.5万元，本年数小于上年预算数 40.05万元，主要是省检察院党组严格贯彻落实中央“八项规定”"
                  "和省委省政府厉行节约相关规定作出的选择。")

CASES = [
    # 1. a change belongs to the level of its own clause, not to the sentence's first total
    pytest.param("本年收入28519亿元,比上年增加1965亿元,增长7.4%,完成预算的107.7%。其中:基本养老保险费收入22407亿元,"
                 "比上年增加1311亿元,增长6.2%,完成预算的106%;财政补贴收入4291亿元,比上年增加398亿元,增长10.2%。",
                 [], id="real: 其中 parts with their own changes (1311/21096 = 6.2%)"),
    pytest.param("部门收入合计500万元，比上年增加50万元，增长11.1%，其中：财政拨款收入300万元，比上年减少20万元，下降6.3%。",
                 [], id="apart: a part's decrease read against the part (20/320 = 6.25%)"),
    pytest.param("部门收入合计500万元，比上年增加50万元，增长11.1%，其中：财政拨款收入300万元，比上年减少20万元，下降7.5%。",
                 [("change", "下降7.5%")], id="apart: the part's percent wrong (6.25%, not 7.5%)"),
    # 2. 增收/减收/增支/减支 are changes, and the prior-year base may stand inside the clause
    pytest.param("2023年1-9月一般公共预算收入37,730万元,为县人民代表大会批准全县全年预算46,908万元的80.43%,"
                 "比上年同期35,285万元增收2,445万元,增长6.9%。", [],
                 id="real: base inside the clause, a budget as the whole of a rate (37730−35285 = 2445)"),
    pytest.param("税收收入1,100万元，比上年同期1,000万元增收100万元，增长12%。", [("change", "增长12%")],
                 id="apart: 增收 a change; 100/1000 = 10%, not 12%"),
    pytest.param("科学技术支出259万元,比上年同期139万元增支120元,增长86.3%。", [("change", "增支120元")],
                 id="real: 增支120元 for 120万元 (259 − 139)"),
    # 3. figures of an explanation clause are not the statement's level
    pytest.param("节能环保8,976万元,比上年同期1,459万元增支7,517万元,增长515.2%,增长的主要原因是及时拨付上级专项污染防治资金7,734万元;"
                 "城乡社区事务支出7,234万元,比上年同期4,704万元增支2,530万元,增长53.8%。", [],
                 id="real: 主要原因是…7,734万元 is no level"),
    pytest.param("项目支出200万元，比上年增加20万元，增长11.1%，主要原因是新增培训经费30万元，比上年增加10万元。", [],
                 id="apart: a change inside the explanation is not the item's"),
    # 4. the last part of a 其中 list without changes of its own: two readings, no finding
    pytest.param("支出合计100万元，其中：基本支出60万元，项目支出40万元，比上年增加10万元，增长50%。", [],
                 id="apart: 增长50% may be the total's or 项目支出's"),
    # 5. one metric under two funds or government levels is two figures
    pytest.param("全区一般公共预算收入35.01亿元,上级补助收入11.96亿元。收入合计55.60亿元。\n"
                 "全区政府性基金上年结余26.38亿元,上级补助收入14.78亿元,债券转贷收入1.34亿元,收入合计42.5亿元。", [],
                 id="real: 收入合计 of 一般公共预算 and of 政府性基金"),
    pytest.param("一、市级一般公共预算\n支出合计80万元。\n二、市级政府性基金预算\n支出合计30万元。", [],
                 id="apart: the fund named in the headings"),
    pytest.param("一、一般公共预算财政拨款“三公”经费\n“三公”经费财政拨款支出预算为21.4万元。\n二、其他说明\n"
                 "“三公”经费财政拨款支出预算为23.40万元。", [("mismatch", "23.40万元")],
                 id="apart: an unqualified statement is the same figure as the qualified one"),
    # 6. a （含…） list ends at its parenthesis, and an 、-list at the first clause break after it
    pytest.param("全镇一般公共预算收入4402万元,加上级转移支付收入1884万元,其中:一般转移支付收入1478万元(含均衡性转移支付收入166万元、"
                 "基本财力保障机制奖补资金收入968万元、结算补助收入132万元、其他一般转移支付收入212万元,专项转移支付收入406万元),"
                 "上年结转结余60万元,基金调入103万元,收入合计为6449万元。", [],
                 id="real: (含…、…,专项…) and a 合计 after the list"),
    pytest.param("培训费10万元（含师资费4万元、场地费3万元、资料费3万元，另列差旅费2万元）。", [],
                 id="apart: the 、-list ends at the comma (4+3+3 = 10)"),
    pytest.param("基本支出10.00万元（含人员经费4.00万元、公用经费3.00万元、其他支出4.00万元）。", [("sum", "基本支出10.00万元")],
                 id="apart: a 含 list that does not add up (4+3+4 = 11)"),
    # 7. a narrower figure of the same metric is not the same figure stated twice
    pytest.param("公務接待657.42萬元。\n審計署表示,其中涉外的公務接待費支出140萬元。\n而其他公務接待費支出517.42萬元。", [],
                 id="real: 涉外的 / 其他 公务接待费 name parts"),
    pytest.param("公务接待费10.00万元。\n其中境外来宾的公务接待费3.00万元。", [], id="apart: X的 names a part"),
    pytest.param("2021年前三季度,贵州省一般公共预算收入累计达到1398.99亿元,增收136.12亿元,增长10.8%。其中:\n"
                 "省本级一般公共预算收入完成434.9亿元,增收63.47亿元,增长17.1%;\n"
                 "市县级一般公共预算收入完成964.09亿元,增收72.65亿元,增长8.1%。", [],
                 id="real: 其中 parts of the same metric over lines"),
    pytest.param("机关事业单位基本养老保险缴费支出 150384 元,其中:\n基本支出 150384 元,项目支出 0元。\n"
                 "2021 年一般公共预算拨款支出 1493924.6 元,其中:基本支出 1440224.6 元。", [],
                 id="real: an item's own 基本支出 split"),
    pytest.param("本年支出合计500.00万元，其中：基本支出400.00万元。\n培训项目经费100.00万元，其中：基本支出20.00万元。", [],
                 id="apart: 基本支出 of another whole"),
    pytest.param("本年支出合计500.00万元，其中：基本支出400.00万元。\n二、支出情况\n本年基本支出420.00万元。",
                 [("mismatch", "基本支出420.00万元")], id="apart: the same 基本支出 twice with two values"),
    # 9. paired lists: each share of the amount in its place; shares of a whole list add to 100%
    pytest.param("2025年一季度全市政府采购规模为1.32亿元。其中,货物、工程、服务政府采购规模分别为0.72亿元、0.02亿元和0.59亿元,"
                 "占全市政府采购规模比例为54.54%、1.51%和44.69%。", [("sum", "54.54%")],
                 id="real: shares that add to 100.74%"),
    pytest.param("从组织形式看,政府集中采购、部门集中采购、分散采购规模分别为0.54亿元、0.04亿元和0.74亿元,占全市政府采购规模的40.91%、"
                 "3.03%和56.06%。全市政府采购规模为1.32亿元。", [],
                 id="real: the whole stated after the list: no relation"),
    pytest.param("全区支出总额为200.00万元，甲、乙两项分别为120.00万元和80.00万元，占全区支出总额的60.00%和40.00%。", [],
                 id="apart: a paired list that adds up"),
    pytest.param("全区支出总额为200.00万元，甲、乙两项分别为120.00万元和80.00万元，占全区支出总额的40.00%和60.00%。",
                 [("share", "40.00%"), ("share", "60.00%")], id="apart: shares paired in the wrong order"),
    # 10. a whole named in several sentences but never stated: the shares imply it; the odd one out
    pytest.param("教育支出52.81亿元,增长12.1%,占财政支出总量的19.8%。\n医疗卫生与计划生育支出42.76亿元,增长29.4%,占财政支出总量的16%。\n"
                 "社会保障和就业支出27.36亿元,增长12.0%,占财政支出总量的16%。", [("share", "16%")],
                 id="real: a share copied from the line above"),
    pytest.param("甲项支出30万元，占部门支出的30%。\n乙项支出20万元，占部门支出的20%。\n丙项支出10万元，占部门支出的10%。", [],
                 id="apart: three shares that imply one whole (100)"),
    # 11. a yearly average growth against the growth over the years between
    pytest.param("全國一般公共預算教育支出累計16.06萬億元,年均增長7.02%,2020年達到36310.47億元,比2015年增長40.4%。"
                 "全國幼兒園生均一般公共預算教育經費年均增長12.3%,2020年達到9410.76元,比2015年增長76.48%;"
                 "全國普通小學生均一般公共預算教育經費年均增長5.08%,2020年達到12330.58元,比2015年增長28.13%。",
                 [("change", "年均增長12.3%")], id="real: 1.7648^(1/5) − 1 = 12.03%, not 12.3%"),
    pytest.param("全市研发投入年均增长10%，2024年达到161.05亿元，比2019年增长61.05%。", [],
                 id="apart: 1.1^5 = 1.6105"),
    # 12. a sentence that names its subject and states only a change takes the level of the sentence before
    pytest.param("2018年财政拨款“三公”经费预算总额为2.7万元,其中,因公出国(境)费支出0万元,公务用车购置及运行费支出1.5万元,"
                 "公务接待费支出1.2万元。\n2018年“三公”经费预算数比2017年预算数减少0.06万元,减幅 0.02%。",
                 [("change", "减幅 0.02%")], id="real: 0.06/(2.7+0.06) = 2.17%, not 0.02%"),
    pytest.param("2024年会议费预算为10.00万元。\n2024年会议费预算比2023年减少2.00万元，下降16.67%。", [],
                 id="apart: 2/12 = 16.67%"),
    pytest.param("2024年会议费预算为10.00万元。\n2024年培训费预算比2023年减少2.00万元，下降50%。", [],
                 id="apart: another subject: no level to read"),
    # 13. a list of shares framed by `X中，` takes X as the whole
    pytest.param("2019年度一般公共预算财政拨款“三公”经费支出预算为18万元,支出决算为6.28万元,完成预算的34.89%。\n"
                 "2019年度一般公共预算财政拨款“三公”经费支出决算中,因公出国(境)费支出决算0万元,0;公务接待费支出决算6.28万元,占34.88%。",
                 [("share", "占34.88%")], id="real: the only item of 6.28 is 100% of it"),
    pytest.param("2024年“三公”经费支出决算为10.00万元。\n“三公”经费支出决算中，公务接待费支出4.00万元，占40.00%；"
                 "公务用车运行维护费6.00万元，占60.00%。", [], id="apart: 4/10 and 6/10"),
    # 14. `X，由A，加B构成`: the parts of X; a figure after an ASCII comma is read
    pytest.param("全镇一般公共预算财力1,867.48万元。由一般公共预算收入111.11万元,加上级补助收入等1,756.37万元构成。"
                 "支出总计,867.48万元,由一般公共预算支出1,867.48万元,加上解支出、结转下年等0万元等构成,当年收支平衡。",
                 [("sum", "867.48万元")], id="real: a total missing its leading digit"),
    pytest.param("支出总计500.00万元，由基本支出300.00万元，加项目支出200.00万元构成。", [], id="apart: 300 + 200"),
    # 15. a whole and its definitional parts stated in different paragraphs
    pytest.param("2014年全国政府采购规模为17305.34亿元,比上年增加924.24亿元,增长5.6%。\n工程类采购金额10141.11亿元,占采购总规模的58.6%。\n"
                 "货物类采购金额5230.04亿元,占采购总规模的30.2%。\n服务类采购金额1934.25亿元,占采购总规模的11.2%。",
                 [("sum", "17305.34亿元")], id="real: goods + works + services = 17305.40"),
    pytest.param("2024年“三公”经费支出10.00万元。\n因公出国（境）费支出2.00万元。\n公务接待费支出3.00万元。\n"
                 "公务用车购置及运行维护费支出5.00万元。", [], id="apart: 2 + 3 + 5 = 10"),
    pytest.param("基本支出384.99万元。\n人员经费230.26万元。\n公用经费150.23万元。", [],
                 id="apart: 基本支出 may hold more than 人员 + 公用 (not across paragraphs)"),
    # 16. shares listed after amounts that are not their parts' list: no pairing to read
    pytest.param("中央预算单位、地方预算单位政府采购规模分别为2666.3亿元和30400.7亿元,占全国政府采购规模的8.1%和91.9%。", [],
                 id="real: each share paired with its own amount, the whole not stated"),
    # 17. a list that adds up exactly once two adjacent digits of one figure are swapped
    pytest.param("2016年我院总收入27,664.71万元,其中:财政补助收入9,787.85万元,事业收入5,738.74万元,其他收入21,037.17万元,"
                 "经营收入100.95万元。", [("sum", "21,037.17万元")], id="real wording: 12,037.17 typed 21,037.17"),
    pytest.param("支出合计1,000.00万元，其中：基本支出640.00万元，项目支出306.00万元。", [("sum", "306.00万元")],
                 id="apart: 360 typed 306 in a list that need not be whole"),
    pytest.param("支出合计1,000.00万元，其中：基本支出640.00万元，项目支出300.00万元。", [],
                 id="apart: a part short of its total, no swap explains it"),
    # 18. an explanation's later points (；二是…) and 除…外 scopes are not statements of the item's figure
    pytest.param("3．检察（款）检察监督(项)支出1185.6万元，与上年相比减少709.4万元，减少37.44 %。主要原因一是省纪委监委自省检察院本级"
                 "划转240万元办案费;二是《财政拨款支出预算表（功能科目）》增加了“其他检察支出”项级科目分流469.5万元。\n"
                 "检察监督支出1185.6万元。", [], id="real: 一是…；二是… are parts of the explanation"),
    pytest.param("会议费支出50.00万元，主要原因一是会议增加10.00万元；二是会议费标准提高5.00万元。\n会议费支出50.00万元。", [],
                 id="apart: the second point of an explanation"),
    pytest.param("（8）公务接待费（款）支出16万元。用于除专项接待费外的其他按规定开支的公务接待支出。\n"
                 "一般公共预算“三公”经费预算支出中，公务接待费支出443.50万元。", [], id="real: 除专项接待费外 narrows the item"),
    # 8. a fund's name holds 预算 but states no budget; an approved budget is one
    pytest.param("全区一般公共预算收入35.01亿元，完成调整后预算的99.2%。", [],
                 id="apart: 一般公共预算收入 is no budget to divide by"),
    pytest.param("镇人大批准的2023年一般公共预算收入为3522万元。\n2023年全镇一般公共预算收入4402万元，同比增长10%。", [],
                 id="apart: 批准的 names the budget, not the revenue"),
    # 19. shares listed one per line under a 其中： that ends the line before (the list runs while lines end ；or ，)
    pytest.param("江苏省高级人民法院本年支出预算合计28849.38万元，其中：\n基本支出17123.19万元，占59.35%；\n"
                 "项目支出11543.27万元，占40.01%；\n单位预留机动经费182.92万元，占0.64%；",
                 [], id="real (js_2017 高院): 182.92/28849.38 = 0.63% printed 0.64% so that the list makes 100%"),
    pytest.param("部门支出合计200.00万元，其中：\n基本支出150.00万元，占75.00%；\n项目支出49.00万元，占24.60%；\n其他1.00万元，占0.50%；",
                 [("share", "占24.60%")], id="apart: 49/200 = 24.50%, one unit off but the list makes 100.10%"),
    pytest.param("部门支出合计200万元，其中：\n基本支出150万元，占75%；\n项目支出50万元，占30%。", [("share", "占30%")],
                 id="apart: 50/200 = 25%, not 30%"),
    pytest.param("部门支出合计200万元，其中：\n基本支出150万元。\n项目支出50万元，占30%。", [],
                 id="apart: a line ending 。 closes the list"),
    pytest.param("省委办公厅本年收入预算合计20849.45万元，其中：\n一般公共预算收入20702.25万元，占99.29%。\n"
                 "财政专户管理资金147.20万元，占0.71%。", [],
                 id="real (js_2017 省委办公厅): lines of one part and its share, each ending 。"),
    pytest.param("部门收入合计400万元，其中：\n财政拨款收入300万元，占75%。\n事业收入100万元，占20%。", [("share", "占20%")],
                 id="apart: 100/400 = 25%, the list goes on over lines ending 。"),
    # 19b. a list's parts in sentences of one line cut at ；, or opened by 主要用于以下方面：
    pytest.param("本年支出合计9759.38万元，其中：基本支出5377.64万元，占55.10%；项目支出4381.74万元，占44.90%。", [],
                 id="real (普陀 规划资源局): 4381.74/9759.38 = 44.90%"),
    pytest.param("一般公共预算财政拨款支出9746.50万元，主要用于以下方面：社会保障和就业支出（类）754.75万元，占7.74%；"
                 "卫生健康支出（类）236.63万元，占2.43%；", [], id="real (普陀 规划资源局): 以下方面 opens the list"),
    pytest.param("本年支出合计800万元，其中：基本支出600万元，占75%；项目支出200万元，占20%。", [("share", "占20%")],
                 id="apart: 200/800 = 25%, in the second sentence of the list"),
    # 19d. a list opening its sentence with 其中 after the whole's sentence; a 三公 whole stated only by its parts
    pytest.param("2017年度部门政府采购预算总金额为1,271.22万元。其中，货物类政府采购支出预算259.32万元,占20.40%；"
                 "服务类政府采购支出预算1,011.90万元,占79.60%；工程类政府采购支出预算0万元。", [],
                 id="real (js_2017 政协): 259.32/1271.22 = 20.40%"),
    pytest.param("部门政府采购预算总金额为500.00万元。其中，货物类采购支出预算200.00万元,占45.00%；服务类采购支出预算300.00万元,占60.00%。",
                 [("share", "占45.00%")], id="apart: 200/500 = 40%, not 45%; 300/500 = 60% is right"),
    pytest.param("江苏省政协办公厅2017年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出76万元，占“三公”经费的11.24%；"
                 "公务用车购置及运行维护费支出156.60万元，占“三公”经费的23.16%；公务接待费支出443.50万元，占“三公”经费的65.60%。", [],
                 id="real (js_2017 政协): the 三公 whole is 76 + 156.60 + 443.50"),
    pytest.param("“三公”经费预算支出中，因公出国（境）费支出10万元，占“三公”经费的10%；公务用车购置及运行维护费支出40万元，"
                 "占“三公”经费的40%；公务接待费支出50万元，占“三公”经费的60%。", [("share", "占“三公”经费的60%")],
                 id="apart: 50/100 = 50%, not 60%"),
    # 19c. an amount in 元 whose figure the text gives in 万元, in a report written in 亿元
    pytest.param("全区一般公共预算收入35.01亿元,上级补助收入11.96亿元,上年结余2.38亿元,调入资金229万元。\n"
                 "全区国有资本经营预算收入229元,上级补助收入86万元,调出资金229万元。", [("unit", "229元")],
                 id="real (w064, 229万元 typed 229元)"),
    pytest.param("全市税收收入120.5亿元，非税收入30.2亿元，其中罚没收入1,234万元。\n罚没收入1,234元，比上年增长5%。",
                 [("unit", "1,234元")], id="apart: a 亿元 report's 万元 figure written in 元"),
    # 20. a 其中 part of a total the lexicon does not name (总收入) is the whole's part, stated again later
    pytest.param("2016年度总收入27,664.71万元,其中:财政拨款收入9,787.85万元,教育事业收入5,738.74万元,其他收入12,037.17万元,"
                 "经营收入100.95万元。\n④经营收入:本年度我院经营收入为100.59万元,主要为食堂本年收入。",
                 [("mismatch", "100.59万元")], id="real (w001, 100.95 typed 100.59 on the second line)"),
    pytest.param("2024年度总收入500.00万元，其中：财政拨款收入321.77万元，事业收入178.23万元。\n财政拨款收入312.77万元。",
                 [("mismatch", "312.77万元")], id="apart: the part stated again with two digits swapped"),
    # 21. of two statements of one figure, the one another check finds wrong is reported
    pytest.param("2016年我院支出合计26,994.72万元,其中基本支出21,270.36万元,项目支出14,629.33万元,经营支出95.03万元。\n"
                 "①基本支出:本年度我院基本支出12,270.36万元。",
                 [("sum", "21,270.36万元"), ("mismatch", "21,270.36万元")],
                 id="real (w001, 12,270.36 typed 21,270.36 in the list): both at the list"),
    pytest.param("本年支出合计1,000.00万元，其中：基本支出604.00万元，项目支出360.00万元。\n基本支出640.00万元，占本年支出合计的64%。",
                 [("sum", "604.00万元"), ("mismatch", "604.00万元")], id="apart: the list's part, not the later statement"),
    # 22. 本年数小于/大于/低于…上年(预算)数D: D (or P%) is this year's change against last year's figure
    pytest.param(REAL_LESS_THAN, [], id="real (2018 省检察院 预算): 小于上年预算数 40.05万元, no prior stated: unverifiable"),
    pytest.param("会议费预算支出4.00万元，上年数5.00万元，本年数低于上年数1.00万元，下降20%。", [],
                 id="apart: 低于上年数 a decrease (5.00 − 4.00 = 1.00, 20%)"),
    pytest.param("会议费预算支出6.00万元，上年数5.00万元，本年数高于上年数2.00万元，增长20%。", [("change", "2.00万元")],
                 id="apart: 高于上年数 2.00 where 6.00 − 5.00 = 1.00"),
    pytest.param("培训费预算支出90万元，上年数100万元，本年数少于上年数15%。", [("change", "15%")],
                 id="apart: 少于上年数 15% where the fall is 10%"),
    # 23. a name a line break cut in two is read whole (`公务用车购` / `置及运行费`)
    pytest.param("出决算中,因公出国(境)费支出决算 0万元;公务用车购\n置及运行费支出决算3.89万元;公务接待费支出决算 1.5万\n元。\n"
                 "(一)因公出国(境)费支出 0 万元。\n(二)公务用车购置及运行费支出 3.98万元。其中:",
                 [("mismatch", "3.98万元")], id="real (w040, 3.98 typed 3.89 on the cut line): the two statements compared"),
    pytest.param("出决算中,因公出国(境)费支出决算 0万元;公务用车购\n置及运行费支出决算3.98万元;公务接待费支出决算 1.5万\n元。\n"
                 "(一)因公出国(境)费支出 0 万元。\n(二)公务用车购置及运行费支出 3.98万元。其中:",
                 [], id="real (w040 as printed): one figure stated twice"),
    pytest.param("本年“三公”经费支出合计20.5万元，其中公务接待费支出8.25万元，公务用车购\n置及运行维护费支出12.25万元。\n"
                 "公务用车购置及运行维护费支出12.52万元，主要用于车辆燃油。",
                 [("mismatch", "12.52万元")], id="apart: the cut name's figure against its second statement"),
    # 24. a name the lexicon does not know, stated twice with two adjacent digits swapped
    pytest.param("2021年安庆全市一般公共预算支出483亿元其中民生支出141.6亿元\n\n"
                 "据安庆市财政局数据显示,2021年全市一般公共预算收入156.1亿元,较上年增长10.2%;一般公共预算支出483亿元,"
                 "其中民生支出411.6亿元,连续3年保持在85%以上。",
                 [("mismatch", "民生支出411.6亿元")], id="real (w060, 411.6 typed 141.6 in the title)"),
    pytest.param("2021年安庆全市一般公共预算支出483亿元其中民生支出411.6亿元\n\n"
                 "据安庆市财政局数据显示,2021年全市一般公共预算收入156.1亿元,较上年增长10.2%;一般公共预算支出483亿元,"
                 "其中民生支出411.6亿元,连续3年保持在85%以上。",
                 [], id="real (w060 as printed)"),
    pytest.param("全县农业发展资金投入256.4万元，用于高标准农田建设。\n全县农业发展资金投入265.4万元，比上年增加10万元。",
                 [("mismatch", "265.4万元")], id="apart: 256.4 and 265.4 under one name"),
    pytest.param("全县农业发展资金投入256.4万元，用于高标准农田建设。\n全县农业发展资金投入300.5万元，比上年增加10万元。",
                 [], id="apart: two figures of one name that no swap relates (two years, two scopes): not reported"),
    pytest.param("2022年云南省教育经费总投入7111.23亿元(云南省教育经费支出)\n\n2022年,全省教育经费总投入为1711.23亿元,比上年增长2.24%。",
                 [("mismatch", "1711.23亿元")], id="real (w078, 1711.23 typed 7111.23 in the title): the province and 全省"),
    pytest.param("湖南省体育彩票公益金收入325.61万元。\n全省体育彩票公益金收入352.61万元，主要用于全民健身。",
                 [("mismatch", "352.61万元")], id="apart: a province's name and 全省 before one name"),
    pytest.param("1. 校舍维修项目\n校舍维修项目年初预算 400 万元，实际支出 310 万元。\n2. 教师培训项目\n"
                 "教师培训项目年初预算 150 万元，实际支出 130 万元。",
                 [], id="real (seed 003's wording): a role word is no name, two projects' headings are two things"),
    # 25. a balance statement: the fund's own revenue, plus what 加上 adds, makes the 收入总计/支出合计
    pytest.param("全镇本级一般公共预算收入实现111.11万元,为年初预算的116.9%,比上年增长9.0%,其中税收收入109.91万元,增长14.5%;"
                 "非税收入1.2万元。加上托底保障补助、结算补助、专项转移支付补助、上年结转、动用预算稳定调节基金等1,756.37万元,"
                 "收入总计1,867.48万元。", [], id="real: 111.11 + 1,756.37 = 1,867.48 (a 其中 breakdown between)"),
    pytest.param("全县一般公共预算收入500万元，比上年增长5%。加上上级补助收入300万元，上年结余50万元，收入合计860万元。",
                 [("sum", "860万元")], id="apart: 500 + 300 + 50 = 850, not 860"),
    pytest.param("全区一般公共预算总收入410338万元,完成调整后预算的97.3%,下降6.4%,其中地方一般公共预算收入271630万元,"
                 "完成调整后预算的99.2%,下降4.7%;加上级补助收入120846万元,上年结余收入42690万元,债务转贷收入16714万元,"
                 "调入预算稳定调节基金44421万元,调入资金18300万元,收入合计514601万元。", [],
                 id="real: one 其中 part before 加上 (the narrower figure is the one added to): two readings, no finding"),
    pytest.param("一般公共预算收入100万元，加上上级补助、上年结转等，收入总计180万元。", [],
                 id="apart: items added without their amounts: no sum to check"),
    # 26. the total first, then `由…构成` in the next sentence
    pytest.param("全镇一般公共预算财力1,867.48万元。由一般公共预算收入111.11万元,加上级补助收入、上年结余、动用预算稳定调节基金等"
                 "1,756.37万元构成。", [], id="real: 财力 = 111.11 + 1,756.37"),
    pytest.param("全市财力900万元。由本级收入600万元，上级补助收入200万元构成。", [("sum", "900万元")],
                 id="apart: 600 + 200 = 800, not 900"),
    # 27. a title ahead of its text: the whole of its share is stated only after it, once
    pytest.param("黑龙江上半年民生支出2150.5亿元 占一般公共预算支出比重达86.8%\n\n今年上半年,一般公共预算支出完成2477.2亿元,"
                 "增长0.4%。", [], id="real: 2150.5 / 2477.2 = 86.8%"),
    pytest.param("全市民生支出900亿元 占一般公共预算支出比重达95%\n\n今年一般公共预算支出完成1000亿元。",
                 [("share", "95%")], id="apart: 900 / 1000 = 90%, not 95%"),
    # 28. a part of the year is its own figure: a quarter's or five months' amount is not the half year's
    pytest.param("今年上半年,一般公共预算支出完成2477.2亿元,增长0.4%,增速比一季度提高2.6个百分点。\n"
                 "一季度,一般公共预算支出完成1190.4亿元。", [], id="real: 上半年 2477.2 and 一季度 1190.4"),
    pytest.param("2023年一般公共预算收入完成520万元。\n1-5月一般公共预算收入完成210万元。", [],
                 id="apart: the year's revenue and that of 1-5月"),
    pytest.param("上半年一般公共预算收入完成520万元。\n上半年一般公共预算收入完成502万元。", [("mismatch", "502万元")],
                 id="apart: the same half year stated twice, two digits swapped"),
    # 29. an unqualified figure and one of a named government level are two readings (全市's, or 市本级's)
    pytest.param("全区一般公共预算收入35.01亿元,上级补助收入11.96亿元。\n"
                 "区本级一般公共预算收入32.20亿元,上级补助收入11.75亿元。", [],
                 id="real: 全区 and 区本级 revenue"),
    pytest.param("一般公共预算支出完成1000亿元。\n市本级一般公共预算支出完成300亿元。", [],
                 id="apart: an unqualified figure against 市本级's"),
    pytest.param("市本级一般公共预算支出完成300亿元。\n市本级一般公共预算支出完成330亿元。", [("mismatch", "330亿元")],
                 id="apart: 市本级 stated twice with two values"),
    # 30. what is left at the year's end: the revenue total less the spending total
    pytest.param("2016年,全国社会保险基金总收入50112亿元,比上年增长8.1%;总支出43605亿元,比上年增长11.5%;本年收支结余6508亿元,"
                 "年末滚存结余65425亿元。", [], id="real: 50112 − 43605 = 6507, 6508 within the three figures' rounding"),
    pytest.param("全县收入合计500万元，支出合计420万元，年终结余90万元。", [("sum", "年终结余90万元")],
                 id="apart: 500 − 420 = 80, not 90"),
    pytest.param("收入合计500万元。\n支出合计420万元。\n上述收支相抵，年终结余70万元，全部结转下年使用。", [("sum", "年终结余70万元")],
                 id="apart: 上述收支相抵 takes the totals of the two lines before"),
    pytest.param("收入决算数为1,099,398.49万元,其中:本年收入合计1,092,077.49万元,年初结转和结余收入7,321万元。"
                 "支出决算数为1,099,398.49万元,其中本年支出合计1,090,901.88万元,年末结转结余8,496.61万元。", [],
                 id="real: a balance carried in after the revenue total (R = A + C − B): not revenue less spending"),
    pytest.param("收入合计500万元，支出合计420万元，上年结余60万元。", [], id="apart: 上年结余 is carried in, not what is left"),
    # 31. `由上年的X增加到Y，增长p%`: X is the earlier level, Y this year's
    pytest.param("普通高等学校由上年的17916.00元增加到21360.17元,增长19.22%。", [],
                 id="real: (21360.17 − 17916.00) / 17916.00 = 19.22%"),
    pytest.param("会议费从2923.34万元增加到3105.95万元，增长7.2%。", [("change", "增长7.2%")],
                 id="apart: 从X增加到Y, 6.25% not 7.2%"),
    pytest.param("差旅费由上年的80万元下降到60万元，下降25%。", [], id="apart: a fall, 20/80 = 25%"),
    # 32. a level's breakdown in brackets: the change after the brackets is the level's
    pytest.param("公务用车购置及运行费42.68亿元(包括购置费9.26亿元、运行费33.42亿元),减少3.11亿元,下降6.8%;公务接待费2.45亿元。",
                 [], id="real: 3.11 / (42.68 + 3.11) = 6.8%"),
    pytest.param("培训费50万元（其中：师资费20万元，场地费30万元），比上年减少10万元，下降16.67%。", [],
                 id="apart: 10 / 60 = 16.67% (read on the bracket's 30 it would be 25%)"),
    # 33. `从2015年的X上升到2020年的Y，年均增长a%`: a compounds X into Y over the years between
    pytest.param("上级补助收入从2015年的99229万元上升到2020年的181398万元,年均增长12.82%。", [],
                 id="real: (181398 / 99229)^(1/5) − 1 = 12.82%"),
    pytest.param("税收收入从2018年的100万元增长到2021年的133.1万元，年均增长12%。", [("change", "年均增长12%")],
                 id="apart: (133.1 / 100)^(1/3) − 1 = 10%, not 12%"),
    # 34. a whole the lexicon does not know, stated on a line before under the name the share gives it
    pytest.param("2016年度总收入27,664.71万元,其中:财政拨款收入9,787.85万元,教育事业收入5,738.74万元,其他收入12,037.17万元,"
                 "经营收入100.95万元。\n②教育事业收入:本年度我院事业收入5,738.74万元,占总收入的20.74%。", [],
                 id="real: 5,738.74 / 27,664.71 = 20.74%"),
    pytest.param("本年度总收入500万元。\n事业收入100万元，占总收入的25%。", [("share", "占总收入的25%")],
                 id="apart: 100 / 500 = 20%, not 25%"),
    # 35. a rate whose budget or task stands in its own clause right before it
    pytest.param("2023年1-9月政府性基金收入完成6,222万元,为县人民代表大会批准全县全年预算15,653万元的39.8%,比上年同期8,958万元"
                 "减收2,736万元,下降30.5%。", [], id="real: 6,222 / 15,653 = 39.8%"),
    pytest.param("全区财政总收入完成4000万元，占全年任务数5000万元90%。", [("rate", "90%")],
                 id="apart: 4000 / 5000 = 80%, not 90%"),
    pytest.param("截止至2020年3月底,全区政府采购同口径规模为30817.8万元,较上年同期增长18935.17万元。\n"
                 "2020年一季度工程类采购规模为23175.88万元,较上年同期增加16527.53万元,占全区政府采购同口径规模的75.2%。", [],
                 id="real: a long name stated as is (23175.88 / 30817.8 = 75.2%)"),
    pytest.param("全县农业产业发展专项资金为800万元。\n其中良种补贴200万元，占全县农业产业发展专项资金的30%。",
                 [("share", "30%")], id="apart: 200 / 800 = 25%, not 30%"),
    # 36. a 其中 list over ；-items or opening the next sentence
    pytest.param("上半年,全市一般公共预算收入1144.4亿元,同比增长6.3%。其中:地方税收收入865.4亿元,同比增长2.8%;"
                 "非税收入279亿元,同比增长18.8%。", [], id="real: 865.4 + 279 = 1144.4"),
    pytest.param("全县一般公共预算支出900万元，同比增长5%。其中：教育支出500万元，同比增长3%；卫生健康支出450万元，同比增长2%。",
                 [("sum", "900万元")], id="apart: 500 + 450 = 950, more than the total 900"),
    pytest.param("海关总署决算反映的当年预算执行数为986 752.25万元,其中财政拨款985 552.25万元;其部门预算与执行结果的差异总额为"
                 "142 483.75万元,差异的具体情况及产生原因见附表1。", [],
                 id="real: an item opening with 其 states something of its own, not one more part"),
    pytest.param("2022年11月,杨陵区财政总收入完成45633万元,占全年任务数52391万元87.1%。其中:地方一般预算收入完成22797万元,"
                 "占全年任务数22881万元99.63%。", [], id="real: a task stated inside an item is no part"),
    pytest.param("部门支出100万元，收入120万元。其中：财政拨款收入70万元，事业收入50万元。", [],
                 id="apart: two levels before 。其中: the list's total is not said"),
    pytest.param("项目资金收入合计100万元，支出合计80万元，年终结余30万元（含上年结转10万元）。", [],
                 id="apart: a remainder that says it holds last year's balance is not revenue less spending"),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_construction(text, expected):
    found = findings(text)
    assert len(found) == len(expected), found
    for (rule, quote), (got_rule, got_quote) in zip(expected, found):
        assert got_rule == rule and (quote in got_quote or got_quote in quote), found


def test_change_of_own_clause_is_checked_not_abstained():
    got = statuses("部门收入合计500万元，比上年增加50万元，增长11.1%，其中：财政拨款收入300万元，比上年减少20万元，下降6.3%。")
    assert got["下降6.3%"] == "consistent"


@pytest.mark.parametrize("text,figure,last_year", [
    (REAL_LESS_THAN, "40.05万元", "156.55"),
    ("会议费预算支出6万元，本年数多于上年预算数1万元。", "1万元", "5"),
    ("会议费预算支出6万元，本年数低于上年数 1.5万元，主要是压减会议。", "1.5万元", "7.5"),
], ids=["real: 小于上年预算数 D", "多于上年预算数", "低于上年数"])
def test_less_or_more_than_last_year_is_a_change(text, figure, last_year):
    from parser.cross.facts import cross_facts
    report = check_document(doc_from_text(text))
    claim = next(c for c in report.claims if c.quantity.surface == figure)
    assert claim.kind == "change_amount"
    stated = [f for f in cross_facts(report) if f.how == "change"]
    assert [(f.value, f.year_offset) for f in stated] == [(last_year, -1)]


def test_a_comparison_without_a_figure_after_it_is_no_change():
    from parser.cross.facts import cross_facts
    report = check_document(doc_from_text("会议费预算支出6万元，本年数大于上年预算数的主要原因是新增会议1万元。"))
    assert [c.kind for c in report.claims] == ["amount", "amount"]
    report = check_document(doc_from_text("会议费预算支出6万元，本年数大于上年预算数，主要是增加1万元。"))
    assert [f for f in cross_facts(report) if f.how == "change"] == []        # 1万元 explains; it is no difference


def test_equal_to_last_years_budget_states_the_same_figure():
    from parser.cross.facts import cross_facts
    report = check_document(doc_from_text("会议费预算支出168万元，本年数等于上年预算数。"))
    assert [(f.how, f.value, f.base_kind) for f in cross_facts(report) if f.role == "stated"] == [("no_change", "168", "预算")]


def test_list_tail_change_stays_unverifiable():
    got = statuses("支出合计100万元，其中：基本支出60万元，项目支出40万元，比上年增加10万元，增长50%。")
    assert got["增长50%"] == "unverifiable"


@pytest.mark.parametrize("title,kind", [
    ("外交部去年公务接待费仅8万元 预算执行比例不到3%\n外交部2014年度部门决算近日公布。", "决算"),
    ("上海市普陀区2026年区级单位预算", "预算"),
    ("贵州省一般公共预算收入累计达到1398.99亿元", "other"),
], ids=["预算执行比例 in a news title", "a 单位预算", "a revenue report"])
def test_document_kind(title, kind):
    assert check_document(doc_from_text(title)).meta.kind == kind


BALANCED = ("“三公”经费508.20万元，其中：因公出国（境）费支出70万元，占“三公”经费的13.77%；公务用车购置及运行费支出411.20万元，"
            "占“三公”经费的80.92%；公务接待费支出27万元，占“三公”经费的{}%。")


@pytest.mark.parametrize("last,balanced", [("5.31", True), ("5.32", False)],
                         ids=["real: 80.91 printed 80.92 so that the shares make 100.00", "apart: shares of 100.01%"])
def test_a_share_balanced_to_100_is_info_that_says_so(last, balanced):
    report = check_document(doc_from_text(BALANCED.format(last)))
    (finding,) = [f for f in report.findings if f.rule == "share"]
    assert finding.severity == ("info" if balanced else "warning")
    assert finding.cause == "rounding" and "80.92%" in finding.quote
    assert finding.code == "SHARE_MISMATCH" and (BALANCED_TO_HUNDRED() in finding.message) == balanced


@pytest.mark.parametrize("text,share", [
    ("江苏省高级人民法院本年支出预算合计28849.38万元，其中：\n基本支出17123.19万元，占59.35%；\n项目支出11543.27万元，占40.01%；",
     "占40.01%"),
    ("省委办公厅本年收入预算合计20849.45万元，其中：\n一般公共预算收入20702.25万元，占99.29%。\n财政专户管理资金147.20万元，占0.71%。",
     "占0.71%"),
    ("本年支出合计9759.38万元，其中：基本支出5377.64万元，占55.10%；项目支出4381.74万元，占44.90%。", "占44.90%"),
    ("一般公共预算财政拨款支出9746.50万元，主要用于以下方面：社会保障和就业支出（类）754.75万元，占7.74%；"
     "卫生健康支出（类）236.63万元，占2.43%；", "占2.43%"),
], ids=["real: one part a line, lines ending ；", "real: one part a line, lines ending 。", "real: sentences cut at ；",
        "real: 以下方面"])
def test_a_share_of_a_list_is_verified_against_its_head(text, share):
    assert statuses(text)[share] == "consistent"


@pytest.mark.parametrize("text,total", [
    ("2021年全区一般公共预算收入完成147.1亿元,完成年度预算的100.2%,同比增长7.2%。加上转移性收入49.2亿元,收入合计196.3亿元。",
     "收入合计196.3亿元"),
    ("全县一般公共预算支出800万元，增长3%；加上上解上级支出100万元，债务还本支出50万元(其中:置换债券20万元)，支出合计950万元。",
     "支出合计950万元"),
], ids=["real: 147.1 + 49.2", "apart: a bracketed 其中 inside the added amounts is no part"])
def test_a_balance_statement_is_checked(text, total):
    assert statuses(text)[total] == "consistent"


def test_a_single_part_before_the_addition_leaves_the_total_unverifiable():
    got = statuses("全区一般公共预算总收入410338万元,其中地方一般公共预算收入271630万元;加上级补助收入120846万元,"
                   "收入合计392476万元。")
    assert got["收入合计392476万元"] == "unverifiable"


def test_a_whole_stated_later_with_two_values_leaves_the_share_unverifiable():
    got = statuses("全市民生支出900亿元 占一般公共预算支出比重达95%\n\n一般公共预算支出完成1000亿元。\n"
                   "一般公共预算支出完成947亿元。")
    assert got["全市民生支出900亿元 占一般公共预算支出比重达95%"] == "unverifiable"


def test_a_share_restating_a_balanced_one_is_info():
    text = ("2016年我院支出合计26,994.72万元,其中基本支出12,270.36万元,占总支出的45.46%,项目支出14,629.33万元,占总支出的54.19%,"
            "经营支出95.03万元,占总支出的0.35%。\n①基本支出:本年度我院基本支出12,270.36万元,占总支出的45.46%。")
    shares = [f for f in check_document(doc_from_text(text)).findings if f.rule == "share"]
    assert [(f.line, f.severity) for f in shares] == [(1, "info"), (2, "info")]
    assert "第1行" in shares[1].message


def test_a_share_restating_an_unbalanced_one_stays_a_warning():
    text = ("支出合计26,994.72万元,其中基本支出12,270.36万元,占总支出的45.46%,项目支出14,629.33万元,占总支出的54.19%,"
            "经营支出95.03万元,占总支出的0.36%。\n基本支出12,270.36万元,占总支出的45.46%。")
    shares = [f for f in check_document(doc_from_text(text)).findings if f.rule == "share" and "45.46" in f.quote]
    assert [(f.line, f.severity) for f in shares] == [(1, "warning"), (2, "warning")]


def test_a_year_end_balance_is_checked():
    got = statuses("省级一般公共预算总收入4427.55亿元,总支出3887.38亿元,年终结转540.17亿元;社保基金预算当年收入308.87亿元,"
                   "当年支出327.56亿元,年终滚存结余514.81亿元。")
    assert got["年终结转540.17亿元"] == "consistent" and got["年终滚存结余514.81亿元"] == "unverifiable"


@pytest.mark.parametrize("text,change", [
    ("公务用车购置及运行维护费2066万元(其中:公务用车运行维护费1920万元,公务车购置经费146万元),减少12万元,下降0.58%。", "下降0.58%"),
    ("培训费50万元（其中：师资费20万元，场地费30万元），比上年减少10万元，下降16.67%。", "下降16.67%"),
], ids=["real: 12 / (2066 + 12) = 0.58%", "apart: 10 / 60"])
def test_a_change_after_a_bracketed_breakdown_is_the_levels(text, change):
    assert statuses(text)[change] == "consistent"


def test_a_line_of_more_figures_than_any_balance_is_not_read_as_one():
    from parser.narrative.relations import MAX_LINE_FIGURES

    many = "一般公共预算收入100万元。" + "加上补助1万元，" * MAX_LINE_FIGURES + f"收入总计{100 + MAX_LINE_FIGURES}万元。"
    few = "一般公共预算收入100万元。" + "加上补助1万元，" * 3 + "收入总计103万元。"
    assert statuses(few)["收入总计103万元"] == "consistent"
    assert statuses(many)[f"收入总计{100 + MAX_LINE_FIGURES}万元"] == "unverifiable"
