"""Writing one styled, printable worksheet in a single pass (linear in its rows).

:class:`SheetWriter` keeps the row it writes itself, styles cells through a few named
styles (:class:`Look`, registered once per workbook), remembers each column's longest
content, and at the end (:meth:`SheetWriter.finish`) sizes the columns and writes every
row, as tall as its wrapped text, as the sheet's XML; the page is set up for printing on
the openpyxl worksheet as usual.

Memory and speed: no cell object is made (:mod:`~mcda_kerjasama.report.sheetxml` says
why). A row is a list of plain values until :meth:`SheetWriter.finish` writes the
sheet's rows as XML, kept deflated; :meth:`Styles.save` has openpyxl write the workbook,
its sheets without cells (styles, widths, merged ranges, print setup: all openpyxl's),
and puts each sheet's rows in. So only the sheet being written is in memory as values,
the finished ones as deflated XML.

Fonts: every style names its font, :data:`FONT` (Arial): Excel has it, and LibreOffice
on Debian prints it as Liberation Sans, which has Arial's metrics, so the row heights
estimated here from Arial's advance widths (:func:`text_points`) hold in both. No cell
falls back to a font without a name.

Row heights: openpyxl does not compute them and a spreadsheet program only does so on
editing. :func:`lines_needed` wraps a text greedily at spaces over the column's width,
measured with the font's widths, so a row is as tall as its longest wrapped cell.

Example:
    >>> from io import BytesIO
    >>> from openpyxl import load_workbook
    >>> styles = Styles(new_workbook())
    >>> writer = SheetWriter(styles, "Contoh")
    >>> writer.append(["Kode", "Judul"], [Look(bold=True)] * 2)
    1
    >>> writer.append(["K01", "kata " * 40], [Look(), Look()])
    2
    >>> writer.finish(widths={1: 8, 2: 30})
    >>> sheet = load_workbook(BytesIO(styles.save()))["Contoh"]
    >>> sheet.row_dimensions[2].height > 3 * LINE_POINTS
    True
    >>> sheet["B2"].font.name, sheet["B2"].alignment.wrap_text, sheet["A1"].font.bold
    ('Arial', True, True)
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from mcda_kerjasama.report.sheetxml import SheetRows, fill_sheets, row_xml

#: The font of every cell, header and footer (see the module docstring).
FONT = "Arial"
#: The body text size in points.
SIZE = 10.0
#: The height of one line of 10 pt text in points (Excel's row height for Arial 10).
LINE_POINTS = 12.75
#: Points of a column per unit of its width: Excel's unit for a default font whose
#: digits are 7 pixels wide (7 x 0.75 point). LibreOffice makes the unit a little wider
#: (about 5.6 points for Arial 10), so a sheet meant to print at full size is at most
#: :data:`PAGE_WIDTH_UNITS` wide, and text is wrapped at Excel's narrower width (a row
#: is then never too short, at most a little tall in LibreOffice).
POINTS_PER_WIDTH = 5.25
#: The width of A4 landscape within the margins of :func:`print_setup`, in width units
#: as LibreOffice measures them (757 points / 5.6).
PAGE_WIDTH_UNITS = 134
#: Points of a cell's width that its margins take.
CELL_PADDING = 5.0
#: Printable height of an A4 landscape page with the margins of :func:`print_setup`,
#: in points (21 cm less 2 cm top and 2 cm bottom).
PAGE_HEIGHT_POINTS = 481.9

# Advance widths of the characters 32-126 in 1/1000 em: Liberation Sans (= Arial's
# metrics), regular and bold. Other characters count as a wide letter.
_REGULAR = (
    278, 278, 355, 556, 556, 890, 667, 191, 333, 333, 389, 584, 278, 332, 277, 278, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 277, 278, 584, 584, 584, 556, 1015, 667,
    667, 723, 722, 667, 611, 778, 722, 277, 500, 667, 556, 833, 722, 778, 667, 778, 723,
    667, 610, 721, 667, 944, 667, 667, 611, 277, 278, 278, 469, 557, 333, 556, 556, 500,
    556, 555, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278,
    556, 500, 722, 500, 500, 500, 335, 259, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 583, 584, 611, 975, 722,
    722, 722, 722, 667, 611, 778, 722, 277, 556, 722, 611, 833, 722, 778, 667, 778, 723,
    667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 612, 556,
    611, 556, 333, 611, 611, 278, 277, 556, 278, 889, 611, 611, 612, 611, 389, 556, 333,
    611, 556, 778, 556, 556, 500, 389, 280, 389, 585,
)  # fmt: skip
_OTHER = 667
_WIDEST = 1015

Row = Sequence[object]


def text_points(text: str, size: float = SIZE, bold: bool = False) -> float:
    """The printed width of ``text`` in points at ``size`` points.

    Example:
        >>> round(text_points("Kode"), 2), round(text_points("Kode", bold=True), 2)
        (23.34, 25.0)
    """
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        code = ord(ch) - 32
        total += table[code] if 0 <= code < 95 else _OTHER
    return total * size / 1000


@lru_cache(maxsize=65536)
def _word_points(word: str, size: float, bold: bool) -> float:
    """:func:`text_points` of one word, remembered (words repeat across rows)."""
    return text_points(word, size, bold)


@lru_cache(maxsize=1 << 16)
def lines_needed(text: str, width: float, size: float = SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` units wide: greedy
    wrapping at spaces, a word longer than the line broken, every line break kept.
    Remembered (a column's texts repeat: agencies, urusan, years).

    Example:
        >>> lines_needed("satu dua tiga", 30), lines_needed("satu dua tiga", 6)
        (1, 3)
        >>> lines_needed("a\\nb", 30)
        2
    """
    room = max(width * POINTS_PER_WIDTH - CELL_PADDING, 1.0)
    if "\n" not in text and len(text) * _WIDEST * size / 1000 <= room:
        return 1  # fits whatever its letters are
    space = _word_points(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0.0
        lines += 1
        for word in paragraph.split(" "):
            w = _word_points(word, size, bold)
            if used and used + space + w <= room:
                used += space + w
            elif used == 0.0 and w <= room:
                used = w
            else:
                if used:
                    lines += 1
                extra = math.ceil(w / room) - 1 if w > room else 0
                lines += extra
                used = w - extra * room
    return lines


@dataclass(frozen=True)
class Look:
    """How a cell looks: number format, weight, colour, fill, size, wrapping, alignment
    and border. Each distinct look is one named style of the workbook.

    Example:
        >>> Look(bold=True).font().bold, Look().font().name
        (True, 'Arial')
    """

    number: str = "General"
    bold: bool = False
    grey: bool = False
    fill: str | None = None
    size: float = SIZE
    wrap: bool = True
    align: str | None = None
    border: bool = False
    italic: bool = False
    underline: bool = False

    def font(self) -> Font:
        """The font: always :data:`FONT`, with this look's size, weight and colour."""
        return Font(
            name=FONT,
            size=self.size,
            bold=self.bold,
            italic=self.italic,
            underline="single" if self.underline else None,
            color="FF808080" if self.grey else "FF000000",
        )

    def style(self, name: str) -> NamedStyle:
        """This look as a named style called ``name``."""
        thin = Side(style="thin", color="FF7F7F7F")
        return NamedStyle(
            name=name,
            font=self.font(),
            fill=PatternFill("solid", fgColor=self.fill) if self.fill else PatternFill(),
            alignment=Alignment(
                wrap_text=self.wrap, vertical="top", horizontal=self.align or "general"
            ),
            border=Border(left=thin, right=thin, top=thin, bottom=thin)
            if self.border
            else Border(),
            number_format=self.number,
        )


def cell_value(value: object, neutralise: Any) -> object:
    """A value as a cell holds it: text without control characters, at most 32 767
    characters (a cell's limit) and neutralised (``neutralise``: a formula stays text),
    numpy scalars as Python numbers, missing values (None, NaN, NA) as an empty cell.

    Example:
        >>> cell_value(float("nan"), str), cell_value("a\\x01b", str)
        (None, 'ab')
    """
    if type(value) is str:  # the common types first, exactly
        if not value.isprintable():  # control characters never are
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return neutralise(value)[:32767]
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is int or value is None:
        return value
    if isinstance(value, str):  # numpy's, say: a str as the others
        return str(neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))[:32767]
    if value is _NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


