"""The exports of the day: contacts met at the stands (CSV, XLSX), for staff in the admin
and for each exhibitor, their own."""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from innov_insertion.exports import SpreadsheetResource

from .models import StandContact


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
