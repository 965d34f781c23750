"""Load stage: images from content/, decoded and written anew before they may be published.

A file that only claims to be an image can be a polyglot (an HTML or script file that also
parses as a GIF), carry metadata (a camera's GPS position, an author's name) or be a
decompression bomb. Re-encoding with Pillow keeps only the pixels: what is published is an
image and nothing else, in the format its name says.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from PIL import Image, ImageFile, UnidentifiedImageError

from .problems import Problem

FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
MAX_PIXELS = 25_000_000  # a 5000 x 5000 photograph; larger ones are bombs or should be scaled down
# An animation is decoded frame by frame at the full size: a 1 kB GIF of 40 tiny frames on a
# 4000 x 4000 canvas took 46 s and 3 GB. So the frames together may hold this many pixels.
MAX_ANIMATION_PIXELS = 50_000_000


class TooManyFrames(Exception):
    pass


def reencode_image(relative: str, data: bytes) -> tuple[bytes | None, Problem | None]:
    """The image's pixels in a fresh file of the same format, or the problem that stops it."""
    suffix = relative[relative.rfind("."):].lower()
    expected = FORMATS[suffix]

    def problem(message: str, hint: str) -> tuple[None, Problem]:
        return None, Problem(relative, 1, 1, "", message, hint)

    try:
        with warnings.catch_warnings(), _truncated_images_refused():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(set(FORMATS.values())))
            if image.width * image.height > MAX_PIXELS:
                return problem(f"image is too large ({image.width} x {image.height} pixels)",
                               f"scale it down to at most {MAX_PIXELS:,} pixels")
            if image.format != expected:
                return problem(f"the file is a {image.format} image but its name ends in '{suffix}'",
                               f"rename it to end in '.{image.format.lower()}' or convert it")
            frames = _frames(image)
    except TooManyFrames:
        return problem("the animation has too many frames for its size",
                       f"keep frames x width x height under {MAX_ANIMATION_PIXELS:,}, or save one still image")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return problem("image is too large (more pixels than a page can use)",
                       f"scale it down to at most {MAX_PIXELS:,} pixels")
    except UnidentifiedImageError:
        return problem("not a readable image", f"save it again as a {expected} file")
    except (OSError, ValueError, SyntaxError, EOFError):  # truncated or corrupt data
        return problem("the image is damaged", f"save it again as a {expected} file")
    return _encode(frames, expected, image.info.get("duration")), None


@contextlib.contextmanager
def _truncated_images_refused():
    """Pillow's LOAD_TRUNCATED_IMAGES is global, and WeasyPrint turns it on when it is imported:
    a cut-off image would then pass as whole. The check sets it off while it decodes."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _frames(image: Image.Image) -> list[Image.Image]:
    """Every frame, decoded; stops before the frames hold more than MAX_ANIMATION_PIXELS together.

    Frames are counted one by one (`n_frames` would seek through all of them first)."""
    frames, budget = [], MAX_ANIMATION_PIXELS
    while True:
        budget -= image.width * image.height
        if budget < 0:
            raise TooManyFrames
        frame = image.copy()
        frame.load()
        frames.append(frame)
        try:
            image.seek(image.tell() + 1)
        except EOFError:
            return frames


def _encode(frames: list[Image.Image], image_format: str, duration: int | None) -> bytes:
    out = io.BytesIO()
    first = frames[0]
    if image_format == "JPEG" and first.mode not in ("RGB", "L", "CMYK"):
        first = first.convert("RGB")
    options: dict = {"format": image_format}  # no exif, icc_profile or text chunks: they are not copied
    if image_format == "JPEG":
        options["quality"] = 90
    if len(frames) > 1 and image_format in ("GIF", "WEBP", "PNG"):
        options.update(save_all=True, append_images=frames[1:], loop=0)
        if duration:
            options["duration"] = duration
    first.save(out, **options)
    return out.getvalue()
