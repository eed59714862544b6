"""The ticket (a QR code of the ticket code) and the personal calendar (.ics) of a person.

The QR code holds only the ticket code: scanning it at the door finds the registration,
but opens nothing (the personal link stays secret).
"""

import datetime as dt
import io

import icalendar
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone

from .models import Participant
from .selectors import participant_plan


def _qr(participant: Participant) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(participant.ticket_code)
    code.make(fit=True)
    return code


def ticket_qr_svg(*, participant: Participant) -> bytes:
    """The QR code as an SVG document (for the page and the printed ticket)."""
    image = _qr(participant).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode").encode()


def ticket_qr_png(*, participant: Participant, box_size: int = 8) -> bytes:
    """The QR code as a PNG image (for emails, where SVG is poorly supported)."""
    code = _qr(participant)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def plan_ics(*, participant: Participant) -> bytes:
    """The person's plan for the day as an iCalendar file: the day itself, then each
    confirmed seat (waiting-list places are left out: they are not certain)."""
    event = participant.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CUCM//Innov'insertion//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    stamp = timezone.now()
    day = icalendar.Event()
    day.add("uid", f"day-{participant.ticket_code}@{event.slug}.innov-insertion")
    day.add("dtstamp", stamp)
    day.add("dtstart", timezone.make_aware(dt.datetime.combine(event.date, event.opens_at)))
    day.add("dtend", timezone.make_aware(dt.datetime.combine(event.date, event.closes_at)))
    day.add("summary", event.name)
    day.add("location", event.full_address)
    day.add("url", settings.SITE_URL + participant.get_absolute_url())
    calendar.add_component(day)
    for entry in participant_plan(participant=participant):
        if not entry.is_confirmed or entry.starts_at is None:
            continue
        item = icalendar.Event()
        item.add("uid", f"booking-{entry.booking.pk}@{event.slug}.innov-insertion")
        item.add("dtstamp", stamp)
        item.add("dtstart", entry.starts_at)
        item.add("dtend", entry.ends_at)
        item.add("summary", entry.title)
        item.add("location", f"{entry.place_label}, {event.full_address}")
        calendar.add_component(item)
    return calendar.to_ical()
