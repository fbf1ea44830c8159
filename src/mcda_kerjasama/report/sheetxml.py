"""A worksheet's rows as XML, and the workbook that openpyxl writes with them in it.

openpyxl keeps an object per cell (some 500 bytes) and writes each through its XML
serialiser (some 20 microseconds a cell); its write-only mode saves the memory but not
the time. 100 000 proposals are five million cells: 2.7 GB and over two minutes. Here a
row's cells become XML directly (:func:`row_xml`, a microsecond a cell), in the form
openpyxl gives them (inline text, never a formula; numbers with 16 significant digits;
an empty cell only when it is styled), and a sheet's rows are kept deflated in memory
(:class:`SheetRows`, some 10 MB for 100 000 rows) until the workbook is saved.
openpyxl then writes the workbook as usual, its sheets without cells (column widths,
merged ranges, frozen panes, filters, page setup, headers and footers, page breaks,
print titles and every style are still openpyxl's), and :func:`fill_sheets` puts each
sheet's rows into its empty ``sheetData``, with the cells' range as its dimension.

Example:
    >>> first, last, xml = row_xml(1, ["a & b", None, 2.5], ["", ' s="3"', ""], "_ABC")
    >>> first, last
    (1, 3)
    >>> print(xml.replace("</c>", "</c>\\n").replace("/><", "/>\\n<"))
    <c r="A1" t="inlineStr"><is><t>a &amp; b</t></is></c>
    <c r="B1" s="3" t="n" />
    <c r="C1" t="n"><v>2.5</v></c>
    <BLANKLINE>
    >>> rows = SheetRows()
    >>> rows.add(f'<row r="1">{xml}</row>')
    >>> rows.close("A1:C1")
    >>> rows.size == len(f'<row r="1">{xml}</row>')
    True
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence

#: a sheet without cells, as openpyxl writes it
_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')


def row_xml(
    row: int, values: Sequence[object], styles: Sequence[str], letters: Sequence[str]
) -> tuple[int, int, str] | None:
    """The first and last column of row ``row``'s cells and their XML; ``None`` when
    the row has no cell. ``styles``: each column's ``s`` attribute (``' s="3"'``) or
    ``""`` (no style: an empty value is then no cell); ``letters``: each column's
    letters (``letters[1] == "A"``)."""
    cells = []
    first = last = 0
    count = len(styles)
    for column, value in enumerate(values, start=1):
        style = styles[column - 1] if column <= count else ""
        if value is None:
            if not style:
                continue
            cells.append(f'<c r="{letters[column]}{row}"{style} t="n" />')
        elif isinstance(value, str):
            at = f'<c r="{letters[column]}{row}"{style} t="inlineStr"'
            if not value:
                cells.append(f"{at} />")
            else:
                stripped = value.strip()
                space = ' xml:space="preserve"' if stripped and stripped != value else ""
                if "&" in value or "<" in value or ">" in value:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                cells.append(f"{at}><is><t{space}>{value}</t></is></c>")
        elif isinstance(value, bool):
            cells.append(f'<c r="{letters[column]}{row}"{style} t="b"><v>{value:d}</v></c>')
        elif isinstance(value, int | float):
            cells.append(f'<c r="{letters[column]}{row}"{style} t="n"><v>{value:.16g}</v></c>')
        else:
            raise TypeError(f"a cell cannot hold {value!r}")
        first, last = first or column, column
    for column in range(len(values) + 1, count + 1):  # styled cells beyond the values
        if styles[column - 1]:
            cells.append(f'<c r="{letters[column]}{row}"{styles[column - 1]} t="n" />')
            first, last = first or column, column
    return (first, last, "".join(cells)) if cells else None


class SheetRows:
    """A sheet's rows as the XML of its ``sheetData``, deflated as they come."""

    #: characters of XML gathered before they are deflated
    CHUNK = 1 << 20

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0  # bytes of XML
        self.dimension = "A1:A1"  # the cells' range, as openpyxl states it
        self._deflate = zlib.compressobj(1)
        self._pending: list[str] = []
        self._length = 0

    def add(self, xml: str) -> None:
        """Add XML (a row, or part of one)."""
        self._pending.append(xml)
        self._length += len(xml)
        if self._length >= self.CHUNK:
            self._flush()

    def close(self, dimension: str) -> None:
        """The last row is added; ``dimension``: the range of the sheet's cells."""
        self._flush()
        self.chunks.append(self._deflate.flush())
        self.dimension = dimension

    def _flush(self) -> None:
        data = "".join(self._pending).encode("utf-8")
        self.size += len(data)
        self.chunks.append(self._deflate.compress(data))
        self._pending, self._length = [], 0

    def write(self, target: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: bytes) -> None:
        """Write the worksheet ``sheet`` (openpyxl's XML of a sheet without cells) as
        ``info`` into ``target``, these rows in its ``sheetData``."""
        xml = sheet.decode("utf-8")
        found = _SHEET_DATA.search(xml)
        if found is None:
            raise ValueError(f"{info.filename}: a sheet with cells")
        head = _DIMENSION.sub(f'<dimension ref="{self.dimension}" />', xml[: found.start()], 1)
        start, end = f"{head}<sheetData>".encode(), f"</sheetData>{xml[found.end() :]}".encode()
        info.file_size = len(start) + self.size + len(end)  # zip64 when it needs it
        inflate = zlib.decompressobj()
        with target.open(info, "w") as stream:
            stream.write(start)
            for chunk in self.chunks:
                stream.write(inflate.decompress(chunk))
            stream.write(inflate.flush())
            stream.write(end)


def fill_sheets(workbook: bytes, rows: Mapping[str, SheetRows]) -> bytes:
    """The ``.xlsx`` file ``workbook`` (openpyxl's) with each sheet named in ``rows``
    (by its path in the file, ``xl/worksheets/sheet1.xml``) holding those rows."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            sheet = rows.get(info.filename)
            if sheet is None:
                target.writestr(info, data)
            else:
                sheet.write(target, info, data)
    return out.getvalue()


__all__ = ["SheetRows", "fill_sheets", "row_xml"]
