"""Business operations on the forum: every write that has a rule goes through here."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import JobOffer


def job_offers_publish(*, job_offers: QuerySet[JobOffer], is_published: bool) -> int:
    """Publish or withdraw job offers; returns how many were changed.

    Side effects: updates ``is_published`` and ``updated_at`` of the offers whose state
    changes. A withdrawn offer disappears from the public stand page at once.
    """
    with transaction.atomic():
        return job_offers.exclude(is_published=is_published).update(
            is_published=is_published, updated_at=timezone.now()
        )
