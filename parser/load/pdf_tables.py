"""PDF tables → rows of cells (text + box), ready to be written as TAB-separated lines.

Ruled tables come from pdfplumber's `find_tables` (turned into `RuledTable` by
parser/load/pdf.py); their glyphs are put into cells here by position, so a cell
reads the same way as running text. Tables without ruling lines are rebuilt from
glyph positions (`unruled_rows`): rows from text lines, columns from the gaps
that every figure row leaves open.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

import regex

from parser.datatypes import BBox
from parser.load.pdf_layout import Glyph, RowLine, TextLine, cell_text, glyphs_to_lines
from parser.patterns import TABLE_META, TABLE_TITLE

CODE_PARTS = ("类", "款", "项")
FIGURE = regex.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
BORDER = 1.0                     # points of slack when testing whether a glyph lies in a box
MIN_UNRULED_ROWS = 4             # figure rows a page needs before it is read as an unruled table
COLUMN_GAP = 1.0                 # × glyph size: the least gap between two unruled columns
MAX_HEADER_CELLS = 400           # a "header" with more cells than this is a table of text: no labels rejoined


@dataclass(frozen=True)
class RuledTable:
    """A table as pdfplumber found it: its box and each row's cell boxes (None where a cell spans)."""
    bbox: BBox
    rows: tuple[tuple[Optional[BBox], ...], ...]


def contains(box: BBox, x: float, y: float) -> bool:
    return box[0] - BORDER <= x <= box[2] + BORDER and box[1] - BORDER <= y <= box[3] + BORDER


def split_glyphs(tables: list[RuledTable], glyphs: list[Glyph]) -> tuple[list[list[Glyph]], list[Glyph]]:
    """Glyphs inside each table, and the glyphs of running text outside every table."""
    inside: list[list[Glyph]] = [[] for _ in tables]
    outside: list[Glyph] = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, glyph.middle
        for k, table in enumerate(tables):
            if contains(table.bbox, x, y):
                inside[k].append(glyph)
                break
        else:
            outside.append(glyph)
    return inside, outside


def row_extent(row: tuple[Optional[BBox], ...]) -> tuple[float, float]:
    boxes = [b for b in row if b is not None]
    return min(b[1] for b in boxes), max(b[3] for b in boxes)


def cell_of(table: RuledTable, tops: list[float], x: float, y: float) -> Optional[tuple[int, int]]:
    """(row, col) of the cell holding a point; a cell spanning rows is found in the row it starts."""
    r = bisect_right(tops, y + BORDER) - 1
    while r >= 0:
        for c, box in enumerate(table.rows[r]):
            if box is not None and contains(box, x, y):
                return r, c
        r -= 1
    return None


def fill_cells(table: RuledTable, glyphs: list[Glyph]) -> list[list[str]]:
    """Text of every cell of a ruled table ('' for empty or spanned-over cells)."""
    usable = [row for row in table.rows if any(b is not None for b in row)]
    table = RuledTable(table.bbox, tuple(usable))
    tops = [row_extent(row)[0] for row in table.rows]
    buckets: dict[tuple[int, int], list[Glyph]] = {}
    for glyph in glyphs:
        where = cell_of(table, tops, (glyph.x0 + glyph.x1) / 2, glyph.middle)
        if where is not None:
            buckets.setdefault(where, []).append(glyph)
    texts = [[cell_text(buckets[(r, c)]) if (r, c) in buckets else "" for c in range(len(row))]
             for r, row in enumerate(table.rows)]
    first_figures = next((r for r, row in enumerate(texts) if any(is_figure(t) and "." in t for t in row)), len(texts))
    for r, c in join_wrapped_labels(table, buckets, first_figures):
        texts[r][c] = cell_text(buckets[(r, c)]) if (r, c) in buckets else ""
    return texts


