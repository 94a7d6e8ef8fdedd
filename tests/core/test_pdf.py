"""PDFs in Chinese with reportlab's built-in CID font (sharepool/core/pdf.py): what a reader extracts is
what was written, markup characters included, over as many pages as it takes."""

from io import BytesIO

from pypdf import PdfReader

from sharepool.core.pdf import CHINESE_FONT, text_pdf


def extracted(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_chinese_text_comes_back_out_of_the_pdf():
    # when
    pdf = text_pdf(
        title="北站社区居民议事会 第1次会议纪要",
        lines=["表决结果：赞成4，反对1，弃权0。", "", "《关于小区“三线”整治活动的提案》 <b>&"],
    )

    # then
    pages, text = extracted(pdf)
    assert pdf.startswith(b"%PDF-")
    assert pages == 1
    assert text.splitlines() == [
        "北站社区居民议事会 第1次会议纪要",
        "表决结果：赞成4，反对1，弃权0。",
        "《关于小区“三线”整治活动的提案》 <b>&",
    ]
    assert CHINESE_FONT.encode() in pdf  # named, not embedded: no system font is read


def test_long_text_runs_over_pages():
    pages, text = extracted(text_pdf(title="纪要", lines=[f"第{n}行" for n in range(1, 121)]))

    assert pages > 1
    assert "第1行" in text and "第120行" in text
