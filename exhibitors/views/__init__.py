"""Views of the forum: the public pages (``forum``) and the exhibitor portal (``portal``)."""

from .forum import ApplicationCreateView, StandDetailView, StandListView

__all__ = ["ApplicationCreateView", "StandDetailView", "StandListView"]