try:  # pandas' missing value, without importing pandas for it here
    from pandas import NA as _NA
except ImportError:  # pragma: no cover - pandas is a dependency
    _NA = object()


def new_workbook() -> Any:
    """An empty workbook whose default font (the *Normal* style) is :data:`FONT` at
    :data:`SIZE` points: a spreadsheet program measures column widths in the default
    font's digits, so Excel and LibreOffice then give a column the same width (with
    openpyxl's Calibri, which LibreOffice lacks on Debian, LibreOffice makes every
    column a third wider and shrinks the printed page to fit).

    Example:
        >>> new_workbook()._named_styles["Normal"].font.name
        'Arial'
    """
    book = Workbook()
    book.remove(book.active)
    font = Font(name=FONT, size=SIZE, family=2)
    # openpyxl keeps the default font as the first of the workbook's fonts
    book._fonts = IndexedList([font])
    book._named_styles["Normal"].font = font
    return book


class Styles:
    """The named styles of one workbook, one per :class:`Look`, named in the order they
    are first used (``kerjasama 1``, ``kerjasama 2``, ...), and the workbook's sheets:
    :meth:`save` gives the workbook's bytes."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.names: dict[Look, str] = {}
        self.indices: dict[Look, int] = {}
        #: the sheets' writers, in the order they were made
        self.writers: list[SheetWriter] = []

    def name(self, look: Look) -> str:
        """The name of ``look``'s style, registered in the workbook on first use."""
        name = self.names.get(look)
        if name is None:
            name = f"kerjasama {len(self.names) + 1}"
            self.book.add_named_style(look.style(name))
            self.names[look] = name
        return name

    def index(self, look: Look, sheet: Any) -> int:
        """The workbook's number of ``look``'s cell style (a cell's ``s`` in the sheet's
        XML), registered on first use through a cell of ``sheet`` that no row holds."""
        index = self.indices.get(look)
        if index is None:
            cell = Cell(sheet)
            cell.style = self.name(look)
            index = self.indices[look] = cell.style_id
        return index

    def save(self) -> bytes:
        """The workbook as ``.xlsx`` bytes: openpyxl's, each sheet with the rows its
        writer's :meth:`SheetWriter.finish` wrote (:func:`~.sheetxml.fill_sheets`)."""
        unfinished = [w.sheet.title for w in self.writers if w.xml is None]
        if unfinished:
            raise ValueError(f"sheets not finished: {unfinished}")
        buffer = io.BytesIO()
        self.book.save(buffer)  # it numbers the sheets' paths
        xml = {w.sheet.path.lstrip("/"): w.xml for w in self.writers if w.xml is not None}
        return fill_sheets(buffer.getvalue(), xml)


