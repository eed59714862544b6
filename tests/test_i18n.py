"""French first, English second: language choice, translated pages and a complete catalogue."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from events.enums import Floor
from exhibitors.models import Stand
from workshops.enums import WorkshopTheme
from workshops.models import Workshop

from .factories import WorkshopFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and every msgstr, unquoted."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def translated(entry: dict) -> list[str]:
    """What the compiled catalogue gives for a .po entry, in every plural form."""
    context = entry.get("msgctxt")
    if "msgid_plural" in entry:
        forms = (entry["msgid"], entry["msgid_plural"])
        if context:
            return [translation.npgettext(context, *forms, n) for n in (1, 2)]
        return [translation.ngettext(*forms, n) for n in (1, 2)]
    if context:
        return [translation.pgettext(context, entry["msgid"])]
    return [translation.gettext(entry["msgid"])]


@pytest.mark.django_db
def test_home_in_english_when_browser_asks_for_english(client, event):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Who is it for?" in page
    assert "people receiving RSA (income support);" in page
    assert ">Workshops</a>" in page
    assert ">Practical information</a>" in page
    assert "Skip to content" in page
    assert "Pour qui ?" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{"HTTP_ACCEPT_LANGUAGE": "fr"}, {}])
def test_home_in_french_when_browser_asks_for_french_or_nothing(client, event, headers):
    response = client.get("/", **headers)

    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Pour qui ?" in page
    assert ">Ateliers</a>" in page
    assert "Who is it for?" not in page


@pytest.mark.django_db
def test_language_switch_in_english_has_english_selected(client, event):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert ">Language</label>" in page
    assert '<option value="en" lang="en" selected>' in page
    assert ">Change</button>" in page


@pytest.mark.django_db
def test_programme_in_english_after_choosing_english_in_footer(client, event):
    WorkshopFactory(event=event, title="Atelier CV", theme=WorkshopTheme.APPLYING)

    switch = client.post("/i18n/setlang/", {"language": "en", "next": "/programme/"})
    response = client.get("/programme/")

    assert switch.status_code == 302
    assert switch["Location"] == "/programme/"
    page = response.content.decode()
    with translation.override("en"):
        english_date = formats.date_format(event.date, "l j F Y")
    with translation.override("fr"):
        french_date = formats.date_format(event.date, "l j F Y")
    assert '<html lang="en">' in page
    assert "Programme of the day" in page
    assert "Add to my calendar (.ics)" in page
    assert "Applying" in page
    assert "Ground floor" in page
    assert english_date in page
    assert french_date not in page


@pytest.mark.django_db
def test_programme_back_in_french_after_choosing_french_in_footer(client, event):
    client.post("/i18n/setlang/", {"language": "en", "next": "/programme/"})

    client.post("/i18n/setlang/", {"language": "fr", "next": "/programme/"})
    response = client.get("/programme/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Programme de la journée" in page


def test_catalogue_has_no_empty_or_fuzzy_entry():
    entries = [entry for entry in po_entries(PO_FILE) if entry.get("msgid")]

    empty = [entry["msgid"] for entry in entries if not all(msgstrs(entry))]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert len(entries) > 250
    assert empty == []
    assert fuzzy == []


def test_catalogue_keeps_every_placeholder():
    entries = [entry for entry in po_entries(PO_FILE) if entry.get("msgid")]

    def placeholders(text):
        return sorted(part.split(")")[0] for part in text.split("%(")[1:])

    def sources(entry):
        """The French each form translates: the singular, then the plural for the others
        (a singular may say "une place" where the plural says "%(count)s places")."""
        plural = entry.get("msgid_plural")
        return [entry["msgid"]] + [plural or entry["msgid"]] * (len(msgstrs(entry)) - 1)

    broken = [
        entry["msgid"]
        for entry in entries
        for msgstr, source in zip(msgstrs(entry), sources(entry), strict=True)
        if placeholders(msgstr) != placeholders(source)
    ]
    assert broken == []


def test_compiled_catalogue_matches_po_file():
    entries = [entry for entry in po_entries(PO_FILE) if entry.get("msgid")]

    with translation.override("en"):
        stale = [entry["msgid"] for entry in entries if translated(entry) != msgstrs(entry)]

    assert stale == []


def test_model_labels_in_english_when_english_is_active():
    with translation.override("en"):
        floors = [str(label) for label in Floor.labels]
        workshop_name = str(Workshop._meta.verbose_name)
        stand_names = str(Stand._meta.verbose_name_plural)
        theme = str(WorkshopTheme.JOB_SEARCH.label)
        language_names = [str(name) for _code, name in settings.LANGUAGES]

    assert floors == ["Garden level", "Ground floor"]
    assert workshop_name == "workshop"
    assert stand_names == "stands"
    assert theme == "Preparing your job search"
    assert language_names == ["French", "English"]


def test_model_labels_stay_french_in_default_language():
    with translation.override(settings.LANGUAGE_CODE):
        floors = [str(label) for label in Floor.labels]
        workshop_name = str(Workshop._meta.verbose_name)

    assert settings.LANGUAGE_CODE == "fr"
    assert floors == ["Rez-de-jardin", "Rez-de-chaussée"]
    assert workshop_name == "atelier"
