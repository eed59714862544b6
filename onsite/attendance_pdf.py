"""The attendance list (émargement) of a door — a workshop, a conference item, a stand
activity session — as a PDF to download and print: A4 portrait, the
event, date, time and room at the top of every page, then a line per person with a box to
tick and room to sign; seats by name first, then the waiting list in order.

Drawn with fpdf2, so the names are real text (sharp on paper, searchable); DejaVu Sans
carries every accent people's names have, Helvetica (Latin-1 only) is the fallback.
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from participants.bookables import Bookable, kind_of, time_range_label

from .selectors import AttendanceList

ROWS_PER_PAGE = 25
MARGIN = 12  # mm
ROW_HEIGHT = 8.6  # mm: room for a signature
FONT_PATHS = {
    "": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "B": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # mm


class _Document(FPDF):
    def __init__(self):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.family = "Helvetica"
        if all(Path(path).exists() for path in FONT_PATHS.values()):
            for style, path in FONT_PATHS.items():
                self.add_font("DejaVu", style, path)
            self.family = "DejaVu"

    def text_of(self, value) -> str:
        text = " ".join(str(value).split())
        if self.family == "Helvetica":  # a core font: Latin-1 only
            text = text.replace("’", "'").replace("—", "-").replace("–", "-")
            text = text.encode("latin-1", "replace").decode("latin-1")
        return text

    def write_cell(self, width, text, *, style="", size=10, border=0, align="L", height=None):
        self.set_font(self.family, style, size)
        text = self.text_of(text)
        room = (width or self.w - self.r_margin - self.x) - 2 * self.c_margin
        while text and self.get_string_width(text) > room:  # a very long name: cut, marked
            text = text[:-2] + "…" if self.family == "DejaVu" else text[:-2] + "."
        self.cell(
            width,
            height or ROW_HEIGHT,
            text,
            border=border,
            align=align,
            new_x="RIGHT",
            new_y="TOP",
        )


def list_title(target: Bookable) -> str:
    """What the list is for: the title (an activity with its exhibitor)."""
    return kind_of(target).display(target)


def list_place(target: Bookable) -> str:
    """Where: the room and its floor, or the exhibitor's stand; "" when not known yet."""
    kind = kind_of(target)
    space = kind.space(target)
    if space is not None:
        return f"{space.name} ({space.get_floor_display().lower()})"
    return kind.place_label(target)


def _heading(target: Bookable, event) -> list[str]:
    when = " — ".join(
        part
        for part in (
            formats.date_format(event.date, "DATE_FORMAT"),
            time_range_label(target),
            list_place(target),
        )
        if part
    )
    return [event.name, when]


def _page(pdf: _Document, *, target: Bookable, event, title: str, columns: list[Column]) -> None:
    pdf.add_page()
    pdf.set_xy(MARGIN, MARGIN)
    pdf.write_cell(0, _("Émargement"), style="B", size=9, height=5)
    pdf.ln(5)
    pdf.set_font(pdf.family, "B", 15)
    pdf.multi_cell(0, 7, pdf.text_of(list_title(target)), new_x="LMARGIN", new_y="NEXT")
    for line in _heading(target, event):
        pdf.write_cell(0, line, size=10, height=5.5)
        pdf.ln(5.5)
    pdf.ln(2)
    pdf.write_cell(0, title, style="B", size=11, height=7)
    pdf.ln(7)
    for column in columns:
        pdf.write_cell(column.width, column.title, style="B", size=9, border=1)
    pdf.ln(ROW_HEIGHT)


def _footer(pdf: _Document, *, printed: str) -> None:
    pdf.set_xy(MARGIN, pdf.h - MARGIN - 4)
    pdf.write_cell(pdf.epw / 2, printed, size=8, height=4)
    page = _("Page %(page)s sur %(pages)s") % {"page": pdf.page_no(), "pages": "{nb}"}
    pdf.write_cell(pdf.epw / 2, page, size=8, height=4, align="R")


def _table(pdf, *, target, event, title, columns, rows, printed) -> None:
    """``rows``: one list of cell texts per person; ROWS_PER_PAGE a page, the heading on
    each; a page saying "nobody" when there is no row."""
    chunks = [rows[start : start + ROWS_PER_PAGE] for start in range(0, len(rows), ROWS_PER_PAGE)]
    for chunk in chunks or [[]]:
        _page(pdf, target=target, event=event, title=title, columns=columns)
        if not chunk:
            pdf.write_cell(0, _("Personne pour le moment."), size=10)
        for cells in chunk:
            for column, text in zip(columns, cells, strict=True):
                pdf.write_cell(column.width, text, size=10, border=1)
            pdf.ln(ROW_HEIGHT)
        _footer(pdf, printed=printed)


def attendance_pdf(*, target: Bookable, event, attendance: AttendanceList) -> bytes:
    """The list as PDF bytes (in the current language): the confirmed seats by name,
    ROWS_PER_PAGE a page, then the waiting list (on its own pages, when someone waits)."""
    pdf = _Document()
    pdf.set_title(_("Émargement — %(title)s") % {"title": list_title(target)})
    pdf.set_author(event.name)
    printed = _("Imprimée le %(date)s à %(time)s") % {
        "date": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        "time": formats.time_format(timezone.localtime().time()),
    }
    width = pdf.epw
    seats = [
        Column(_("N°"), 13),
        Column(_("Nom"), width - 13 - 30 - 22 - 60),
        Column(_("Code du billet"), 30),
        Column(_("Présent·e"), 22),
        Column(_("Signature"), 60),
    ]
    rows = [
        [
            str(number),
            f"{booking.participant.last_name} {booking.participant.first_name}",
            booking.participant.ticket_code,
            formats.time_format(timezone.localtime(booking.attended_at).time())
            if booking.attended_at
            else "",
            "",
        ]
        for number, booking in enumerate(attendance.confirmed, start=1)
    ]
    if target.capacity is None:
        title = _("Inscrit·es : %(count)s, sans limite de places") % {
            "count": len(attendance.confirmed)
        }
    else:
        title = _("Inscrit·es : %(count)s sur %(capacity)s places") % {
            "count": len(attendance.confirmed),
            "capacity": target.capacity,
        }
    _table(pdf, target=target, event=event, title=title, columns=seats, rows=rows, printed=printed)
    if attendance.waiting:
        queue = [Column(_("Rang"), seats[0].width), *seats[1:]]
        rows = [
            [
                str(rank),
                f"{booking.participant.last_name} {booking.participant.first_name}",
                booking.participant.ticket_code,
                "",
                "",
            ]
            for rank, booking in enumerate(attendance.waiting, start=1)
        ]
        title = _("Liste d’attente, dans l’ordre")
        _table(
            pdf, target=target, event=event, title=title, columns=queue, rows=rows, printed=printed
        )
    return bytes(pdf.output())