def join_wrapped_labels(table: RuledTable, buckets: dict[tuple[int, int], list[Glyph]],
                        stop: int) -> set[tuple[int, int]]:
    """In place: a header label that wrapped over a ruling into the cell below (`单位预留机动经` | `费`) is
    joined into one cell. A label wrapped when its last line fills its cell from edge to edge, the
    cell right below, of the same width, in the header (rows above `stop`) holds more text, and the
    rule between them stops at the cell's edges (the cells beside run past it). Returns the cells changed."""
    changed: set[tuple[int, int]] = set()
    header = sorted((k for k in buckets if k[0] < stop), reverse=True)
    if len(header) > MAX_HEADER_CELLS:
        return changed
    for r, c in header:
        box = table.rows[r][c]
        if box is None or (r, c) not in buckets or not fills_width(buckets[(r, c)], box):
            continue
        # the next box down the same column (pdfplumber's columns are the table's x edges)
        r2 = next((k for k in range(r + 1, stop) if table.rows[k][c] is not None), -1)
        below = (r2, c)
        if r2 < 0 or below not in buckets or not stacked(box, table.rows[r2][c]):
            continue
        if not cell_text(buckets[below]).strip() or is_figure(cell_text(buckets[below])):
            continue
        if not rule_inside_cell(RuledTable(table.bbox, table.rows[:r2 + 1]), box):
            continue
        buckets[(r, c)] = buckets[(r, c)] + buckets.pop(below)
        changed |= {(r, c), below}
    return changed


def fills_width(glyphs: list[Glyph], box: BBox) -> bool:
    """Whether the last line of a cell's text runs from its left edge to its right, no room for one more glyph.

    >>> g = lambda t, x: Glyph(t, x, x + 9, 0, 9, 9)
    >>> fills_width([g("单", 359), g("位", 368), g("经", 377)], (359, 0, 386, 18))
    True
    >>> fills_width([g("单", 359)], (359, 0, 386, 18))
    False
    """
    lines = glyphs_to_lines(glyphs, 0)
    if not lines:                                # spaces only
        return False
    last = lines[-1]
    size = max(last.size, 1.0)
    return last.x0 - box[0] <= size / 2 + BORDER and box[2] - last.x1 < size


def rule_inside_cell(table: RuledTable, box: BBox) -> bool:
    """Whether the rule under `box` is drawn within its column only: every cell touching it on the left
    or right runs on above and below that rule (the ruling a spreadsheet draws inside one merged cell).

    >>> merged = (((0, 0, 10, 40), (10, 0, 20, 20), (20, 0, 30, 40)), (None, (10, 20, 20, 40), None))
    >>> rule_inside_cell(RuledTable((0, 0, 30, 40), merged), (10, 0, 20, 20))
    True
    >>> plain = (((0, 0, 10, 20), (10, 0, 20, 20)), ((0, 20, 10, 40), (10, 20, 20, 40)))
    >>> rule_inside_cell(RuledTable((0, 0, 20, 40), plain), (10, 0, 20, 20))
    False
    """
    y = box[3]
    beside = [b for row in table.rows for b in row if b is not None and b[1] - BORDER <= y <= b[3] + BORDER
              and (abs(b[2] - box[0]) <= BORDER or abs(b[0] - box[2]) <= BORDER)]
    return bool(beside) and all(b[1] < y - BORDER and b[3] > y + BORDER for b in beside)


def stacked(upper: BBox, lower: Optional[BBox]) -> bool:
    """Whether `lower` is the cell right below `upper`, with the same left and right edges.

    >>> stacked((359, 137, 422, 155), (359, 155, 422, 174)), stacked((359, 137, 422, 155), (359, 155, 428, 174))
    (True, False)
    """
    return (lower is not None and abs(lower[0] - upper[0]) <= BORDER and abs(lower[2] - upper[2]) <= BORDER
            and abs(lower[1] - upper[3]) <= BORDER)


def code_groups(texts: list[list[str]]) -> list[tuple[int, int]]:
    """Column spans (start, stop) headed 类 款 项 (or 类 款): one classification code split in parts.

    >>> code_groups([["科目编码", "", "", "科目名称"], ["类", "款", "项", "合计"]])
    [(0, 3)]
    """
    for row in texts:
        squeezed = [regex.sub(r"\s", "", t) for t in row]
        spans = []
        for start in range(len(squeezed)):
            if squeezed[start] == "类" and start + 1 < len(squeezed) and squeezed[start + 1] == "款":
                stop = start + 3 if start + 2 < len(squeezed) and squeezed[start + 2] == "项" else start + 2
                spans.append((start, stop))
        if spans:
            return spans
    return []


