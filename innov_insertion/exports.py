"""What every export to a spreadsheet (CSV, XLSX) shares, whichever app it comes from.

Every text cell of every export is made harmless for spreadsheets (``spreadsheet_text``):
a cell that starts like a formula gets a leading quote, so Excel and LibreOffice show it as
text instead of running it. Every export's resource derives from ``SpreadsheetResource``,
which does this in one place (``export_field``, the path of every cell, dehydrated or not),
for the admin's exports and the exhibitors' own CSV alike.

django-import-export's ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not used: it only
removes a leading ``=`` (changing the data, and leaving ``+``, ``-``, ``@`` and `` =``
alone), and only on the admin's path.
"""

from django.utils.functional import Promise
from import_export.resources import ModelResource

# What a spreadsheet may read as the start of a formula (OWASP's "CSV injection" list):
# the characters themselves, and tab or carriage return, after which some import dialogs
# look at the next character.
FORMULA_CHARACTERS = ("=", "+", "-", "@")
FORMULA_STARTS = (*FORMULA_CHARACTERS, "\t", "\r")


def spreadsheet_text(value) -> str:
    """Text typed by the public or by exhibitors, made harmless for spreadsheets.

    A quote goes before a text starting with = + - @, a tab or a carriage return, or whose
    first character after leading blanks is = + - @ (spreadsheets trim " =1+1" on import).
    A phone number "+33 6 12 34 56 78" therefore reads "'+33 6 12 34 56 78": expected.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_CHARACTERS):
        return "'" + text
    return text


class SpreadsheetResource(ModelResource):
    """The base of every export: each text cell goes through ``spreadsheet_text``.

    Subclasses declare their fields and ``dehydrate_*`` methods as usual and need not
    think of formulas. Numbers stay numbers; nothing (``None``) is an empty cell.
    """

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if value is None or isinstance(value, (str, Promise)):
            return spreadsheet_text(value)
        return value
