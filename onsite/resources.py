"""The exports of the day: contacts met at the stands (CSV, XLSX), for staff in the admin
and for each exhibitor, their own; the dashboard's figures (CSV, XLSX) for staff."""

from dataclasses import dataclass

import tablib
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from innov_insertion.exports import SpreadsheetResource, spreadsheet_text

from .models import StandContact
from .selectors import DayFigures, InterviewFigures, SessionFigures


class StandContactResource(SpreadsheetResource):
    """People met at the stands; no situation, ever (exhibitors download it too)."""

    stand = Field(column_name=_("stand"))
    organisation = Field(column_name=_("organisation"))
    first_name = Field(column_name=_("prénom"))
    last_name = Field(column_name=_("nom"))
    email = Field(column_name=_("courriel"))
    phone = Field(column_name=_("téléphone"))
    created_at = Field(
        attribute="created_at",
        column_name=_("rencontré·e le"),
        widget=DateTimeWidget(format="%d/%m/%Y %H:%M"),
    )
    note = Field(column_name=_("note"))

    class Meta:
        model = StandContact
        name = _("Contacts aux stands")
        fields = (
            "stand",
            "organisation",
            "first_name",
            "last_name",
            "email",
            "phone",
            "created_at",
            "note",
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("stand__organisation", "participant")

    def dehydrate_stand(self, contact):
        return contact.stand.number

    def dehydrate_organisation(self, contact):
        return contact.stand.organisation.name

    def dehydrate_first_name(self, contact):
        return contact.participant.first_name

    def dehydrate_last_name(self, contact):
        return contact.participant.last_name

    def dehydrate_email(self, contact):
        return contact.participant.email

    def dehydrate_phone(self, contact):
        return contact.participant.phone

    def dehydrate_note(self, contact):
        return contact.note


# --- The dashboard's figures ---------------------------------------------------------------

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class FiguresExport:
    content: bytes | str
    content_type: str


def _cell(value):
    """Numbers stay numbers, nothing is an empty cell, text is made harmless."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    return spreadsheet_text(value)


def _sheet(title, headers, rows) -> tablib.Dataset:
    dataset = tablib.Dataset(title=str(title)[:31], headers=[str(header) for header in headers])
    for row in rows:
        dataset.append([_cell(value) for value in row])
    return dataset


def _sessions_sheet(title, name_header, rows: list[SessionFigures]) -> tablib.Dataset:
    def time_of(moment):
        return formats.time_format(timezone.localtime(moment).time()) if moment else ""

    return _sheet(
        title,
        [
            name_header,
            gettext("Début"),
            gettext("Fin"),
            gettext("Places"),
            gettext("Prises"),
            gettext("Remplissage (%)"),
            gettext("En attente"),
            gettext("Présent·es"),
            gettext("Absent·es"),
        ],
        [
            [
                row.label,
                time_of(row.target.starts_at),
                time_of(row.target.ends_at),
                gettext("sans limite") if row.capacity is None else row.capacity,
                row.taken,
                row.fill_rate,
                row.waiting,
                row.present,
                row.no_shows,
            ]
            for row in rows
        ],
    )


def _interviews_sheet(figures: DayFigures) -> tablib.Dataset:
    """The recruitment interviews per exhibitor, then a line of totals (when any)."""

    def line(name, row: InterviewFigures) -> list:
        return [
            name,
            row.sessions,
            row.slots,
            row.places,
            row.booked,
            row.fill_rate,
            row.waiting,
            row.attended,
            row.absent,
            row.second_interview,
            row.hired,
            row.not_retained,
        ]

    rows = [line(row.stand.organisation.name, row) for row in figures.interviews]
    if figures.interviews:
        rows.append(line(gettext("Total"), figures.interview_totals))
    return _sheet(
        gettext("Entretiens de recrutement"),
        [
            gettext("Exposant"),
            gettext("Sessions"),
            gettext("Créneaux"),
            gettext("Places"),
            gettext("Réservées"),
            gettext("Remplissage (%)"),
            gettext("En attente"),
            gettext("Venu·es"),
            gettext("Absent·es"),
            gettext("Second entretien"),
            gettext("Recruté·es"),
            gettext("Non retenu·es"),
        ],
        rows,
    )


def day_figures_sheets(*, figures: DayFigures) -> list[tablib.Dataset]:
    """The dashboard's tables, one dataset each, in the page's order (the situations and
    access needs only when ``figures`` holds them)."""
    registrations = figures.registrations
    sheets = [
        _sheet(
            gettext("Inscriptions et arrivées"),
            [gettext("Personnes"), gettext("Nombre")],
            [
                [gettext("Inscrit·es"), registrations.registered],
                [gettext("Arrivé·es"), registrations.checked_in],
                [gettext("Inscrit·es sur place"), registrations.walk_ins],
                [gettext("Inscrit·es par un conseiller"), registrations.on_behalf],
                [gettext("Inscriptions annulées"), registrations.cancelled],
            ],
        )
    ]
    if figures.situations is not None:
        sheets.append(
            _sheet(
                gettext("Par situation"),
                [gettext("Situation"), gettext("Inscrit·es"), gettext("Arrivé·es")],
                [[row.label, row.registered, row.checked_in] for row in figures.situations],
            )
        )
    if figures.access_needs is not None:
        sheets.append(
            _sheet(
                gettext("Besoins d’accessibilité"),
                [gettext("Besoin"), gettext("Inscrit·es"), gettext("Arrivé·es")],
                [[row.label, row.registered, row.checked_in] for row in figures.access_needs],
            )
        )
    sheets += [
        _sessions_sheet(gettext("Ateliers"), gettext("Atelier"), figures.workshops),
        _sessions_sheet(gettext("Conférence"), gettext("Moment"), figures.conference),
        _sessions_sheet(
            gettext("Activités sur les stands"), gettext("Activité"), figures.activities
        ),
        _interviews_sheet(figures),
        _sheet(
            gettext("Contacts aux stands"),
            [gettext("Stand"), gettext("Organisation"), gettext("Contacts")],
            [
                [row.stand.number, row.stand.organisation.name, row.contacts]
                for row in figures.stands
            ],
        ),
        _sheet(
            gettext("Arrivées par demi-heure"),
            [gettext("Créneau"), gettext("Arrivées")],
            [[slot.label, slot.arrivals] for slot in figures.arrivals],
        ),
    ]
    return sheets


def day_figures_export(*, figures: DayFigures, file_format: str) -> FiguresExport:
    """XLSX: one sheet per table of the dashboard. CSV (one table only): a line per figure,
    « table ; line ; column ; value », with a BOM so that Excel reads the accents."""
    sheets = day_figures_sheets(figures=figures)
    content_type = EXPORT_FORMATS[file_format]
    if file_format == "xlsx":
        return FiguresExport(tablib.Databook(sheets).export("xlsx"), content_type)
    lines = tablib.Dataset(
        headers=[gettext("Tableau"), gettext("Ligne"), gettext("Colonne"), gettext("Valeur")]
    )
    for sheet in sheets:
        for row in sheet:
            for header, value in zip(sheet.headers[1:], row[1:], strict=True):
                lines.append([spreadsheet_text(sheet.title), row[0], header, value])
    return FiguresExport("\ufeff" + lines.csv, content_type)