def join_code(parts: list[str]) -> str:
    """One classification code from its 类/款/项 parts; a 款 or 项 printed without its leading zero
    (Excel's number format drops it: 301 | 2) is two digits all the same.

    >>> join_code(["301", "2"]), join_code(["201", "06", "01"]), join_code(["301", ""])
    ('30102', '2010601', '301')
    """
    return "".join(p if i == 0 or not p else p.zfill(2) for i, p in enumerate(parts))


def merge_code_columns(texts: list[list[str]], boxes: list[list[Optional[BBox]]],
                       spans: list[tuple[int, int]]) -> None:
    """Join the 类/款/项 columns of `spans` into one code column, in place: 201 | 06 | 01 → 2010601."""
    for start, stop in reversed(spans):
        for row_texts, row_boxes in zip(texts, boxes):
            if len(row_texts) < stop:
                continue
            parts = [regex.sub(r"\s", "", t) for t in row_texts[start:stop]]
            joined = join_code(parts) if all(p.isdigit() or not p for p in parts) else ""
            if not joined and not any(p in CODE_PARTS for p in parts):
                joined = next((t for t in row_texts[start:stop] if t), "")
            present = [b for b in row_boxes[start:stop] if b is not None]
            box = (min(b[0] for b in present), min(b[1] for b in present),
                   max(b[2] for b in present), max(b[3] for b in present)) if present else None
            row_texts[start:stop] = [joined]
            row_boxes[start:stop] = [box]


def opens_with_title(texts: list[list[str]]) -> bool:
    """Whether a ruled table's rows above its first figure carry a table title or a unit line.

    >>> opens_with_title([["2026年财政拨款收支预算总表", ""], ["项目", "预算数"], ["合计", "1.00"]])
    True
    >>> opens_with_title([["201", "一般公共服务支出", "1.00"]])
    False
    """
    for row in texts:
        if any(is_figure(t) and "." in t for t in row):
            return False
        if any(TABLE_TITLE.search(t.strip()) or TABLE_META.search(t.strip()) for t in row if t.strip()):
            return True
    return False


TITLE_THEN_META = regex.compile(r"^(?P<title>[^\t]{2,60}?表)\s*"
                                r"(?P<meta>(?:[（(][^）)]{1,10}[）)])?(?:公开表[一二三四五六七八九十]+|公开\d+表)?\s*(?:编制)?(?:部门|单位)\s*[:：].*)$")


def title_and_meta(text: str) -> Optional[tuple[str, str]]:
    """A cell holding a table's title and its 部门/单位 line run together, split in two.

    >>> title_and_meta("收支预算总表部门：中共江苏省委办公厅 单位：万元")
    ('收支预算总表', '部门：中共江苏省委办公厅 单位：万元')
    >>> title_and_meta("财政拨款支出预算表（功能科目）公开表五部门： 江苏省人大常委会办公厅 单位：万元")[0]
    '财政拨款支出预算表'
    >>> title_and_meta("一般公共服务支出") is None
    True
    """
    m = TITLE_THEN_META.match(text.strip())
    return (m.group("title"), m.group("meta")) if m else None


def split_title_cells(texts: list[list[str]], boxes: list[list[Optional[BBox]]]) -> None:
    """In place: a header row whose cell runs the title into the 部门/单位 line becomes two rows."""
    for r in range(len(texts)):
        if any(is_figure(t) and "." in t for t in texts[r]):
            return
        for c, text in enumerate(texts[r]):
            parts = title_and_meta(text)
            if parts:
                title_row = [""] * len(texts[r])
                title_row[c] = parts[0]
                texts[r][c] = parts[1]
                texts.insert(r, title_row)
                boxes.insert(r, list(boxes[r]))
                return


def is_figure(text: str) -> bool:
    """A cell holding an amount or a percent (not a code or a label).

    >>> is_figure("2,946.25"), is_figure("0.00"), is_figure("合计"), is_figure("12.5%")
    (True, True, False, True)
    """
    return bool(FIGURE.match(text.strip()))


