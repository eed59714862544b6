"""Files that visitors and exhibitors send: checked by their content, never by their name.

Logos: JPEG, PNG or WebP only, 2 MB at most, decoded by Pillow under a pixel limit (a
decompression bomb is a form error), then re-encoded to WebP without any metadata, at
page size and as a thumbnail, under names the server draws. CVs: a PDF without active
content (scripts, launch actions, embedded files), or a photo of a paper CV turned into a
PDF by the server, 5 MB at most, recognised by their content; stored by
``services.application_create``.

The form fields call these checks and the services store what they return, so a file
that reaches the disk has always been through here.
"""

import io
import re
import secrets
import warnings
import zlib
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
# Photos of a paper CV. HEIC (iPhones) only when the optional pillow-heif is installed: it
# is not a dependency; without it a HEIC photo is refused with a message saying what to do.
try:
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    HEIC_READABLE = False
else:  # pragma: no cover
    register_heif_opener()
    HEIC_READABLE = True
CV_IMAGE_FORMATS = ("JPEG", "PNG", "HEIF") if HEIC_READABLE else ("JPEG", "PNG")
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
CV_EXTENSIONS = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "jfif": "jpeg",
    "png": "png",
    "heic": "heic",
    "heif": "heic",
}
# A 48-megapixel phone photo decodes (JPEG at a reduced scale); a bomb does not.
CV_MAX_PIXELS = 50_000_000
# The page's longest side in pixels: an A4 page at 200 dpi, legible once printed.
CV_PAGE_SIDE = 2339
CV_PHOTO_QUALITY = 85

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
    "cv_empty": _("Le fichier est vide : choisissez votre CV (PDF, ou photo JPEG ou PNG)."),
    "cv_too_big": _("Le CV dépasse 5 Mo : réduisez-le (enregistrez-le en PDF « compact »)."),
    "cv_not_pdf": _("Le CV doit être un fichier PDF, ou une photo JPEG ou PNG."),
    "cv_mismatch": _(
        "Ce fichier n’est pas ce que son nom annonce : le CV doit être un vrai fichier PDF, "
        "ou une photo JPEG ou PNG."
    ),
    "cv_broken": _("Ce PDF est incomplet ou abîmé : enregistrez-le à nouveau."),
    "cv_active_content": _(
        "Ce PDF contient du code (JavaScript), une action automatique ou des fichiers joints : "
        "nous ne pouvons pas le transmettre. Enregistrez votre CV à nouveau avec « Imprimer » "
        "puis « Enregistrer au format PDF », ou envoyez une photo de votre CV."
    ),
    "cv_unsure": _(
        "Nous ne pouvons pas vérifier ce PDF (protégé ou compressé de façon inhabituelle). "
        "Enregistrez votre CV à nouveau avec « Imprimer » puis « Enregistrer au format PDF », "
        "ou envoyez une photo de votre CV."
    ),
    "heic_unreadable": _(
        "Les photos HEIC ne sont pas acceptées : envoyez votre CV en JPEG ou en PNG (une "
        "capture d’écran de la photo convient), ou en PDF."
    ),
    "cv_too_many_pixels": _(
        "Cette photo est trop grande (plus de 50 millions de pixels) : réduisez-la."
    ),
    "cv_photo_broken": _("Cette photo est incomplète ou abîmée : prenez-la à nouveau."),
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


@dataclass(frozen=True)
class CleanCv:
    """A CV the server has checked: a PDF without active content, or a photo turned into
    a one-page PDF. ``file`` is what gets stored; ``from_photo`` says it was converted."""

    file: ContentFile
    from_photo: bool


