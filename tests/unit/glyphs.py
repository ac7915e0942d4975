"""Glyphs of a line of text as the PDF reader gets them (tests of parser.load.pdf_layout and pdf_tables)."""
from parser.load.pdf_layout import Glyph


def glyphs(text: str, x: float, top: float, size: float = 10.0) -> list[Glyph]:
    """One Glyph per character from `x` on: CJK characters a full `size` wide, others half.

    >>> [(g.text, g.x0) for g in glyphs("收入1", 0, 0)]
    [('收', 0), ('入', 10.0), ('1', 20.0)]
    """
    out = []
    for char in text:
        width = size if ord(char) > 127 else size / 2
        out.append(Glyph(char, x, x + width, top, top + size, size))
        x += width
    return out
