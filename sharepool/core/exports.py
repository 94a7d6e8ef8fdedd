"""Downloads of tables as CSV or XLSX, streamed: rows are written as they are read (issue 14). The one
writer: the street office's comparison and a community's exports both use it.

Generic: a header and any iterable of rows (tuples of str, int, Decimal, date, None). A page calls
`export_response(format, filename, header, rows)`; anything may reuse it (the street office's comparison,
a community's exports).

- CSV: a StreamingHttpResponse, one row at a time, with a byte-order mark so that Excel reads the Chinese
  as UTF-8.
- XLSX: openpyxl's write-only workbook (constant memory), saved to a spooled temporary file (in memory
  while small, on disk beyond), then streamed from it in chunks.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import Http404, StreamingHttpResponse

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_IN_MEMORY = 1024 * 1024  # an XLSX larger than this goes to a temporary file while it is written
CHUNK = 64 * 1024


class _Echo:
    """csv.writer writes to this and gets the line back, so that each row is yielded at once."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])


def xlsx_value(value: Any) -> Any:
    # openpyxl writes numbers and dates as such; a Decimal as a float keeps the cell numeric.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: the local time shown on the page
    return value


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> Iterator[bytes]:
    """The workbook's bytes, in chunks; the temporary file is closed when the last chunk is read or the
    download is abandoned (the generator's close)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([xlsx_value(value) for value in row])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spooled:
        workbook.save(spooled)
        spooled.seek(0)
        while chunk := spooled.read(CHUNK):
            yield chunk


def attachment(filename: str) -> str:
    # RFC 6266: an ASCII fallback and the UTF-8 name, so a Chinese file name survives every browser.
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def export_response(
    format: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> StreamingHttpResponse:
    """`filename` without its extension; an unknown format is a 404, like an unknown page."""
    if format == CSV:
        response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    elif format == XLSX:
        response = StreamingHttpResponse(xlsx_chunks(header, rows, title=title), content_type=XLSX_TYPE)
    else:
        raise Http404(f"No export as {format}")
    response["Content-Disposition"] = attachment(f"{filename}.{format}")
    response["Cache-Control"] = "no-store"
    return response


def day_stamp(day: date) -> str:
    return day.strftime("%Y%m%d")