def cv_clean(upload: File) -> CleanCv:
    """Check an uploaded CV by its content; return the PDF to store, or raise ValidationError.

    A PDF is kept as sent only when a scan finds no JavaScript, launch action, embedded
    file, rich media or XFA form in it (and refused when the scan cannot be sure). A photo
    (JPEG, PNG; HEIC when Pillow can read it) is decoded under a pixel limit, turned the
    way the phone held it, re-encoded from its pixels alone (no EXIF, no GPS position) and
    written as a one-page PDF. A file whose name announces another kind than its content
    is refused. The visitor's file name is never kept. Nothing is written anywhere.
    """
    data = _read_at_most(upload, CV_MAX_BYTES)
    if not data:
        raise _error("cv_empty")
    if len(data) > CV_MAX_BYTES:
        raise _error("cv_too_big")
    kind = _cv_kind(data)
    claimed = _cv_claimed_kind(getattr(upload, "name", "") or "")
    if kind is None:
        raise _error("heic_unreadable" if claimed == "heic" else "cv_not_pdf")
    if claimed is not None and claimed != kind and {claimed, kind} & {"pdf"}:
        raise _error("cv_mismatch")
    if kind == "heic" and "HEIF" not in CV_IMAGE_FORMATS:
        raise _error("heic_unreadable")
    if kind == "pdf":
        _pdf_check(data)
        return CleanCv(file=ContentFile(data, name="cv.pdf"), from_photo=False)
    pdf = _cv_photo_to_pdf(data)
    if len(pdf) > CV_MAX_BYTES:
        raise _error("cv_too_big")
    return CleanCv(file=ContentFile(pdf, name="cv.pdf"), from_photo=True)


def cv_validate(upload: File) -> None:
    """Raise ValidationError when ``upload`` would not pass ``cv_clean``."""
    cv_clean(upload)


def _cv_kind(data: bytes) -> str | None:
    """What the bytes are: "pdf", "jpeg", "png", "heic", or None."""
    if data.startswith(CV_MAGIC):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "heic"
    return None


def _cv_claimed_kind(name: str) -> str | None:
    """What the file's name announces, by its extension (None: no known extension)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CV_EXTENSIONS.get(extension)


def _cv_photo_to_pdf(data: bytes) -> bytes:
    """A photo of a paper CV as a one-page PDF, rebuilt from its pixels alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=CV_IMAGE_FORMATS)
            width, height = image.size
            if width * height > CV_MAX_PIXELS:
                raise _error("cv_too_many_pixels")
            if image.format == "JPEG":
                image.draft("RGB", (CV_PAGE_SIDE * 2, CV_PAGE_SIDE * 2))
            image.load()
            # The phone's orientation tag applied, then every tag forgotten.
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                rgba = image.convert("RGBA")
                page = Image.new("RGB", rgba.size, "white")
                page.paste(rgba, mask=rgba.getchannel("A"))
            else:
                page = image.convert("RGB")
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error("cv_too_many_pixels") from None
        except UnidentifiedImageError:
            raise _error("cv_not_pdf") from None
        except Exception:
            raise _error("cv_photo_broken") from None
    # A fresh image from the pixels alone: no EXIF, no GPS, no XMP, no ICC profile.
    page = Image.frombytes("RGB", page.size, page.tobytes())
    page.thumbnail((CV_PAGE_SIDE, CV_PAGE_SIDE), Image.Resampling.LANCZOS)
    # Fit an A4 page (8.27 × 11.69 inches): the resolution follows the photo's size.
    resolution = max(page.width / 8.27, page.height / 11.69, 72.0)
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=resolution, quality=CV_PHOTO_QUALITY)
    return buffer.getvalue()


# A PDF name: a slash, then anything but white space and delimiters; #xx is one byte.
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The stream keyword after a dictionary; its body runs to the next endstream.
_PDF_STREAM = re.compile(rb">>[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)")
_PDF_ENDSTREAM = b"endstream"
# Names that make a PDF act on its own: scripts, launched programs, hidden files, Flash,
# XFA forms, automatic actions (an /OpenAction that runs a script names /JavaScript).
PDF_ACTIVE_NAMES = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia",
     b"XFA", b"AA", b"GoToE"}
)  # fmt: skip
_PDF_FLATE = frozenset({b"FlateDecode", b"Fl"})
_PDF_OTHER_FILTERS = frozenset(
    {b"LZWDecode", b"LZW", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85",
     b"RunLengthDecode", b"RL", b"CCITTFaxDecode", b"CCF", b"DCTDecode", b"DCT",
     b"JBIG2Decode", b"JPXDecode", b"Crypt"}
)  # fmt: skip
# Bytes inflated at most while checking a PDF's compressed streams (a zip bomb stops here).
PDF_MAX_INFLATED = 200 * 1024 * 1024


