"""Logo uploads: only real JPEG, PNG or WebP images, re-encoded by the server without
metadata, under a name it draws; anything else is a clear form error and nothing is
stored."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from exhibitors import uploads

pytestmark = pytest.mark.django_db

GENERATED_NAME = re.compile(r"^logos/[0-9a-f]{32}\.webp$")
GENERATED_THUMBNAIL = re.compile(r"^logos/[0-9a-f]{32}-vignette\.webp$")


# --- Files, good and hostile -----------------------------------------------------------


def image_bytes(fmt: str, size=(1200, 800), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 90, 110) if mode == "RGB" else None).save(buffer, fmt, **save)
    return buffer.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Camille"  # Make
    exif[0x0131] = "Logiciel secret"  # Software
    exif[0x013B] = "Camille Martin"  # Artist
    return image_bytes("JPEG", exif=exif.tobytes())


def png_claiming(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header (IHDR, CRC fixed) claims width × height pixels."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    chunk = bytes(data[ihdr : ihdr + 4 + 13])
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(chunk))
    return bytes(data)


def upload(data: bytes, name="logo.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


REFUSED = {
    "empty": (b"", "logo.png", "Le fichier est vide"),
    "one byte over 2 MB": (
        b"\xff\xd8\xff" + b"\0" * (uploads.LOGO_MAX_BYTES - 2),
        "logo.jpg",
        "Le logo dépasse 2 Mo",
    ),
    "text renamed .png": (b"Bonjour, je suis un texte.\n" * 20, "logo.png", "n’est pas une image"),
    "PNG header then HTML": (
        b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>",
        "logo.png",
        "n’est pas une image",
    ),
    "SVG with a script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
        b'<rect width="10" height="10"/></svg>',
        "logo.svg",
        "les SVG ne sont pas acceptés",
    ),
    "20000x20000 bomb": (png_claiming(20_000, 20_000), "logo.png", "trop grande"),
    "10000x10000 (Pillow warns)": (png_claiming(10_000, 10_000), "logo.png", "trop grande"),
    "5000x5000 (over our limit)": (png_claiming(5_000, 5_000), "logo.png", "trop grande"),
    "truncated JPEG": (jpeg_with_exif()[:600], "logo.jpg", "incomplète ou abîmée"),
    "TIFF": (image_bytes("TIFF", size=(20, 20)), "logo.tif", "n’est pas une image"),
    "GIF": (image_bytes("GIF", size=(20, 20)), "logo.gif", "n’est pas une image"),
}


# --- The checks themselves --------------------------------------------------------------


@pytest.mark.parametrize(("data", "name", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_logo_clean_refuses_with_a_clear_message(data, name, message):
    with pytest.raises(ValidationError) as error:
        uploads.logo_clean(upload(data, name))

    assert message in error.value.messages[0]


def test_logo_clean_reencodes_to_webp_without_exif_at_page_size():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()  # the test file does carry EXIF

    logo = uploads.logo_clean(upload(original, "photo.jpg", "image/jpeg"))

    image = Image.open(io.BytesIO(logo.image.read()))
    thumbnail = Image.open(io.BytesIO(logo.thumbnail.read()))
    assert (image.format, image.size) == ("WEBP", (600, 400))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (160, 107))
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Camille" not in logo.image.read() + logo.thumbnail.read()


def test_logo_clean_keeps_transparency():
    logo = uploads.logo_clean(upload(image_bytes("PNG", size=(300, 100), mode="RGBA")))

    assert Image.open(io.BytesIO(logo.image.read())).mode == "RGBA"


# --- Through the portal form --------------------------------------------------------------


def post_logo(client, exhibitor, file: SimpleUploadedFile):
    client.force_login(exhibitor.user)
    url = reverse("portal:organisation_edit", kwargs={"pk": exhibitor.organisation.pk})
    return client.post(url, {"description": "Forges et fonderie.", "logo": file})


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize(("data", "name", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_hostile_logo_is_a_form_error_and_nothing_is_stored(
    client, forges, media_root, data, name, message
):
    response = post_logo(client, forges, upload(data, name))

    assertContains(response, message)
    assertContains(response, 'id="erreurs"')
    forges.organisation.refresh_from_db()
    assert forges.organisation.description != "Forges et fonderie."
    assert not forges.organisation.logo
    assert not media_root.exists() or stored_files(media_root) == []


def test_good_logo_is_stored_reencoded_under_a_generated_name(client, forges, media_root):
    response = post_logo(client, forges, upload(jpeg_with_exif(), "photo.jpg", "image/jpeg"))

    assert response.status_code == 302
    forges.organisation.refresh_from_db()
    assert GENERATED_NAME.match(forges.organisation.logo.name)
    assert GENERATED_THUMBNAIL.match(forges.organisation.logo_thumbnail.name)
    stored = Image.open(media_root / forges.organisation.logo.name)
    assert (stored.format, stored.size) == ("WEBP", (600, 400))
    assert not stored.getexif()
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize(
    "name",
    ["../../x.png", "a" * 296 + ".png", "logo\x00.php.png", "logo.php"],
    ids=["parent-directories", "300-characters", "nul-byte", "php-extension"],
)
def test_hostile_file_name_is_never_used(client, forges, media_root, name):
    response = post_logo(client, forges, upload(image_bytes("PNG", size=(40, 40)), name))

    assert response.status_code == 302
    forges.organisation.refresh_from_db()
    assert GENERATED_NAME.match(forges.organisation.logo.name)
    for stored in stored_files(media_root):
        assert GENERATED_NAME.match(stored) or GENERATED_THUMBNAIL.match(stored)


def test_logo_can_be_removed(client, forges):
    post_logo(client, forges, upload(image_bytes("PNG", size=(40, 40))))
    url = reverse("portal:organisation_edit", kwargs={"pk": forges.organisation.pk})

    client.post(url, {"description": "Sans logo.", "logo_remove": "on"})

    forges.organisation.refresh_from_db()
    assert (forges.organisation.logo.name, forges.organisation.logo_thumbnail.name) == ("", "")


def test_public_stand_page_shows_the_new_logo(client, forges):
    post_logo(client, forges, upload(image_bytes("PNG", size=(40, 40))))
    forges.organisation.refresh_from_db()

    response = client.get(forges.organisation.get_absolute_url())

    assertContains(response, forges.organisation.logo.url)
