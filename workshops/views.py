from django.http import Http404
from django.views.generic import TemplateView

from innov_insertion.web import CurrentEventMixin, paginate

from .models import Workshop
from .selectors import workshops_for


class WorkshopListView(CurrentEventMixin, TemplateView):
    template_name = "workshops/workshop_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **paginate(self.request, workshops_for(event=self.event)), **kwargs
        )


class WorkshopDetailView(CurrentEventMixin, TemplateView):
    template_name = "workshops/workshop_detail.html"

    def get_context_data(self, **kwargs):
        try:
            workshop = workshops_for(event=self.event).get(slug=self.kwargs["slug"])
        except Workshop.DoesNotExist:
            raise Http404("No such workshop at this edition.") from None
        return super().get_context_data(workshop=workshop, **kwargs)
