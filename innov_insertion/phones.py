"""Phone numbers: one definition of how they are checked, stored and shown.

Stored in E.164 (``+33612345678``), so a number typed "06 12 34 56 78" or "+33 6 12 34 56 78"
is one and the same; shown in the national format for French numbers (06 12 34 56 78) and
the international one for others (+44 7911 123456). Written loosely by people; French when
no country code is given.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FR"
# Types that can receive a text message (a landline cannot; a VoIP or an unknown type may).
TEXTABLE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
    phonenumbers.PhoneNumberType.UNKNOWN,
}

MESSAGES = {
    "invalid": _(
        "Ce numéro de téléphone n’est pas valide : vérifiez-le. Exemples : 06 12 34 56 78, "
        "ou avec l’indicatif du pays : +44 7911 123456."
    ),
    "no_texts": _(
        "Ce numéro ne peut pas recevoir de SMS (c’est un fixe) : indiquez un portable, ou un "
        "courriel."
    ),
}


def _parse(value: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_normalize(value: str, region: str = DEFAULT_REGION) -> str:
    """``value`` in E.164; ``ValidationError`` (a French message) when it is no number."""
    number = _parse(str(value), region)
    if number is None:
        raise ValidationError(MESSAGES["invalid"], code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_receives_texts(value: str) -> bool:
    """Whether the number can take a text message (not a landline, not a premium line)."""
    number = _parse(value)
    return number is not None and phonenumbers.number_type(number) in TEXTABLE_TYPES


def phone_display(value: str) -> str:
    """National format for a French number, international for the others; a value that is
    no number (typed before numbers were checked) as it is."""
    number = _parse(value) if value else None
    if number is None:
        return value
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
