from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from innov_insertion.web import CurrentEventMixin

from .enums import TimetableItemKind
from .selectors import timetable_items_for

CONFERENCE_KINDS = [
    TimetableItemKind.CONFERENCE,
    TimetableItemKind.ROUND_TABLE,
    TimetableItemKind.TESTIMONIES,
    TimetableItemKind.RECEPTION,
]


class ConferenceView(CurrentEventMixin, TemplateView):
    template_name = "events/conference.html"

    def get_context_data(self, **kwargs):
        # Built only when the page's content is rendered, not when it comes from
        # {% fragment %}.
        items = SimpleLazyObject(
            lambda: timetable_items_for(event=self.event).filter(kind__in=CONFERENCE_KINDS)
        )
        return super().get_context_data(items=items, **kwargs)


class PracticalInfoView(CurrentEventMixin, TemplateView):
    template_name = "events/practical_info.html"

    def get_context_data(self, **kwargs):
        spaces = SimpleLazyObject(lambda: self.event.spaces.order_by("floor", "name"))
        return super().get_context_data(spaces=spaces, **kwargs)


class AccessibilityStatementView(TemplateView):
    template_name = "events/accessibility.html"


class PrivacyNoticeView(TemplateView):
    template_name = "events/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.PERSONAL_DATA_RETENTION_DAYS,
            cv_retention_days=settings.CV_RETENTION_DAYS,
            **kwargs,
        )
