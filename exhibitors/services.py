"""Business operations on the forum: every write that has a rule goes through here.

The exhibitor portal, the public CV form, the admin and the management commands all call
these functions; none of them writes a stand, an offer or an application on its own.
The checks that need no lock come first and raise ``ExhibitorError``; the writes run in
``transaction.atomic()``; emails leave after commit.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import seats
from events.models import Event
from innov_insertion.addresses import email_normalize
from innov_insertion.errors import DomainError

from . import emails, uploads
from .enums import ApplicationNotice, ApplicationStatus
from .models import (
    Application,
    JobOffer,
    Organisation,
    OrganisationMember,
    Sector,
    Stand,
    StandActivity,
)

MESSAGES = {
    "capacity_below_seats": _(
        "%(seats)s places sont déjà réservées pour « %(title)s » : le nombre de places ne "
        "peut pas être plus petit."
    ),
    "activity_has_bookings": _(
        "Des personnes sont inscrites à « %(title)s » : elle ne peut pas être supprimée. "
        "Écrivez à l’équipe d’Innov’insertion."
    ),
    "no_stand": _("%(name)s n’a pas de stand à cette édition du forum."),
    "offer_closed": _("Cette offre n’est plus publiée : déposez votre candidature sur le stand."),
    "no_address": _("Indiquez un courriel ou un téléphone, pour que l’employeur vous réponde."),
    "account_disabled": _(
        "Le compte %(email)s est désactivé : réactivez-le avant de l’inviter à nouveau."
    ),
}


# The withdraw link's signature is good for nothing else.
WITHDRAW_SALT = "exhibitors.application.withdraw"


class ExhibitorError(DomainError):
    """A rule of the forum says no; ``message`` is written for the person concerned."""

    messages = MESSAGES


# --- What the forms collect (already validated) ------------------------------------------


@dataclass(frozen=True)
class OrganisationDetails:
    """What an exhibitor may change on its public stand page."""

    description: str
    website: str
    contact_name: str
    contact_email: str
    contact_phone: str
    sectors: list[Sector]


@dataclass(frozen=True)
class ActivityDetails:
    kind: str
    title: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int | None


@dataclass(frozen=True)
class OfferDetails:
    title: str
    contract_type: str
    sector: Sector | None
    place: str
    description: str
    is_published: bool


@dataclass(frozen=True)
class ApplicantDetails:
    first_name: str
    last_name: str
    email: str
    message: str = ""
    phone: str = ""  # E.164; the email, the phone or both


ORGANISATION_FIELDS = ["description", "website", "contact_name", "contact_email", "contact_phone"]
ACTIVITY_FIELDS = ["kind", "title", "description", "starts_at", "ends_at", "capacity"]
OFFER_FIELDS = ["title", "contract_type", "sector", "place", "description", "is_published"]


# --- Stand page --------------------------------------------------------------------------


def organisation_update(
    *, organisation: Organisation, details: OrganisationDetails
) -> Organisation:
    """Change what the public stand page says about the organisation.

    Side effects: the organisation's text fields and sectors are saved (a history record
    keeps the earlier version, with who changed it); the public page shows them at once.
    """
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for name in ORGANISATION_FIELDS:
            setattr(locked, name, getattr(details, name))
        locked.save(update_fields=ORGANISATION_FIELDS)
        locked.sectors.set(details.sectors)
    return locked


def organisation_logo_set(
    *, organisation: Organisation, logo: uploads.CleanLogo | None
) -> Organisation:
    """Store a logo already re-encoded by ``uploads.logo_clean``, or remove it (``None``).

    Side effects: the page image and its thumbnail are written to the media storage under
    the names the server drew; the organisation points to them. Earlier files stay on disk
    so that restoring an earlier version in the admin brings its logo back.
    """
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if logo is None:
            locked.logo = ""
            locked.logo_thumbnail = ""
        else:
            locked.logo.save(logo.image.name, logo.image, save=False)
            locked.logo_thumbnail.save(logo.thumbnail.name, logo.thumbnail, save=False)
        locked.save(update_fields=["logo", "logo_thumbnail"])
    organisation.logo, organisation.logo_thumbnail = locked.logo, locked.logo_thumbnail
    return locked


# --- Stand activities --------------------------------------------------------------------


def stand_activity_create(*, stand: Stand, details: ActivityDetails) -> StandActivity:
    """Add an activity to a stand. Side effects: it shows on the public stand page."""
    with transaction.atomic():
        return StandActivity.objects.create(stand=stand, **asdict(details))


def stand_activity_update(*, activity: StandActivity, details: ActivityDetails) -> StandActivity:
    """Change an activity; its seat count stays the registration service's.

    Side effects: the activity row is locked, its capacity checked against the seats
    already taken, and only the fields an exhibitor edits are written (never
    ``seats_taken``). A capacity raised goes through ``events.seats.capacity_change``: the
    seats now free go to the first people waiting, who are told. A history record keeps
    the earlier version.
    """
    with transaction.atomic():
        locked = StandActivity.objects.select_for_update().get(pk=activity.pk)
        if details.capacity is not None and details.capacity < locked.seats_taken:
            raise ExhibitorError(
                "capacity_below_seats", seats=locked.seats_taken, title=locked.title
            )
        fields = [name for name in ACTIVITY_FIELDS if name != "capacity"]
        for name in fields:
            setattr(locked, name, getattr(details, name))
        locked.save(update_fields=fields)
        if details.capacity != locked.capacity:
            seats.capacity_change(target=locked, capacity=details.capacity)
    return locked


def stand_activity_delete(*, activity: StandActivity) -> None:
    """Delete an activity nobody has booked.

    Side effects: the activity disappears from the stand page and the registration form.
    Raises ``ExhibitorError`` when bookings (confirmed, waiting or cancelled) refer to it.
    """
    try:
        with transaction.atomic():
            StandActivity.objects.select_for_update().get(pk=activity.pk).delete()
    except ProtectedError:
        raise ExhibitorError("activity_has_bookings", title=activity.title) from None


# --- Job offers --------------------------------------------------------------------------


def job_offer_create(*, organisation: Organisation, details: OfferDetails) -> JobOffer:
    """Add a job offer. Side effects: a published offer shows on the stand page and the
    job board at once, at an address (its slug) made from its title and organisation."""
    with transaction.atomic():
        return JobOffer.objects.create(organisation=organisation, **asdict(details))


def job_offer_update(
    *, job_offer: JobOffer, details: OfferDetails, organisation: Organisation | None = None
) -> JobOffer:
    """Change a job offer; staff (in the admin) may also move it to another ``organisation``.

    Side effects: saved with a history record of the earlier version.
    """
    fields = [*OFFER_FIELDS, "updated_at"]
    with transaction.atomic():
        locked = JobOffer.objects.select_for_update().get(pk=job_offer.pk)
        for name in OFFER_FIELDS:
            setattr(locked, name, getattr(details, name))
        if organisation is not None and organisation != locked.organisation:
            locked.organisation = organisation
            fields.append("organisation")
        locked.save(update_fields=fields)
    return locked


def job_offer_details(job_offer: JobOffer) -> OfferDetails:
    """What an offer says, as the services take it (for the admin's forms)."""
    return OfferDetails(**{name: getattr(job_offer, name) for name in OFFER_FIELDS})


def job_offers_publish(*, job_offers: QuerySet[JobOffer], is_published: bool) -> int:
    """Publish or withdraw job offers; returns how many were changed.

    Side effects: updates ``is_published`` and ``updated_at`` of the offers whose state
    changes, one by one so that each change has its history record (who, when). A
    withdrawn offer disappears from the public stand page at once.
    """
    with transaction.atomic():
        changing = list(
            JobOffer.objects.select_for_update()
            .filter(pk__in=job_offers.values("pk"))
            .exclude(is_published=is_published)
            .order_by("pk")
        )
        for offer in changing:
            offer.is_published = is_published
            offer.save(update_fields=["is_published", "updated_at"])
    return len(changing)


# --- Applications (CVs left at a stand) ----------------------------------------------------


def application_create(
    *,
    organisation: Organisation,
    event: Event,
    applicant: ApplicantDetails,
    cv: uploads.CleanCv | File,
    job_offer: JobOffer | None = None,
    language: str | None = None,
) -> Application:
    """Leave a CV for one organisation, which alone will see it.

    Side effects: the PDF (as checked, or converted from a photo, by ``uploads.cv_clean``)
    is written to the private storage (outside MEDIA_ROOT) under a name the server draws,
    and the application row records the person's consent. After commit: the applicant
    gets an acknowledgement with a link to withdraw (by email, else by text message, in
    ``language``), and each member of the organisation who chose it gets a notification
    (the others get the daily digest, ``applications_digest_send``).
    Raises ``ExhibitorError`` when the organisation has no stand at ``event`` or the
    offer is not one of its published offers, and ``ValidationError`` for a file that is
    not an acceptable CV.
    """
    if not Stand.objects.filter(event=event, organisation=organisation).exists():
        raise ExhibitorError("no_stand", name=organisation.name)
    if job_offer is not None and (
        job_offer.organisation_id != organisation.pk or not job_offer.is_published
    ):
        raise ExhibitorError("offer_closed")
    if not applicant.email and not applicant.phone:
        raise ExhibitorError("no_address")
    clean = cv if isinstance(cv, uploads.CleanCv) else uploads.cv_clean(cv)
    application = Application(
        organisation=organisation,
        event=event,
        job_offer=job_offer,
        **asdict(applicant),
        file_key=secrets.token_hex(16),
        consent_at=timezone.now(),
    )
    # The model's upload_to names the file from file_key; the visitor's name is dropped.
    application.cv.save("cv.pdf", clean.file, save=False)
    try:
        with transaction.atomic():
            application.save()
            transaction.on_commit(
                lambda: emails.application_received_send(
                    application=application,
                    withdraw_url=application_withdraw_url(application),
                    language=language,
                )
            )
            transaction.on_commit(lambda: emails.application_notify_members(application))
    except BaseException:
        application.cv.delete(save=False)
        raise
    return application


def application_withdraw_token(application: Application) -> str:
    """The secret part of the applicant's withdraw link (signed; no other use)."""
    return signing.Signer(salt=WITHDRAW_SALT).sign(application.file_key)


def application_withdraw_url(application: Application) -> str:
    """The applicant's absolute link to take the application back."""
    token = application_withdraw_token(application)
    return settings.SITE_URL + reverse("exhibitors:withdraw", kwargs={"token": token})


def application_for_withdraw_token(token: str) -> Application | None:
    """The application a withdraw link names, or None (forged, or already withdrawn)."""
    try:
        file_key = signing.Signer(salt=WITHDRAW_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Application.objects.select_related("organisation").filter(file_key=file_key).first()


def application_withdraw(*, application: Application) -> None:
    """The applicant takes their application back (from the link in the acknowledgement).

    Side effects: the CV file is deleted from the private storage, then the row: the
    application disappears from the organisation's inbox and no digest names it.
    """
    application_delete(application=application)


def application_status_set(*, application: Application, status: str) -> Application:
    """Record what the organisation did with an application (contacted, interview…).

    Side effects: ``status`` and ``updated_at`` are saved.
    """
    status = ApplicationStatus(status)
    with transaction.atomic():
        application.status = status
        application.save(update_fields=["status", "updated_at"])
    return application


def application_delete(*, application: Application) -> None:
    """Delete one application at the person's request. Side effects: the CV file, then the
    row."""
    application.cv.delete(save=False)
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).delete()


def applications_purge(*, retention_days: int, today: date | None = None) -> int:
    """Delete the applications of editions older than ``retention_days`` days, CVs first.

    Side effects: each CV file is removed from the private storage, then the rows; a run
    interrupted half-way leaves rows without files, which the next run deletes. Returns
    how many applications were deleted.
    """
    today = today or timezone.localdate()
    due = Application.objects.filter(event__date__lt=today - timedelta(days=retention_days))
    storage = Application._meta.get_field("cv").storage
    ids = []
    for pk, name in due.values_list("pk", "cv").order_by("pk"):
        if name:
            storage.delete(name)
        ids.append(pk)
    with transaction.atomic():
        Application.objects.filter(pk__in=ids).delete()
    return len(ids)


def applications_digest_send(*, now: datetime | None = None) -> int:
    """Send each member who chose the daily digest the applications received since their
    last one (none sent when there is nothing new); returns how many digests went out.

    Side effects: one email per member with new applications; ``digest_sent_at`` is set
    for every member on the digest whose email went out or who had nothing new (to
    ``now``), so a run that is missed, fails or is repeated neither loses nor repeats an
    application. Withdrawn applications are gone: no digest names them.
    """
    now = now or timezone.now()
    sent = 0
    members = (
        OrganisationMember.objects.filter(
            application_notice=ApplicationNotice.DAILY, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    for member in members:
        since = member.digest_sent_at or member.invited_at or now - timedelta(days=1)
        applications = list(
            Application.objects.filter(
                organisation=member.organisation, created_at__gt=since, created_at__lte=now
            )
            .select_related("job_offer")
            .order_by("created_at", "pk")
        )
        if applications and member.user.email:
            if not emails.applications_digest_send(member=member, applications=applications):
                continue  # kept for the next run
            sent += 1
        member.digest_sent_at = now
        member.save(update_fields=["digest_sent_at"])
    return sent


def member_notice_set(*, member: OrganisationMember, notice: str) -> OrganisationMember:
    """A member chooses how they hear of new applications (each one, or a daily digest).

    Side effects: ``application_notice`` is saved; choosing the digest starts it from now.
    """
    notice = ApplicationNotice(notice)
    with transaction.atomic():
        locked = OrganisationMember.objects.select_for_update().get(pk=member.pk)
        if notice != locked.application_notice and notice == ApplicationNotice.DAILY:
            locked.digest_sent_at = timezone.now()
        locked.application_notice = notice
        locked.save(update_fields=["application_notice", "digest_sent_at"])
    return locked


# --- Accounts --------------------------------------------------------------------------


def member_language_set(*, user, language: str) -> int:
    """The language of the messages a portal user receives (invitation, notices, digest),
    for all their organisations at once; returns how many memberships changed.

    Side effects: ``language`` is saved on the user's memberships. A language the site
    does not offer changes nothing.
    """
    if language not in dict(settings.LANGUAGES):
        return 0
    with transaction.atomic():
        return (
            OrganisationMember.objects.filter(user=user)
            .exclude(language=language)
            .update(language=language)
        )


def member_invite(
    *, organisation: Organisation, email: str, language: str | None = None
) -> OrganisationMember:
    """Give the person at ``email`` access to the organisation's portal and invite them.

    Side effects: creates the user account (without a password) when the address is new,
    and the membership when missing; records ``invited_at`` and, when given, the
    ``language`` of the person's messages, for all their memberships (a new membership
    otherwise takes the language of the user's other memberships, else the site's);
    after commit, emails a link to choose a password (valid ``PASSWORD_RESET_TIMEOUT``)
    in that language. Inviting again sends a fresh link. Raises ``ExhibitorError`` for a
    deactivated account.
    """
    if language is not None and language not in dict(settings.LANGUAGES):
        language = None
    email = email_normalize(email)
    User = get_user_model()  # noqa: N806
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(Q(email__iexact=email) | Q(username__iexact=email))
            .order_by("pk")
            .first()
        )
        if user is None:
            user = User.objects.create_user(username=email, email=email)
        elif not user.is_active:
            raise ExhibitorError("account_disabled", email=email)
        elif not user.email:
            user.email = email
            user.save(update_fields=["email"])
        member, created = OrganisationMember.objects.get_or_create(
            organisation=organisation, user=user
        )
        if language is None and created:
            known = OrganisationMember.objects.filter(user=user).exclude(pk=member.pk)
            language = known.values_list("language", flat=True).order_by("pk").first()
        if language is not None:
            OrganisationMember.objects.filter(user=user).update(language=language)
            member.language = language
        member.invited_at = timezone.now()
        member.save(update_fields=["invited_at", "language"])
    transaction.on_commit(lambda: emails.invitation_send(member=member))
    return member