def _pdf_names(chunk: bytes) -> set[bytes]:
    """Every name written in ``chunk``, its #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    return {
        _PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), name)
        for name in _PDF_NAME.findall(chunk)
    }


def _pdf_check(data: bytes) -> None:
    """Raise ValidationError for a PDF that is broken, holds active content, or cannot be
    checked for sure (its objects hidden in a stream the scan cannot read).

    The objects outside streams are scanned for the active names; streams compressed with
    Flate are inflated (which checks they are what they say), and object streams (where
    PDF 1.5 hides dictionaries) are scanned inflated; other streams are scanned as they
    are. A name is compared after decoding its #xx escapes.
    """
    if CV_END_MARKER not in data[-CV_END_WINDOW:]:
        raise _error("cv_broken")
    inflated_budget = [PDF_MAX_INFLATED]
    position = 0
    outside = []
    while True:
        match = _PDF_STREAM.search(data, position)
        if match is None:
            outside.append(data[position:])
            break
        outside.append(data[position : match.end()])
        body_end = data.find(_PDF_ENDSTREAM, match.end())
        if body_end < 0:
            raise _error("cv_broken")
        dictionary_start = data.rfind(b"obj", position, match.start())
        dictionary = _pdf_names(data[max(dictionary_start, position) : match.start() + 2])
        _pdf_stream_check(dictionary, data[match.end() : body_end], inflated_budget)
        position = body_end + len(_PDF_ENDSTREAM)
    if _pdf_names(b"".join(outside)) & PDF_ACTIVE_NAMES:
        raise _error("cv_active_content")


def _pdf_stream_check(dictionary: set[bytes], body: bytes, budget: list[int]) -> None:
    is_object_stream = b"ObjStm" in dictionary
    filters = dictionary & (_PDF_FLATE | _PDF_OTHER_FILTERS)
    if filters and filters <= _PDF_FLATE:
        if is_object_stream and (b"DecodeParms" in dictionary or b"DP" in dictionary):
            raise _error("cv_unsure")  # predictors mix bytes into the objects' text
        inflated = _pdf_inflate(body, budget, keep=is_object_stream)
        if is_object_stream and _pdf_names(inflated) & PDF_ACTIVE_NAMES:
            raise _error("cv_active_content")
        return
    if is_object_stream and (filters or b"Filter" in dictionary):
        raise _error("cv_unsure")  # objects behind a filter the scan does not read
    # Unfiltered, or an image/other filter: whatever text it holds is scanned as it is.
    if _pdf_names(body) & PDF_ACTIVE_NAMES:
        raise _error("cv_active_content")


def _pdf_inflate(body: bytes, budget: list[int], *, keep: bool) -> bytes:
    """Inflate a Flate stream within the budget; ``cv_unsure`` when it is not one."""
    inflater = zlib.decompressobj()
    kept = []
    pending = body
    try:
        while pending:
            chunk = inflater.decompress(pending, 1024 * 1024)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _error("cv_unsure")
            if keep:
                kept.append(chunk)
            if inflater.eof or not chunk and not inflater.unconsumed_tail:
                break
            pending = inflater.unconsumed_tail
    except zlib.error:
        raise _error("cv_unsure") from None
    return b"".join(kept)


def _read_at_most(upload: File, limit: int) -> bytes:
    """The file's bytes, reading one byte past ``limit`` at most (to tell it is over)."""
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data
