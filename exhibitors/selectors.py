"""Reads of the forum that several pages share."""

from django.db.models import F, Prefetch, QuerySet

from events.models import Event

from .models import JobOffer, Sector, Stand, StandActivity


def stands_for(*, event: Event) -> QuerySet[Stand]:
    """An edition's stands with organisation, sectors and activities: three queries in all."""
    return (
        Stand.objects.filter(event=event)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("organisation__sectors", queryset=Sector.objects.order_by("name")),
            Prefetch(
                "activities",
                queryset=StandActivity.objects.order_by(
                    F("starts_at").asc(nulls_first=True), "title", "pk"
                ),
            ),
        )
        .order_by("number")
    )


def stands_filtered(
    *, event: Event, kind: str = "", sector: Sector | None = None, activity: str = ""
) -> QuerySet[Stand]:
    stands = stands_for(event=event)
    if kind:
        stands = stands.filter(organisation__kind=kind)
    if sector is not None:
        stands = stands.filter(organisation__sectors=sector)
    if activity:
        stands = stands.filter(activities__kind=activity)
    return stands.distinct()


def stand_detail(*, event: Event, organisation_slug: str) -> Stand:
    """One stand with its published job offers; raises Stand.DoesNotExist."""
    offers = JobOffer.objects.published().select_related("sector").order_by("title")
    return (
        stands_for(event=event)
        .prefetch_related(Prefetch("organisation__job_offers", queryset=offers))
        .get(organisation__slug=organisation_slug)
    )