class SheetWriter:
    """One worksheet written row after row (see the module docstring)."""

    def __init__(
        self,
        styles: Styles,
        title: str,
        neutralise: Any = str,
        widths: Mapping[int, float] | None = None,
    ) -> None:
        self.styles = styles
        self.fixed = dict(widths) if widths is not None else None
        self.sheet = styles.book.create_sheet(title)
        styles.writers.append(self)
        self.row = 0
        #: the last column holding a cell
        self.columns = 0
        self.neutralise = neutralise
        self.longest: dict[int, int] = {}
        self._largest: dict[tuple[int, str], int | float] = {}
        #: the heights of blank rows (:meth:`blank`)
        self.heights: dict[int, float] = {}
        #: every row's values and looks until :meth:`finish` writes them
        self._rows: list[tuple[Row, Sequence[Look | None]]] = []
        self._merged: dict[int, dict[int, int]] = {}  # row: first column: last
        #: the rows as XML, once :meth:`finish` has written them
        self.xml: SheetRows | None = None
        #: the row repeated on every printed page (set by the sheet's writer)
        self.title_row = 0
        self._paged = 0  # rows measured by room()
        self._measured: list[float] = []  # their text heights at the fixed widths
        self._used = 0.0
        self._title_height = 0.0

    def append(self, values: Row, looks: Sequence[Look | None], *, measure: bool = True) -> int:
        """Add ``values`` as the next row, each cell in its look (``None``: no cell
        style; a look beyond the values styles an empty cell); return the row's
        number. ``measure=False`` leaves the row out of the column widths (a title or
        a merged line)."""
        self.row += 1
        shown = [cell_value(value, self.neutralise) for value in values]
        self._rows.append((shown, looks))
        for cells in (shown, looks):  # the last column with a value or a look
            last = len(cells)
            while last > self.columns and cells[last - 1] is None:
                last -= 1
            self.columns = max(self.columns, last)
        if not measure:
            return self.row
        for column, value in enumerate(shown, start=1):
            if type(value) is str:
                width = len(value) if "\n" not in value else max(map(len, value.split("\n")))
                if width > self.longest.get(column, 0):
                    self.longest[column] = width
            elif isinstance(value, int | float) and not isinstance(value, bool):
                # the widest number is the largest in size: formatted once, at the end
                look = looks[column - 1] if column <= len(looks) else None
                key = (column, look.number if look else "General")
                if abs(value) >= abs(self._largest.get(key, 0)):
                    self._largest[key] = value
        return self.row

    def blank(self, height: float | None = None) -> int:
        """An empty row (``height`` points high when given)."""
        self.row += 1
        self._rows.append(((), ()))
        if height is not None:
            self.heights[self.row] = height
        return self.row

    def merge(self, row: int, first: int, last: int) -> None:
        """Merge the cells ``first``..``last`` of ``row``; its text wraps over them."""
        if last > first:
            # the range alone: the cells it covers are written empty in the row's look
            span = f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
            self.sheet.merged_cells.add(span)
            self._merged.setdefault(row, {})[first] = last

    def widths(self, maximum: int = 60, minimum: int = 8) -> dict[int, float]:
        """Each column's width from its longest content, between the two bounds."""
        longest = dict(self.longest)
        for (column, number_format), value in self._largest.items():
            longest[column] = max(longest.get(column, 0), _number_width(value, number_format))
        return {c: min(max(n + 2, minimum), maximum) for c, n in longest.items()}

    def text_height(self, row: int, widths: Mapping[int, float]) -> float:
        """The points ``row`` needs for its tallest wrapped text at ``widths`` (a merged
        first cell: the merged width); 0 without text."""
        values, looks = self._rows[row - 1]
        spans = self._merged.get(row, {})
        tallest = 0.0
        for column, value in enumerate(values, start=1):
            if type(value) is not str:
                continue
            look = looks[column - 1] if column <= len(looks) else None
            size, bold = (look.size, look.bold) if look else (SIZE, False)
            last = spans.get(column)
            if last is None:
                width = widths.get(column, 8.43)
            else:
                width = sum(widths.get(k, 8.43) for k in range(column, last + 1))
            height = lines_needed(value, width, size, bold) * LINE_POINTS * size / SIZE + 2.0
            if height > tallest:
                tallest = height
        return tallest

    def finish(self, widths: Mapping[int, float] | None = None) -> None:
        """Set the column widths (``widths``, else the fixed ones, else from the
        content) and write every row, as tall as its wrapped text, as XML
        (:attr:`xml`, put into the sheet by :meth:`Styles.save`)."""
        if widths is None:
            widths = self.fixed if self.fixed is not None else self.widths()
        for column, width in widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        letters = [""] + [get_column_letter(c) for c in range(1, self.columns + 1)]
        styles: dict[int, tuple[Sequence[Look | None], list[str]]] = {}
        rows = SheetRows()
        first_row = last_row = 0
        first_column, last_column = self.columns, 0
        # rows that room() measured at the same widths are measured once
        measured = self._measured if widths == self.fixed else []
        for r, (values, looks) in enumerate(self._rows, start=1):
            text = measured[r - 1] if r <= len(measured) else self.text_height(r, widths)
            height = max(self.heights.get(r, 0.0), text)
            known = styles.get(id(looks))
            if known is None or known[0] is not looks:  # each list of looks once
                known = styles[id(looks)] = (looks, self._style_attributes(looks))
            cells = row_xml(r, values, known[1], letters)
            if cells is None and not height:
                continue
            xml = ""
            if cells is not None:
                first, last, xml = cells
                first_row, last_row = first_row or r, r
                first_column, last_column = min(first_column, first), max(last_column, last)
            tall = f' ht="{round(height, 2):.16g}" customHeight="1"' if height else ""
            rows.add(f'<row r="{r}"{tall}>{xml}</row>')
        dimension = "A1:A1"
        if last_row:
            dimension = f"{letters[first_column]}{first_row}:{letters[last_column]}{last_row}"
        rows.close(dimension)
        self.xml = rows
        self._rows, self._measured = [], []

    def _style_attributes(self, looks: Sequence[Look | None]) -> list[str]:
        """Each look's ``s`` attribute (empty for ``None``), as long as the widest row."""
        padded = [*looks, *[None] * (self.columns - len(looks))]
        return [
            "" if look is None else f' s="{self.styles.index(look, self.sheet)}"' for look in padded
        ]

    def page_break_before(self, row: int) -> None:
        """Start a new printed page at ``row``."""
        self.sheet.row_breaks.append(Break(id=row - 1))

    def room(self) -> float:
        """The points left on the page the next row would print on, estimated from the
        rows written so far at the fixed widths (the merged width for a merged first
        cell), the row :attr:`title_row` repeated at the top of every later page. Each
        row is measured once over all calls."""
        widths = self.fixed if self.fixed is not None else self.widths()
        while self._paged < self.row:
            r = self._paged + 1
            self._measured.append(self.text_height(r, widths))
            height = max(self.heights.get(r, LINE_POINTS + 2.0), self._measured[-1])
            if r == self.title_row:
                self._title_height = height
            if self._used + height > PAGE_HEIGHT_POINTS and self._used > self._title_height:
                self._used = self._title_height
            self._used += height
            self._paged = r
        return PAGE_HEIGHT_POINTS - self._used

    def keep_together(self, points: float) -> None:
        """Start a new page before the next row unless ``points`` fit on this one (a
        heading with its first row, the signature block)."""
        if self.room() < points:
            self.page_break_before(self.row + 1)
            self._used = self._title_height


