from django.utils.functional import SimpleLazyObject

from .selectors import event_for_request


def current_event(request):
    """Expose the current edition to every template, queried only when a template uses it."""
    return {"current_event": SimpleLazyObject(lambda: event_for_request(request))}
