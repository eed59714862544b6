"""Pages that bring several apps together: the home page and the programme."""

import icalendar
from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from events.cache import fragment, fragments_allowed
from events.enums import TimetableItemKind
from events.selectors import event_for_request, timetable_items_for
from exhibitors.selectors import stands_for
from innov_insertion.web import CurrentEventMixin
from workshops.selectors import workshops_for

from .programme import programme_by_hour, programme_entries


def home_highlights(*, event):
    """The conference and round table the home page shows."""
    return timetable_items_for(event=event).filter(
        kind__in=[TimetableItemKind.CONFERENCE, TimetableItemKind.ROUND_TABLE]
    )


class HomeView(TemplateView):
    """What, when, where, for whom, the highlights and how to register."""

    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        event = event_for_request(self.request)
        context = super().get_context_data(event=event, **kwargs)
        if event is not None:
            # Read (and even built) only when the page's content is rendered, not when it
            # comes from {% fragment %}; the count is called by the template.
            context.update(
                highlights=SimpleLazyObject(lambda: home_highlights(event=event)),
                stands=SimpleLazyObject(lambda: stands_for(event=event).prefetch_related(None)),
                workshop_count=lambda: workshops_for(event=event).count(),
            )
        return context


class ProgrammeView(CurrentEventMixin, TemplateView):
    """The timetable by hour, with floor and room; printable."""

    template_name = "pages/programme.html"

    def get_context_data(self, **kwargs):
        # Worked out when the page is rendered, not when it comes from {% fragment %}.
        hours = SimpleLazyObject(lambda: programme_by_hour(event=self.event))
        return super().get_context_data(hours=hours, **kwargs)


def programme_ics(request):
    """The whole programme as an iCalendar file, to add to a phone's calendar.

    Built once per content version and language (``events.cache.fragment``): a query string
    added by a partner site's link (``?utm_source=…``), which the page cache does not serve,
    costs no more than a cached page."""
    event = event_for_request(request)
    if event is None:
        raise Http404("No published edition.")
    if fragments_allowed(request):
        body = fragment("programme.ics", lambda: _programme_ics(event)).encode()
    else:
        body = _programme_ics(event).encode()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-programme.ics"'
    return response


def _programme_ics(event) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CUCM//Innov'insertion//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    venue = event.full_address
    stamp = timezone.now()
    for entry in programme_entries(event=event):
        item = icalendar.Event()
        item.add("uid", f"{entry.uid}@{event.slug}.innov-insertion")
        item.add("dtstamp", stamp)
        item.add("dtstart", entry.starts_at)
        item.add("dtend", entry.ends_at)
        item.add("summary", entry.title)
        item.add("categories", [str(entry.kind_label)])
        location = (
            f"{entry.space.name} ({entry.space.get_floor_display()}), {venue}"
            if entry.space
            else venue
        )
        item.add("location", location)
        if entry.description:
            item.add("description", entry.description)
        if entry.url:
            item.add("url", settings.SITE_URL + entry.url)
        calendar.add_component(item)
    return calendar.to_ical().decode()


def health(request):
    """``/sante/``: "ok" for load balancers, and the benchmark's reference page.

    It renders a template without the request (so no context processor runs) and touches
    neither the database nor the session: what it costs is the price of the stack itself.
    """
    response = HttpResponse(render_to_string("health.txt"), content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
