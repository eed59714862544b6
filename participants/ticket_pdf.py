"""The ticket as a one-page PDF (A4), drawn with Pillow: the QR code, then the name, the
ticket code, the date and the place as text. No other library: Pillow writes the PDF."""

import io
import textwrap

from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .models import Participant
from .tickets import ticket_qr_png

DPI = 150
PAGE = (1240, 1754)  # A4 at 150 dpi
MARGIN = 120
# A font with every accent people's names carry; Pillow's own font when it is missing.
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
BOLD_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in BOLD_FONT_PATHS if bold else FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width=width) or [""]


def ticket_pdf(*, participant: Participant) -> bytes:
    """The ticket on one A4 page, as PDF bytes (in the current language)."""
    event = participant.event
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    y = MARGIN
    title = _("Billet — %(name)s") % {"name": event.name}
    for line in _lines(title, 36):
        draw.text((MARGIN, y), line, fill="black", font=_font(52, bold=True))
        y += 70
    y += 30
    qr = Image.open(io.BytesIO(ticket_qr_png(participant=participant, box_size=16)))
    qr = qr.convert("RGB")
    side = min(qr.width, 560)
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    page.paste(qr, ((PAGE[0] - side) // 2, y))
    y += side + 50
    date = formats.date_format(event.date, "DATE_FORMAT")
    start = formats.time_format(event.opens_at, "TIME_FORMAT")
    end = formats.time_format(event.closes_at, "TIME_FORMAT")
    facts = [
        (_("Nom et prénom"), participant.full_name),
        (_("Code"), participant.ticket_code),
        (
            _("Date"),
            _("%(date)s, de %(start)s à %(end)s") % {"date": date, "start": start, "end": end},
        ),
        (_("Lieu"), event.full_address),
    ]
    for label, value in facts:
        draw.text((MARGIN, y), label, fill="#333333", font=_font(30))
        y += 42
        for line in _lines(value, 40):
            draw.text((MARGIN, y), line, fill="black", font=_font(42, bold=True))
            y += 56
        y += 24
    note = _("À l’accueil, montrez ce QR code ou donnez ce code.")
    for line in _lines(note, 60):
        draw.text((MARGIN, y), line, fill="black", font=_font(30))
        y += 42
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=DPI, title=title, author=event.name)
    return buffer.getvalue()
