"""Tables as organisers download them: CSV (UTF-8 with a byte order mark, so that Excel
shows Vietnamese; streamed row by row) and XLSX (an openpyxl write-only workbook, streamed
through a temporary file). Every export builds Sheets of Columns and hands them to these."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vda_portal.localtime import DATETIME_FORMAT, to_portal_time


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazily) translated string
    width: int  # XLSX column width in characters
    number_format: str | None = None  # XLSX only: "0.00", dates


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


# Text that a spreadsheet would run as a formula (CSV injection): applicants write titles.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return to_portal_time(value).strftime(DATETIME_FORMAT)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as text, as OWASP advises
    return str(value)  # a Decimal keeps its places: 87.50


class _Echo:
    """csv.writer writes into this and gets the line back, so nothing accumulates."""

    def write(self, value: str) -> str:
        return value


def csv_lines(sheet: Sheet) -> Iterator[str]:
    """The sheet as CSV lines, the first carrying the byte order mark. The active language is
    kept for the rows, which a streaming response reads after the view has returned."""
    language = translation.get_language()
    writer = csv.writer(_Echo())
    header = "\ufeff" + writer.writerow([str(c.header) for c in sheet.columns])

    def generate() -> Iterator[str]:
        yield header
        with translation.override(language):
            for row in sheet.rows:
                yield writer.writerow([_csv_cell(v) for v in row])

    return generate()


CHUNK_SIZE = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_XLSX = "dd/mm/yyyy hh:mm"


def write_xlsx(sheets: Iterable[Sheet], file: IO[bytes]) -> None:
    """A write-only workbook: rows go to disk as they come (formatted header, frozen first row,
    column widths, number formats)."""
    workbook = Workbook(write_only=True)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="A31D24")
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells = zip(sheet.columns, row, strict=True)
            ws.append([_xlsx_cell(ws, WriteOnlyCell, column, v) for column, v in cells])
    workbook.save(file)


def _xlsx_cell(ws, cell_class, column: Column, value: Any):
    if isinstance(value, datetime):
        value = to_portal_time(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, str) and value.startswith("="):
        cell = cell_class(ws, value=value)
        cell.data_type = "s"  # openpyxl would store it as a formula
        return cell
    if column.number_format is None or value is None:
        return value
    cell = cell_class(ws, value=value)
    cell.number_format = column.number_format
    return cell
