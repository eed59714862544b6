"""Files that visitors and exhibitors send: checked by their content, never by their name.

Logos: JPEG, PNG or WebP only, 2 MB at most, decoded by Pillow under a pixel limit (a
decompression bomb is a form error), then re-encoded to WebP without any metadata, at
page size and as a thumbnail, under names the server draws. CVs: PDF only, 5 MB at most,
recognised by their first and last bytes; stored by ``services.application_create``.

The form fields call these checks and the services store what they return, so a file
that reaches the disk has always been through here.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = ("JPEG", "PNG", "WEBP")
# Pixels decoded at most (16 MP, 64 MB in memory): far above any logo, far below a bomb.
LOGO_MAX_PIXELS = 16_000_000
LOGO_SIZE = (600, 600)
LOGO_THUMBNAIL_SIZE = (160, 160)
LOGO_QUALITY = 85

CV_MAX_BYTES = 5 * 1024 * 1024
CV_MAGIC = b"%PDF-"
CV_END_MARKER = b"%%EOF"
# Some generators write a few bytes (a newline, a null) after the final %%EOF.
CV_END_WINDOW = 1024

MESSAGES = {
    "logo_empty": _("Le fichier est vide : choisissez une image JPEG, PNG ou WebP."),
    "logo_too_big": _("Le logo dépasse 2 Mo : réduisez-le ou choisissez une autre image."),
    "logo_not_image": _(
        "Ce fichier n’est pas une image JPEG, PNG ou WebP (les SVG ne sont pas acceptés)."
    ),
    "logo_too_many_pixels": _(
        "Cette image est trop grande (plus de 16 millions de pixels) : réduisez-la."
    ),
    "logo_broken": _("Cette image est incomplète ou abîmée : enregistrez-la à nouveau."),
    "cv_empty": _("Le fichier est vide : choisissez votre CV au format PDF."),
    "cv_too_big": _("Le CV dépasse 5 Mo : réduisez-le (enregistrez-le en PDF « compact »)."),
    "cv_not_pdf": _("Le CV doit être un fichier PDF."),
    "cv_broken": _("Ce PDF est incomplet ou abîmé : enregistrez-le à nouveau."),
}


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


# --- Logos -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanLogo:
    """A logo re-encoded by the server: the page image and its thumbnail, both WebP."""

    image: ContentFile
    thumbnail: ContentFile
    size: tuple[int, int]


def logo_clean(upload: File) -> CleanLogo:
    """Check an uploaded logo by its content and re-encode it; raise ValidationError.

    Nothing is written anywhere: the caller stores the result (``organisation_logo_set``).
    """
    data = _read_at_most(upload, LOGO_MAX_BYTES)
    if not data:
        raise _error("logo_empty")
    if len(data) > LOGO_MAX_BYTES:
        raise _error("logo_too_big")
    with warnings.catch_warnings():
        # A bomb between MAX_IMAGE_PIXELS and twice that only warns: make it an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _decode(data)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error("logo_too_many_pixels") from None
        except UnidentifiedImageError:
            raise _error("logo_not_image") from None
        except Exception:
            # Whatever else a hostile or damaged file makes the decoder say.
            raise _error("logo_broken") from None
    name = secrets.token_hex(16)
    return CleanLogo(
        image=_webp(image, LOGO_SIZE, f"{name}.webp"),
        thumbnail=_webp(image, LOGO_THUMBNAIL_SIZE, f"{name}-vignette.webp"),
        size=image.size,
    )


def _decode(data: bytes) -> Image.Image:
    """Open (header only), check the format and the pixel count, then decode the pixels."""
    image = Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
    if image.format not in LOGO_FORMATS:
        raise _error("logo_not_image")
    width, height = image.size
    if width * height > LOGO_MAX_PIXELS:
        raise _error("logo_too_many_pixels")
    if image.format == "JPEG":
        # JPEG decodes at a fraction of its size when that is all the page needs.
        image.draft("RGB", (LOGO_SIZE[0] * 2, LOGO_SIZE[1] * 2))
    image.load()
    # Photos from phones say how they were held; apply it, then forget every tag.
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    # A fresh image from the pixels alone: no EXIF, no XMP, no ICC profile, no comment.
    return Image.frombytes(mode, image.size, image.convert(mode).tobytes())


def _webp(image: Image.Image, box: tuple[int, int], name: str) -> ContentFile:
    resized = image.copy()
    resized.thumbnail(box, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, format="WEBP", quality=LOGO_QUALITY, method=4)
    return ContentFile(buffer.getvalue(), name=name)


# --- CVs -------------------------------------------------------------------------------


def cv_validate(upload: File) -> None:
    """A PDF of at most 5 MB: starts with ``%PDF-``, ends with ``%%EOF``; else raise.

    The visitor's file name and announced type are ignored; the file is left at its start.
    """
    size = upload.size
    if not size:
        raise _error("cv_empty")
    if size > CV_MAX_BYTES:
        raise _error("cv_too_big")
    upload.seek(0)
    head = upload.read(len(CV_MAGIC))
    if head != CV_MAGIC:
        upload.seek(0)
        raise _error("cv_not_pdf")
    upload.seek(max(0, size - CV_END_WINDOW))
    tail = upload.read(CV_END_WINDOW)
    upload.seek(0)
    if CV_END_MARKER not in tail:
        raise _error("cv_broken")


def _read_at_most(upload: File, limit: int) -> bytes:
    """The file's bytes, reading one byte past ``limit`` at most (to tell it is over)."""
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data
