"""Two files, one document: a narrative and the tables its department published as a separate file.

The joined Document holds the narrative's lines followed by the tables file's lines; every line
keeps the page of its own file, and `Document.parts` says which file each line range came from,
so a finding can name the file, its page and its line in that file's `gouji text` output.
"""
from __future__ import annotations

import hashlib
from typing import Optional

from parser.datatypes import BBox, Document, DocumentPart


def join_documents(*documents: Document) -> Document:
    """One Document made of several, in order; the first names it (path and format).

    >>> a = Document("n.txt", "a" * 64, "txt", ("说明", "收入100万元"))
    >>> b = Document("t.pdf", "b" * 64, "pdf", ("收入预算表", "合计\\t100"), pages=(1, 1), page_count=1)
    >>> d = join_documents(a, b)
    >>> d.lines[2], d.page_of(4), d.page_of(1), d.part_of(3).path, d.part_of(3).first_line
    ('收入预算表', 1, None, 't.pdf', 3)
    """
    if len(documents) == 1:
        return documents[0]
    lines: list[str] = []
    pages: list[Optional[int]] = []
    boxes: list[tuple[Optional[BBox], ...]] = []
    parts: list[DocumentPart] = []
    for doc in documents:
        parts.append(DocumentPart(doc.path, doc.sha256, doc.format, len(lines) + 1, len(doc.lines), doc.page_count))
        lines.extend(doc.lines)
        pages.extend(doc.pages if doc.pages is not None else [None] * len(doc.lines))
        boxes.extend(doc.cell_boxes if doc.cell_boxes is not None else [()] * len(doc.lines))
    first = documents[0]
    page_counts = [d.page_count for d in documents if d.page_count is not None]
    sha = hashlib.sha256("".join(d.sha256 for d in documents).encode()).hexdigest()
    return Document(path=first.path, sha256=sha, format=first.format, lines=tuple(lines),
                    pages=tuple(pages) if any(p is not None for p in pages) else None,
                    page_count=sum(page_counts) if page_counts else None,
                    cell_boxes=tuple(boxes) if any(d.cell_boxes is not None for d in documents) else None,
                    parts=tuple(parts))
