import pytest

from innov_insertion.web import error_summary
from participants.forms import BookingAddForm, RegistrationForm

from ..factories import EventFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

MINIMAL = {
    "first_name": "Amina",
    "last_name": "Benali",
    "email": "amina@example.org",
    "privacy_consent": "on",
}


def registration_form(event, **data):
    return RegistrationForm(data={**MINIMAL, **data}, event=event)


def test_registration_form_valid_with_name_email_and_consent(event):
    form = registration_form(event)

    assert form.is_valid(), form.errors
    person = form.person()
    assert (person.first_name, person.last_name, person.email) == (
        "Amina",
        "Benali",
        "amina@example.org",
    )
    assert form.targets() == []


def test_registration_form_valid_with_phone_only(event):
    form = registration_form(event, email="", phone="06 12 34 56 78")

    assert form.is_valid(), form.errors
    assert form.person().phone == "+33612345678"  # stored in E.164, shown nationally


@pytest.mark.parametrize("phone", ["+33 6 12 34 56 78", "06.12.34.56.78", "0612345678"])
def test_registration_form_accepts_french_phone_formats(event, phone):
    form = registration_form(event, email="", phone=phone)

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("phone", ["06 12 34", "appelez-moi", "06 12 34 56 78 90 12 34"])
def test_registration_form_refuses_what_is_not_a_phone_number(event, phone):
    form = registration_form(event, email="", phone=phone)

    assert not form.is_valid()
    assert form.errors["phone"] == [
        "Ce numéro de téléphone n’est pas valide : vérifiez-le. Exemples : 06 12 34 56 78, "
        "ou avec l’indicatif du pays : +44 7911 123456."
    ]


def test_registration_form_without_email_or_phone_names_it_once_under_the_email(event):
    form = registration_form(event, email="", phone="")

    assert not form.is_valid()
    expected = ["Indiquez un courriel ou un téléphone, pour que nous puissions vous joindre."]
    assert form.errors["email"] == expected
    assert "phone" not in form.errors  # one rule, one error (the phone field points to it)


@pytest.mark.parametrize(
    "name", ["N'Diaye", "Marie-Thérèse", "Ólafsdóttir", "O’Connor", "Lê Văn Minh", "Jean Paul"]
)
def test_registration_form_accepts_real_world_names(event, name):
    form = registration_form(event, first_name=name, last_name=name)

    assert form.is_valid(), form.errors
    assert form.person().first_name == name


def test_registration_form_strips_spaces_around_names(event):
    form = registration_form(event, first_name="  Amina ")

    assert form.is_valid()
    assert form.person().first_name == "Amina"


@pytest.mark.parametrize(
    ("field", "value"),
    [("first_name", "a" * 101), ("last_name", "a" * 101), ("access_needs_other", "a" * 1001)],
)
def test_registration_form_refuses_over_long_values(event, field, value):
    form = registration_form(event, **{field: value})

    assert not form.is_valid()
    assert list(form.errors) == [field]


@pytest.mark.parametrize("name", ["Amina\nBcc: x@y.fr", "Ami\rna", "Ami\x07na", "Ami\u2028na"])
def test_registration_form_refuses_line_breaks_and_control_characters_in_names(event, name):
    form = registration_form(event, first_name=name)

    assert not form.is_valid()
    assert list(form.errors) == ["first_name"]


def test_registration_form_refuses_null_character(event):
    form = registration_form(event, last_name="Ben\x00ali")

    assert not form.is_valid()
    assert list(form.errors) == ["last_name"]


def test_registration_form_refuses_header_injection_in_email(event):
    form = registration_form(event, email="a@b.fr\nBcc: x@y.fr")

    assert not form.is_valid()
    assert form.errors["email"] == ["Saisissez une adresse de courriel valide."]


def test_registration_form_on_behalf_needs_advisor_details_and_consent(event):
    form = registration_form(event, on_behalf="on")

    assert not form.is_valid()
    needed = ["Vous inscrivez quelqu’un : ce champ est nécessaire."]
    assert form.errors["referrer_name"] == needed
    assert form.errors["referrer_organisation"] == needed
    assert form.errors["referrer_email"] == needed
    assert form.errors["referrer_consent"] == [
        "Cochez cette case : la personne doit être d’accord pour être inscrite."
    ]


def test_registration_form_on_behalf_complete_passes_advisor_details(event):
    form = registration_form(
        event,
        on_behalf="on",
        referrer_name="Claire Dupont",
        referrer_organisation="Mission locale",
        referrer_email="claire@mission-locale.example",
        referrer_consent="on",
    )

    assert form.is_valid(), form.errors
    assert form.person().referrer_email == "claire@mission-locale.example"


def test_registration_form_advisor_details_typed_without_the_box_still_count(event):
    form = registration_form(event, referrer_email="claire@mission-locale.example")

    assert not form.is_valid()
    assert set(form.errors) == {"referrer_name", "referrer_organisation", "referrer_consent"}


def test_registration_form_needs_privacy_consent(event):
    form = registration_form(event, privacy_consent="")

    assert not form.is_valid()
    assert form.errors["privacy_consent"] == [
        "Cochez cette case pour vous inscrire : nous en avons besoin pour garder votre place."
    ]


def test_registration_form_lists_choices_of_its_edition_only(event):
    ours = WorkshopFactory(event=event)
    WorkshopFactory(event=EventFactory())

    form = RegistrationForm(event=event)

    assert list(form.fields["workshops"].queryset) == [ours]


@pytest.mark.parametrize(
    "tampered", ["other_edition", "999999", "abc", "-1", "99999999999999999999999", "\x00"]
)
def test_registration_form_refuses_tampered_workshop_id(event, tampered):
    other = WorkshopFactory(event=EventFactory())
    value = str(other.pk) if tampered == "other_edition" else tampered

    form = registration_form(event, workshops=[value])

    assert not form.is_valid()
    assert form.errors["workshops"] == [
        "Sélectionnez un choix valide : ce choix n’est pas ou plus proposé."
    ]


def test_registration_form_keeps_chosen_workshops_as_targets(event):
    first, second = WorkshopFactory(event=event), WorkshopFactory(event=event)

    form = registration_form(event, workshops=[first.pk, second.pk])

    assert form.is_valid(), form.errors
    assert set(form.targets()) == {first, second}


def test_registration_form_honeypot_is_seen(event):
    form = registration_form(event, website="http://spam.example")

    assert form.honeypot_filled


def test_registration_form_error_summary_links_each_field(event):
    form = registration_form(event, first_name="", email="", phone="", privacy_consent="")

    form.is_valid()

    anchors = [anchor for anchor, _label, _message in error_summary(form)]
    assert anchors == ["id_first_name", "id_email", "id_privacy_consent"]


def test_booking_add_form_leaves_out_what_the_person_holds(event, register):
    held, other = WorkshopFactory(event=event), WorkshopFactory(event=event)
    participant = register(held)

    form = BookingAddForm(event=event, held=participant.bookings.all())

    assert list(form.fields["workshops"].queryset) == [other]


def test_booking_add_form_needs_one_choice(event):
    form = BookingAddForm(data={}, event=event)

    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Cochez au moins un atelier, la conférence, une activité ou un entretien."
    ]
