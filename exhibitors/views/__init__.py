"""Views of the forum: the public pages (``forum``) and the exhibitor portal (``portal``)."""

from .forum import (
    ApplicationCreateView,
    ApplicationWithdrawView,
    StandDetailView,
    StandListView,
)

__all__ = [
    "ApplicationCreateView",
    "ApplicationWithdrawView",
    "StandDetailView",
    "StandListView",
]
