"""QR codes of page addresses, as rows of modules and as inline SVG: the briefs print one beside the
address of the page they summarise (briefs.py; brief_pdf.py draws the same modules into the PDF).

zxing-cpp encodes (a C++ library, fast enough for 10,000 briefs); the SVG is one path of the dark
runs, drawn with numpy, and has presentation attributes only: the pages' CSP forbids style.
"""

from __future__ import annotations

import numpy
import zxingcpp
from markupsafe import Markup

from ..i18n import N_
from . import safe

QUIET_ZONE = 4  # light modules around a QR code, as the standard asks
_DARK_AS_ONE = bytes.maketrans(b"\x00\xff", b"\x01\x00")  # zxing-cpp's pixels: 0 dark, 255 light
# The QR standard's mask 2 (every third column), fixed rather than chosen: zxing-cpp (zint) choosing
# among the eight took 0.5 ms of its 0.6 ms a code, 5 s at 10,000 briefs, and it chose mask 2 for
# 94 % of the portal's addresses. Any mask reads the same; the mask is written into the code.
QR_MASK = 2


def qr_modules(address: str) -> tuple[bytes, ...]:
    """The QR code of an address (error correction M) as rows of modules, 1 where dark.

    zxing-cpp's C++ encoder: segno, in Python, took about 10 ms of CPU a code choosing its mask,
    most of the brief step: some 100 s at 10,000 practices (benchmarks/README.md).
    """
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M", data_mask=QR_MASK)
    image = code.to_image(scale=1, add_quiet_zones=False)  # one pixel a module
    height, width = image.shape
    pixels = bytes(memoryview(image)).translate(_DARK_AS_ONE)
    return tuple(pixels[row * width:(row + 1) * width] for row in range(height))


# Path pieces by number: a run of n dark modules, and a move to module (x, y) of a code of a given
# size; indexing arrays of them with numpy joins a code's path without a Python step per run.
_RUN = numpy.array([f"h{n}v1h-{n}z" for n in range(178)], dtype=object)  # 177 modules: version 40
_MOVES: dict[int, numpy.ndarray] = {}


def _moves(size: int) -> numpy.ndarray:
    """'M{x} {y}' for each module of a size x size code, with one light module ahead of each row."""
    if size not in _MOVES:
        _MOVES[size] = numpy.array([f"M{x + QUIET_ZONE - 1} {y + QUIET_ZONE}"
                                    for y in range(size) for x in range(size + 1)], dtype=object)
    return _MOVES[size]


def qr_path(modules: tuple[bytes, ...]) -> str:
    """The dark runs of a code's rows as one SVG path: 'M{x} {y}h{n}v1h-{n}z' for each."""
    size = len(modules)
    dark = numpy.zeros(size * (size + 1) + 1, numpy.int8)  # a light module ahead of each row and at the end
    dark[:-1].reshape(size, size + 1)[:, 1:] = numpy.frombuffer(b"".join(modules), numpy.uint8).reshape(size, size)
    edges = numpy.flatnonzero(dark[1:] != dark[:-1]) + 1  # where a run starts, where it ends
    starts, ends = edges[0::2], edges[1::2]
    parts = numpy.empty(2 * len(starts), dtype=object)
    parts[0::2], parts[1::2] = _moves(size)[starts], _RUN[ends - starts]
    return "".join(parts.tolist())


QR_LABEL = N_("QR code of the full page's address")


def qr_svg(modules: tuple[bytes, ...], label: str = QR_LABEL) -> Markup:
    """An inline SVG QR code: one path of the dark runs, presentation attributes only (the CSP forbids style)."""
    size = len(modules) + 2 * QUIET_ZONE
    label = "QR code of the full page's address" if label == QR_LABEL else safe.attr(label)  # English as it was
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-brief__qr" viewBox="0 0 {size} {size}" '
                  f'role="img" aria-label="{label}" shape-rendering="crispEdges">'
                  f'<path fill="#000" d="{qr_path(modules)}"/></svg>')
