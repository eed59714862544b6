"""CVs as people have them: a PDF, or a photo of a paper CV turned into a PDF by the server
(without its EXIF or GPS tags); a PDF that would act on its own is refused, never stored."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from exhibitors import uploads
from exhibitors.models import Application

from ..factories import PDF_BYTES

CATALOG = b"<< /Type /Catalog >>"


def upload(data: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def pdf_with(catalog: bytes) -> bytes:
    return PDF_BYTES.replace(CATALOG, catalog)


def object_stream_pdf(objects: bytes, dictionary: bytes = b"/Filter /FlateDecode") -> bytes:
    body = zlib.compress(objects)
    return (
        b"%PDF-1.5\n2 0 obj\n<< /Type /ObjStm /N 1 /First 4 "
        + dictionary
        + b" /Length %d >>\nstream\n" % len(body)
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def phone_photo(size=(300, 200), fmt="JPEG") -> bytes:
    """A photo as a phone takes it: held sideways (orientation 6), with maker and GPS tags."""
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (46.0, 48.0, 11.0)}  # GPS: latitude of Le Creusot
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif)
    return buffer.getvalue()


def pdf_page_size(data: bytes) -> tuple[int, int]:
    """The image inside a one-image PDF written by Pillow: its width and height."""
    start = data.index(b"\xff\xd8\xff")
    return Image.open(io.BytesIO(data[start:])).size


# --- Photos -------------------------------------------------------------------------------


def test_photo_of_a_paper_cv_becomes_a_pdf_without_exif_or_gps():
    photo = phone_photo()
    assert b"PhoneMaker" in photo

    clean = uploads.cv_clean(upload(photo, "IMG_0042.JPG"))

    data = clean.file.read()
    assert clean.from_photo
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-32:]
    assert b"PhoneMaker" not in data
    assert b"Exif" not in data
    assert clean.file.name == "cv.pdf"


def test_photo_is_turned_the_way_the_phone_held_it():
    clean = uploads.cv_clean(upload(phone_photo(size=(300, 200)), "photo.jpg"))

    assert pdf_page_size(clean.file.read()) == (200, 300)


def test_png_screenshot_becomes_a_pdf_that_passes_the_pdf_check():
    buffer = io.BytesIO()
    Image.new("RGBA", (120, 160), (0, 0, 255, 128)).save(buffer, format="PNG")

    clean = uploads.cv_clean(upload(buffer.getvalue(), "capture.png"))

    data = clean.file.read()
    assert data.startswith(b"%PDF-")
    assert uploads.cv_clean(upload(data)).from_photo is False


def test_pdf_cv_is_kept_as_sent():
    clean = uploads.cv_clean(upload(PDF_BYTES, "Mon CV.pdf"))

    assert (clean.file.read(), clean.from_photo) == (PDF_BYTES, False)


# --- Refused files --------------------------------------------------------------------------

REFUSED = {
    "JavaScript open action": (
        pdf_with(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        "cv_active_content",
    ),
    "hex-escaped /J#61vaScript": (
        pdf_with(b"<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"),
        "cv_active_content",
    ),
    "launch action": (
        pdf_with(b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>"),
        "cv_active_content",
    ),
    "embedded file": (
        pdf_with(b"<< /Type /Catalog /Names << /EmbeddedFiles 3 0 R >> >>"),
        "cv_active_content",
    ),
    "additional actions": (
        pdf_with(b"<< /Type /Catalog /AA << /O 4 0 R >> >>"),
        "cv_active_content",
    ),
    "XFA form": (pdf_with(b"<< /Type /Catalog /AcroForm << /XFA 5 0 R >> >>"), "cv_active_content"),
    "rich media": (pdf_with(b"<< /Type /Catalog /R#69chMedia 6 0 R >>"), "cv_active_content"),
    "script in a compressed object stream": (
        object_stream_pdf(b"5 0 << /S /JavaScript /JS (x) >>"),
        "cv_active_content",
    ),
    "objects behind an unreadable filter": (
        object_stream_pdf(b"5 0 << /S /GoTo >>", b"/Filter /LZWDecode"),
        "cv_unsure",
    ),
    "fake compressed stream hiding objects": (
        b"%PDF-1.5\n2 0 obj\n<< /Filter /FlateDecode >>\nstream\n7 0 obj << /S /GoTo >>\n"
        b"endstream\nendobj\n%%EOF\n",
        "cv_unsure",
    ),
    "script in an image stream's place": (
        b"%PDF-1.5\n2 0 obj\n<< /Filter /DCTDecode >>\nstream\n7 0 obj << /JS (x) >>\n"
        b"endstream\nendobj\n%%EOF\n",
        "cv_active_content",
    ),
    "photo named .pdf": (phone_photo(), "cv_mismatch"),
    "HTML named .pdf": (b"<html><script>alert(1)</script></html>", "cv_not_pdf"),
}


@pytest.mark.parametrize(("data", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_cv_that_could_act_or_lies_about_itself_is_refused(data, code):
    with pytest.raises(ValidationError) as refused:
        uploads.cv_clean(upload(data))

    assert refused.value.code == code


def test_clean_object_stream_is_accepted():
    data = object_stream_pdf(b"5 0 << /S /GoTo /D [1 0 R /Fit] >>")

    assert uploads.cv_clean(upload(data)).file.read() == data


def test_pdf_named_as_a_photo_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.cv_clean(upload(PDF_BYTES, "photo.jpg"))

    assert refused.value.code == "cv_mismatch"


@pytest.mark.skipif(uploads.HEIC_READABLE, reason="pillow-heif is installed here")
def test_heic_photo_is_refused_with_what_to_do_when_pillow_cannot_read_it():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64

    with pytest.raises(ValidationError) as refused:
        uploads.cv_clean(upload(heic, "IMG_0001.HEIC"))

    assert refused.value.code == "heic_unreadable"
    assert "JPEG" in str(refused.value.messages[0])


# --- Through the public form --------------------------------------------------------------


@pytest.mark.django_db
def test_photo_sent_through_the_form_reaches_the_exhibitor_as_a_pdf(client, forges, private_root):
    url = reverse("exhibitors:apply", kwargs={"slug": forges.organisation.slug})
    data = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "cv": SimpleUploadedFile("IMG_0042.jpg", phone_photo(), content_type="image/jpeg"),
        "consent": "on",
    }

    client.post(url, data)

    application = Application.objects.get(email="ines.moreau@example.org")
    stored = (private_root / application.cv.name).read_bytes()
    assert application.cv.name.endswith(".pdf")
    assert stored.startswith(b"%PDF-")
    assert b"PhoneMaker" not in stored


@pytest.mark.django_db
def test_pdf_with_javascript_sent_through_the_form_is_refused_and_not_stored(
    client, forges, private_root
):
    url = reverse("exhibitors:apply", kwargs={"slug": forges.organisation.slug})
    hostile = pdf_with(b"<< /Type /Catalog /OpenAction << /S /J#61vaScript /JS (x) >> >>")
    data = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "cv": SimpleUploadedFile("cv.pdf", hostile, content_type="application/pdf"),
        "consent": "on",
    }
    before = sorted(private_root.rglob("*.pdf"))

    response = client.post(url, data)

    assertContains(response, "Ce PDF contient du code (JavaScript)")
    assert not Application.objects.filter(email="ines.moreau@example.org").exists()
    assert sorted(private_root.rglob("*.pdf")) == before
