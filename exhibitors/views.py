from django.http import Http404
from django.views.generic import TemplateView

from events.views import CurrentEventMixin

from .forms import StandFilterForm
from .models import Stand
from .selectors import stand_detail, stands_filtered


class StandListView(CurrentEventMixin, TemplateView):
    template_name = "exhibitors/stand_list.html"

    def get_context_data(self, **kwargs):
        form = StandFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        stands = stands_filtered(
            event=self.event,
            kind=filters.get("kind", ""),
            sector=filters.get("sector"),
            activity=filters.get("activity", ""),
        )
        return super().get_context_data(
            form=form, stands=stands, is_filtered=any(filters.values()), **kwargs
        )


class StandDetailView(CurrentEventMixin, TemplateView):
    template_name = "exhibitors/stand_detail.html"

    def get_context_data(self, **kwargs):
        try:
            stand = stand_detail(event=self.event, organisation_slug=self.kwargs["slug"])
        except Stand.DoesNotExist:
            raise Http404("No stand for this organisation at this edition.") from None
        return super().get_context_data(stand=stand, organisation=stand.organisation, **kwargs)