def ruled_rows(table: RuledTable, glyphs: list[Glyph], page: int, index: int,
               inherited: Optional[list[tuple[int, int]]] = None) -> tuple[list[RowLine], list[tuple[int, int]]]:
    """Rows of a ruled table, empty rows dropped, rows above the first figure row marked as header.

    `inherited` gives the 类/款/项 column spans of the table this one continues (its
    header, with the 类 款 项 labels, stayed on the previous page). Returns the rows
    and the spans used.
    """
    texts = fill_cells(table, glyphs)
    boxes = [list(row) for row in table.rows if any(b is not None for b in row)]
    if inherited and opens_with_title(texts):          # a new table whose title sits inside its ruling
        inherited = None
    spans = code_groups(texts) or list(inherited or [])
    merge_code_columns(texts, boxes, spans)
    split_title_cells(texts, boxes)
    out: list[RowLine] = []
    seen_figures = False
    for row_texts, row_boxes in zip(texts, boxes):
        if not any(t.strip() for t in row_texts):
            continue
        seen_figures = seen_figures or any(is_figure(t) and "." in t for t in row_texts)
        present = [b for b in row_boxes if b is not None]
        top, bottom = min(b[1] for b in present), max(b[3] for b in present)
        out.append(RowLine(tuple(row_texts), tuple(row_boxes), page, top, bottom, index, header=not seen_figures))
    return out, spans


def adopt_row_above(table: RuledTable, glyphs: list[Glyph], page_glyphs: list[Glyph]) -> RuledTable:
    """A table that lost the rule over its first row (a page break in the middle of a table): the line
    of figures just above it, each word inside a column of the first row and none outside the table,
    becomes a new first row, when that first row holds amounts too. `glyphs` are those outside every
    table, `page_glyphs` all of the page. Returns the table, grown or not."""
    first = next((row for row in table.rows if any(b is not None for b in row)), None)
    if first is None:
        return table
    top, bottom = row_extent(first)
    x0, x2 = table.bbox[0], table.bbox[2]
    near = [g for g in glyphs
            if not g.text.isspace() and top - 1.5 * (bottom - top) <= g.top and g.bottom <= top + BORDER]
    lines = glyphs_to_lines(near, 0)
    if not lines:
        return table
    line = lines[-1]                             # the nearest line above the table
    members = [g for g in near if line.top - BORDER <= g.top and g.bottom <= line.bottom + BORDER]
    if any(not x0 - BORDER <= (g.x0 + g.x1) / 2 <= x2 + BORDER for g in members):
        return table
    columns: set[int] = set()
    for a, b, _ in figure_runs(members):
        k = next((k for k, box in enumerate(first)
                  if box is not None and box[0] - BORDER <= a and b <= box[2] + BORDER), None)
        if k is None:
            return table                         # a word across two columns: not a row of this table
        columns.add(k)
    if len(columns) < 2 or not has_amount(members) or not has_amount(glyphs_in_row(page_glyphs, first, x0, x2)):
        return table
    row = tuple(None if box is None else (box[0], line.top - BORDER, box[2], top) for box in first)
    return RuledTable((table.bbox[0], line.top - BORDER, table.bbox[2], table.bbox[3]), (row, *table.rows))


def glyphs_in_row(glyphs: list[Glyph], row: tuple[Optional[BBox], ...], x0: float, x2: float) -> list[Glyph]:
    top, bottom = row_extent(row)
    return [g for g in glyphs if top <= g.middle <= bottom and x0 <= (g.x0 + g.x1) / 2 <= x2]


def has_amount(glyphs: list[Glyph]) -> bool:
    """Whether a line's words include an amount with decimals (1,833.30)."""
    return any(is_figure(text) and "." in text for _, _, text in figure_runs(glyphs))


def compact_continued_rows(rows: list[RowLine], columns: list[tuple[float, float]]) -> list[RowLine]:
    """Rows at the top of a table that carry on the previous page's table but were ruled together with
    the next table (its finer grid splits them with spanned-over cells): leading rows whose cells line up
    with the previous table's `columns` (x-ranges) keep only those cells, so each figure stays in its column."""
    out = list(rows)
    for i, row in enumerate(rows if columns else []):
        present = [(text, box) for text, box in zip(row.cells, row.boxes) if box is not None]
        lined_up = all(abs(box[0] - a) <= 2 * BORDER and abs(box[2] - b) <= 2 * BORDER
                       for (_, box), (a, b) in zip(present, columns))
        if len(present) == len(row.cells) or len(present) != len(columns) or not lined_up:
            break
        out[i] = replace(row, cells=tuple(t for t, _ in present), boxes=tuple(b for _, b in present))
    return out


