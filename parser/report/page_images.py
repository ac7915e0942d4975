"""Pictures of PDF page regions for the HTML workbench: the cited cells and figure outlined.

Pages are rendered with pdfplumber (pypdfium2 underneath), cropped around what is outlined and embedded
as base64 PNG. Bounded: only pages a finding points to, at most `limit` pictures per run, one render per
page kept while a document's pictures are made.
"""
from __future__ import annotations

import base64
import hashlib
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from parser.datatypes import BBox, Document

log = logging.getLogger(__name__)

RESOLUTION = 110                 # dots per inch of the rendered page
MARGIN = 36                      # points of context around the outlined boxes
MAX_REGION_HEIGHT = 420          # points; a taller region is cut around its first box
MAX_PAGE_RENDERS = 40            # pages rendered per document, whatever the number of findings


@dataclass(frozen=True)
class Mark:
    """A box to outline on a page: `figure` (the finding's own) or `evidence`."""
    page: int
    box: BBox
    role: str = "evidence"


@dataclass(frozen=True)
class Picture:
    page: int
    data_uri: str
    marks: int


def crop_region(boxes: Sequence[BBox], page_width: float, page_height: float) -> BBox:
    """The region to show: the page's width, the boxes' height with a margin, at most MAX_REGION_HEIGHT tall.

    >>> crop_region([(100, 200, 150, 212)], 595, 842)
    (0, 164, 595, 248)
    >>> crop_region([(10, 20, 30, 40), (10, 800, 30, 820)], 595, 842)
    (0, 0, 595, 420)
    """
    top = max(0, min(b[1] for b in boxes) - MARGIN)
    bottom = min(page_height, max(b[3] for b in boxes) + MARGIN)
    if bottom - top > MAX_REGION_HEIGHT:
        bottom = top + MAX_REGION_HEIGHT
    return (0, int(top), int(page_width), int(bottom))


class PageRenderer:
    """Renders the pages of one PDF on demand (None for any other document or one that cannot be opened)."""

    def __init__(self, document: Document, data: Optional[bytes] = None):
        self.document = document
        self.pdf = None
        self.renders = 0
        if document.format != "pdf":
            return
        if data is None:
            data = read_matching(document)
        if data is None:
            return
        try:
            import pdfplumber
            self.pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as err:                          # noqa: BLE001 - a picture is a bonus, never a failure
            log.info("no page pictures for %s: %s", document.path, err)

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def find(self, page: int, text: str) -> Optional[BBox]:
        """The box of the first occurrence of `text` on a page (pdfplumber's search), or None."""
        if self.pdf is None or not text or not 1 <= page <= len(self.pdf.pages):
            return None
        try:
            found = self.pdf.pages[page - 1].search(text, regex=False, return_chars=False)
        except Exception:                                 # noqa: BLE001
            return None
        if not found:
            return None
        hit = found[0]
        return (hit["x0"], hit["top"], hit["x1"], hit["bottom"])

    def picture(self, page: int, marks: Sequence[Mark]) -> Optional[Picture]:
        """The page region around the marks with each outlined (the figure in red, evidence in blue)."""
        if self.pdf is None or not marks or not 1 <= page <= len(self.pdf.pages):
            return None
        if self.renders >= MAX_PAGE_RENDERS:
            return None
        self.renders += 1
        try:
            pdf_page = self.pdf.pages[page - 1]
            image = pdf_page.to_image(resolution=RESOLUTION)
            for role, colour in (("evidence", (21, 101, 192)), ("figure", (198, 40, 40))):
                boxes = [pad(m.box) for m in marks if m.role == role]
                if boxes:
                    image.draw_rects(boxes, stroke=colour, fill=(*colour, 40), stroke_width=2)
            x0, top, x1, bottom = crop_region([m.box for m in marks], float(pdf_page.width), float(pdf_page.height))
            scale = RESOLUTION / 72
            region = image.annotated.crop((int(x0 * scale), int(top * scale), int(x1 * scale), int(bottom * scale)))
            buffer = io.BytesIO()
            region.convert("RGB").save(buffer, format="PNG", optimize=True)
        except Exception as err:                          # noqa: BLE001
            log.info("page %d of %s not rendered: %s", page, self.document.path, err)
            return None
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        return Picture(page=page, data_uri=f"data:image/png;base64,{encoded}", marks=len(marks))


def pad(box: BBox, by: float = 1.5) -> BBox:
    """
    >>> pad((10, 10, 20, 20))
    (8.5, 8.5, 21.5, 21.5)
    """
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def read_matching(document: Document) -> Optional[bytes]:
    """The bytes of the document's file when it is still there with the same content."""
    path = Path(document.path)
    try:
        if not path.is_file():
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == document.sha256 else None
