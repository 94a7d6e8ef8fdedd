"""Printable PDFs, Chinese included: council minutes (issue 13), certificates.

reportlab's built-in CID font STSong-Light draws Chinese with no font file: the PDF names the font and
the reader supplies the glyphs, so nothing depends on the fonts installed on the server.
"""

from collections.abc import Iterable
from io import BytesIO
from xml.sax.saxutils import escape

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

CHINESE_FONT = "STSong-Light"


def chinese_font() -> str:
    """The font's name, registered with reportlab once per process."""
    if CHINESE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CHINESE_FONT))
    return CHINESE_FONT


def qr_image(text: str, size: float = 30 * mm) -> Image:
    """A QR code of `text` (a verification link) as a PNG drawn by segno, `size` square."""
    png = BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=2)
    png.seek(0)
    return Image(png, width=size, height=size)


def text_pdf(*, title: str, lines: Iterable[str], author: str = "", qr: str | None = None) -> bytes:
    """A4 pages of plain text: the title as a heading, each line a paragraph (an empty line, a space);
    `qr`, a text (a link) printed as a QR code at the end.

    Lines wrap between any two Chinese characters (CJK word wrap); the text is escaped, never markup.
    """
    font = chinese_font()
    heading = ParagraphStyle("heading", fontName=font, fontSize=16, leading=24, alignment=1, spaceAfter=12)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK", spaceAfter=4)
    story: list[object] = [Paragraph(escape(title), heading)]
    for line in lines:
        story.append(Paragraph(escape(line), body) if line.strip() else Spacer(1, 6))
    if qr is not None:
        story += [Spacer(1, 8), qr_image(qr)]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    document.build(story)
    return buffer.getvalue()