def _number_width(value: object, number_format: str) -> int:
    """Characters a number needs as its format shows it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return len(str(value))
    if "#,##0" in number_format:
        decimals = number_format.partition(".")[2].count("0")
        shown = f"{value:,.{decimals}f}"
        return len(shown) + (3 if "Rp" in number_format else 0)
    if "%" in number_format:
        return len(f"{100 * value:.1f}%")
    if number_format.startswith("0.") or "0.0" in number_format:
        decimals = number_format.rpartition(".")[2].count("0")
        return len(f"{value:.{decimals}f}")
    return len(str(round(value, 4)) if isinstance(value, float) else str(value))


def header_text(value: str) -> str:
    """Text for a printed header or footer: ``&`` doubled (it starts a code there),
    control characters dropped, at most 100 characters.

    Example:
        >>> header_text("A & B")
        'A && B'
    """
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:100].replace("&", "&&")


def print_setup(
    sheet: Any,
    *,
    title_rows: str | None,
    header: Iterable[str] = ("", "", ""),
    footer: Iterable[str] = ("", "", ""),
    size: float = 9.0,
) -> None:
    """A4 landscape, one page wide and as many pages long as needed, margins 1.5 cm at
    the sides and 2 cm at the top and bottom, ``title_rows`` (``"1:1"``) repeated on
    every page, and the left, centre and right ``header`` and ``footer`` (header codes
    such as ``&P``, in :data:`FONT` at ``size`` points)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    # no first page number of its own: a sheet printed alone is numbered 1..Y, a whole
    # workbook printed or exported at once 1..Y across its sheets, so "Y" is always the
    # pages printed (each sheet restarting at 1 printed "Halaman 1 dari 15" on a
    # one-page sheet of a 15-page PDF)
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left = margins.right = 0.59
    margins.top = margins.bottom = 0.79
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    for item, value in zip(("left", "center", "right"), header, strict=True):
        _set(getattr(sheet.oddHeader, item), value, size)
    for item, value in zip(("left", "center", "right"), footer, strict=True):
        _set(getattr(sheet.oddFooter, item), value, size)


