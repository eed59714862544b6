import hashlib

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from events.cache import remembered
from innov_insertion.web import CurrentEventMixin, paginate

from .selectors import workshop_heading, workshops_for


class WorkshopListView(CurrentEventMixin, TemplateView):
    template_name = "workshops/workshop_list.html"

    def get_context_data(self, **kwargs):
        def workshops():
            return workshops_for(event=self.event)

        # Counted once per content version (events.cache), and the workshops built only to
        # render the list: when it comes from {% fragment %}, no query and no queryset.
        count = remembered(f"workshop-count:{self.event.pk}", lambda: workshops().count())
        return super().get_context_data(**paginate(self.request, workshops, count=count), **kwargs)


class WorkshopDetailView(CurrentEventMixin, TemplateView):
    template_name = "workshops/workshop_detail.html"

    def get_context_data(self, **kwargs):
        slug = self.kwargs["slug"]
        # Known once per content version (events.cache): no query when the page's content
        # comes from {% fragment %}; the workshop is read only to render it.
        heading = remembered(  # an unknown slug is not remembered (None)
            f"workshop-heading:{self.event.pk}:{hashlib.sha256(slug.encode()).hexdigest()}",
            lambda: workshop_heading(event=self.event, slug=slug),
        )
        if heading is None:
            raise Http404("No such workshop at this edition.")
        workshop_id, title = heading
        workshop = SimpleLazyObject(lambda: workshops_for(event=self.event).get(slug=slug))
        return super().get_context_data(
            workshop=workshop, workshop_id=workshop_id, workshop_title=title, **kwargs
        )