def column_ranges(row: RowLine) -> list[tuple[float, float]]:
    """x-ranges of a row's cells; none when a cell is spanned over (the row is not a plain grid)."""
    if any(box is None for box in row.boxes):
        return []
    return [(box[0], box[2]) for box in row.boxes if box is not None]


# ------------------------------------------------------------------ tables without rulings


def figure_runs(glyphs: list[Glyph]) -> list[tuple[float, float, str]]:
    """Words of one line (x0, x1, text), split wherever a gap is wider than a column gap."""
    words: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        if words and glyph.x0 - words[-1][-1].x1 < COLUMN_GAP * max(glyph.size, 1.0):
            words[-1].append(glyph)
        else:
            words.append([glyph])
    return [(w[0].x0, w[-1].x1, cell_text(w)) for w in words]


def unruled_rows(glyphs: list[Glyph], page: int, index: int) -> Optional[tuple[list[RowLine], list[Glyph]]]:
    """Rebuild a table drawn without rulings, or None when the page does not hold one.

    Rows are text lines; a line of labels only is merged into the next line that
    carries figures (labels often sit on a line of their own beside their amounts);
    columns are the x-ranges of the figures, each figure going to the column it
    overlaps. Returns the rows and the glyphs left for running text (above the table).
    """
    lines = glyphs_to_lines(glyphs, page)
    runs_by_line = []
    for line in lines:
        members = [g for g in glyphs if line.top - 0.1 <= g.top and g.bottom <= line.bottom + 0.1]
        runs_by_line.append(figure_runs(members))
    figure_lines = [i for i, runs in enumerate(runs_by_line) if sum(is_figure(t) for _, _, t in runs) >= 2]
    if len(figure_lines) < MIN_UNRULED_ROWS:
        return None
    start, stop = figure_lines[0], figure_lines[-1]
    while start > 0 and len(runs_by_line[start - 1]) >= 2:      # header lines of several columns
        start -= 1
    columns = figure_columns([r for i in figure_lines for r in runs_by_line[i] if is_figure(r[2])])
    rows: list[RowLine] = []
    pending: list[str] = []
    for i in range(start, stop + 1):
        runs = runs_by_line[i]
        placed = [r for r in runs if max(overlap(c, (r[0], r[1])) for c in columns) > 0]
        labels = [r[2] for r in runs if r not in placed]
        if not placed and i >= figure_lines[0]:
            pending.extend(labels)               # a label on a line of its own: it goes with the next figures
            continue
        cells = ["".join(pending + labels)] + [""] * len(columns)
        boxes: list[Optional[BBox]] = [None] * (len(columns) + 1)
        for x0, x1, text in placed:
            k = max(range(len(columns)), key=lambda j: overlap(columns[j], (x0, x1)))
            cells[k + 1] = (cells[k + 1] + " " + text).strip()
            boxes[k + 1] = (x0, lines[i].top, x1, lines[i].bottom)
        pending = []
        rows.append(RowLine(tuple(cells), tuple(boxes), page, lines[i].top, lines[i].bottom, index,
                            header=i < figure_lines[0]))
    top, bottom = lines[start].top, lines[stop].bottom
    rest = [g for g in glyphs if not top - 0.1 <= g.top <= bottom + 0.1]
    return rows, rest


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def figure_columns(runs: list[tuple[float, float, str]]) -> list[tuple[float, float]]:
    """x-ranges of the figure columns: overlapping figure extents merged, left to right.

    >>> figure_columns([(100, 130, "1.00"), (104, 130, "12.00"), (200, 230, "3.00")])
    [(100, 130), (200, 230)]
    """
    columns: list[list[float]] = []
    for x0, x1, _ in sorted(runs):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def looks_like_table_page(tables: list[RuledTable], lines: list[TextLine]) -> bool:
    """A page with no ruled table whose lines mostly hold two or more separated figures."""
    if tables:
        return False
    figure_lines = [ln for ln in lines if sum(is_figure(w) for w in ln.text.split()) >= 2]
    return len(figure_lines) >= MIN_UNRULED_ROWS and len(figure_lines) >= 0.3 * len(lines)