def _set(item: HeaderFooterItem, value: str, size: float) -> None:
    if value:
        item.text = value
        item.font = f"{FONT},Regular"
        item.size = size


@dataclass(frozen=True)
class Formats:
    """The number formats of one language's workbook.

    The Indonesian workbook's formats carry Indonesian's locale tag ``[$-421]``: LibreOffice
    then shows ``Rp 1.234.567`` and ``20,8%`` whatever the computer's language; Excel
    shows the separators of the computer's regional settings (``1.234.567`` on an
    Indonesian Windows). Numbers stay numbers either way.

    Example:
        >>> formats("id").rupiah, formats("en").percent
        ('[$-421]"Rp "#,##0', '0.0%')
    """

    rupiah: str
    percent: str
    decimal: str
    ratio: str
    integer: str
    staff: str
    ratio4: str
    year: str = "0"


def formats(lang: str) -> Formats:
    """The number formats for ``lang`` (see :class:`Formats`)."""
    tag = "[$-421]" if lang == "id" else ""
    return Formats(
        rupiah=f'{tag}"Rp "#,##0',
        percent=f"{tag}0.0%",
        decimal=f"{tag}#,##0.00",
        ratio=f"{tag}0.000",
        integer=f"{tag}#,##0",
        staff=f"{tag}#,##0.0",
        ratio4=f"{tag}0.0000",
    )


__all__ = [
    "FONT",
    "LINE_POINTS",
    "PAGE_WIDTH_UNITS",
    "SIZE",
    "Formats",
    "Look",
    "SheetWriter",
    "Styles",
    "formats",
    "header_text",
    "lines_needed",
    "new_workbook",
    "print_setup",
    "text_points",
]
