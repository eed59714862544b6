"""Reads of the forum that several pages share."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from events.models import Event

from .enums import ApplicationStatus
from .models import Application, JobOffer, Organisation, Sector, Stand, StandActivity


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


def stand_heading(*, event: Event, organisation_slug: str) -> tuple[int, str] | None:
    """(stand id, organisation name) of an organisation's stand at ``event``, or None: one
    small query, what a stand page needs when its content comes from ``{% fragment %}``."""
    stands = Stand.objects.filter(event=event, organisation__slug=organisation_slug)
    return stands.values_list("pk", "organisation__name").first()


def stand_detail(*, event: Event, organisation_slug: str) -> Stand:
    """One stand with its published job offers; raises Stand.DoesNotExist."""
    offers = JobOffer.objects.published().select_related("sector").order_by("title")
    return (
        stands_for(event=event)
        .prefetch_related(Prefetch("organisation__job_offers", queryset=offers))
        .get(organisation__slug=organisation_slug)
    )


# --- The exhibitor portal: every read is scoped to the user's organisations ---------------


def member_organisations(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` speaks for (none for anonymous users)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user).order_by("name")


def portal_organisations(*, user, event: Event | None) -> QuerySet[Organisation]:
    """The user's organisations for the portal home: their stand at ``event`` with its
    activities, and counts of published offers and new applications (three queries)."""
    stands = Stand.objects.filter(event=event) if event else Stand.objects.none()
    activities = StandActivity.objects.order_by(F("starts_at").asc(nulls_first=True), "title", "pk")
    return (
        member_organisations(user=user)
        .annotate(
            published_offer_count=Count(
                "job_offers", filter=Q(job_offers__is_published=True), distinct=True
            ),
            offer_count=Count("job_offers", distinct=True),
            new_application_count=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.NEW),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "stands",
                queryset=stands.prefetch_related(Prefetch("activities", queryset=activities)),
                to_attr="current_stands",
            )
        )
    )


def member_stands(*, user, event: Event | None) -> QuerySet[Stand]:
    """The user's stands at ``event`` (their organisations' only)."""
    if event is None:
        return Stand.objects.none()
    return Stand.objects.filter(organisation__members__user=user, event=event).select_related(
        "organisation", "event"
    )


def member_activities(*, user, event: Event | None) -> QuerySet[StandActivity]:
    """The activities of the user's stands at ``event``."""
    if event is None:
        return StandActivity.objects.none()
    return StandActivity.objects.filter(
        stand__organisation__members__user=user, stand__event=event
    ).select_related("stand__organisation", "stand__event")


def member_job_offers(*, user) -> QuerySet[JobOffer]:
    """The job offers of the user's organisations, with how many applications each got."""
    return (
        JobOffer.objects.filter(organisation__members__user=user)
        .select_related("organisation", "sector")
        .annotate(application_count=Count("applications"))
        .order_by("organisation__name", "-is_published", "title", "pk")
    )


def member_applications(*, user) -> QuerySet[Application]:
    """The applications left for the user's organisations, newest first."""
    return (
        Application.objects.filter(organisation__members__user=user)
        .select_related("organisation", "job_offer", "event")
        .order_by("-created_at", "-pk")
    )


# --- The public CV form ------------------------------------------------------------------


def stand_for_applications(*, event: Event, organisation_slug: str) -> Stand:
    """The stand where visitors leave a CV; raises Stand.DoesNotExist."""
    return Stand.objects.select_related("organisation", "event").get(
        event=event, organisation__slug=organisation_slug
    )


def offer_for_applications(*, organisation: Organisation, offer_id: int) -> JobOffer:
    """One published offer of ``organisation``; raises JobOffer.DoesNotExist."""
    return JobOffer.objects.published().get(organisation=organisation, pk=offer_id)
