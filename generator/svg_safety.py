"""Loading a custom emoji's SVG without reading any other file.

An SVG can point at other files: `<image href="…">`, `<use href="other.svg#x">`,
`xlink:href`, CSS `@import` and `url(…)`, external DTDs and entities, a
stylesheet processing instruction. svglib follows some of these, so a picture
could pull any file of the teacher's disk into a kit handed to every pupil.

The rule here is simple and stated to the user: an emoji's SVG must hold
everything itself. The only references allowed are to a part of the same
file (`#id`, `url(#id)`) and pictures embedded as PNG or JPEG data
(`data:image/png;base64,…`). Anything else is refused with one line naming
the reference. Text in the SVG is drawn with the kit's own font, never a
font looked up on the system.

`check_svg` reads and inspects a file (used when an activity is loaded, so
`neurones check` refuses what a kit would refuse); `load_svg_safely` does the
same on the bytes it then draws, so the file cannot change in between.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UserError
from .inputs import read_user_file

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

MAX_SVG_BYTES = 10_000_000  # OpenMoji pictures are under 50 kB; an embedded photo fits easily
MAX_EMBEDDED_PIXELS = 16_000_000  # an embedded picture is decoded whole: 4000×4000 at most
SVG_NAMESPACE = "http://www.w3.org/2000/svg"

_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_EMBEDDED = re.compile(r"^data:image/(png|jpe?g);base64,", re.IGNORECASE)
_HREF_NAMES = ("href", "src")


def check_svg(path: Path | str) -> None:
    """Raise a UserError unless `path` is an SVG that refers to no other file."""
    _inspected_tree(Path(path))


def load_svg_safely(path: Path | str) -> Drawing:
    """The ReportLab drawing of an SVG that refers to no other file; UserError otherwise."""
    from svglib.svglib import SvgRenderer

    path = Path(path)
    root = _inspected_tree(path)
    renderer = SvgRenderer(str(path), font_map=_KitFonts())
    return renderer.render(root)


def _inspected_tree(path: Path):
    raw = read_user_file(path, limit=MAX_SVG_BYTES, too_big="svg.too_big")
    root = _parse(raw, path)
    reference = _external_reference(root)
    if reference is not None:
        raise UserError("svg.external", file=path, ref=_shorten(reference))
    for node in root.iter():
        for name, value in node.attrib.items() if isinstance(node.tag, str) else ():
            if name.rsplit("}", 1)[-1] in _HREF_NAMES and _EMBEDDED.match(value.strip()):
                _check_embedded_picture(value.strip(), path)
    return root


def _parse(raw: bytes, path: Path):
    from lxml import etree

    # Never fetch or expand anything while parsing: no DTD loading, no entity
    # resolution, no network. recover=True reads what svglib would read.
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
    )
    try:
        root = etree.fromstring(raw, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise UserError("svg.not_svg", file=path)
    if etree.QName(root).namespace not in (None, SVG_NAMESPACE):
        raise UserError("svg.not_svg", file=path)
    return root


def _external_reference(root) -> str | None:
    """The first reference to something outside the file, or None."""
    tree = root.getroottree()
    info = tree.docinfo
    if info.system_url or info.public_id:
        return info.system_url or info.public_id
    dtd = info.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            if entity.system_url:
                return entity.system_url
    # Processing instructions before or after the root (xml-stylesheet …).
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if _is_processing_instruction(sibling):
            return f"<?{sibling.target} {sibling.text or ''}?>"
    for node in root.iter():
        if _is_processing_instruction(node):
            return f"<?{node.target} {node.text or ''}?>"
        if not isinstance(node.tag, str):
            continue  # comments were removed; entity references stay unexpanded
        for name, value in node.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local in _HREF_NAMES and not _inside_file(value):
                return value
            if local == "base" and name.startswith("{http://www.w3.org/XML/1998/namespace}"):
                return value
            found = _css_reference(value)
            if found is not None:
                return found
        if node.tag.rsplit("}", 1)[-1] == "style" and node.text:
            found = _css_reference(node.text)
            if found is not None:
                return found
    return None


def _is_processing_instruction(node) -> bool:
    from lxml import etree

    return isinstance(node, etree._ProcessingInstruction)


def _css_reference(text: str) -> str | None:
    if "@import" in text.lower():
        return "@import"
    for match in _URL.finditer(text):
        target = match.group(2).strip()
        if not _inside_file(target):
            return f"url({target})"
    return None


def _inside_file(reference: str) -> bool:
    """A part of this same file, or a picture embedded in it (checked for size)."""
    reference = reference.strip()
    # "" and "#id" name this same document (RFC 3986 same-document references).
    return reference == "" or reference.startswith("#") or bool(_EMBEDDED.match(reference))


def _check_embedded_picture(reference: str, path: Path) -> None:
    # svglib decodes embedded pictures whole: refuse a small file that unpacks
    # into a huge image before it gets there (only the header is read here).
    import io
    import warnings

    from PIL import Image

    try:
        data = base64.b64decode(reference.split(",", 1)[1], validate=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as picture:
                width, height = picture.size
    except Image.DecompressionBombError:
        width = height = MAX_EMBEDDED_PIXELS
    except (binascii.Error, ValueError, OSError):
        raise UserError("svg.bad_picture", file=path) from None
    if width * height > MAX_EMBEDDED_PIXELS:
        raise UserError("svg.picture_too_large", file=path, limit=MAX_EMBEDDED_PIXELS // 1_000_000)


def _shorten(reference: str) -> str:
    reference = " ".join(reference.split())
    return reference if len(reference) <= 60 else reference[:57] + "..."


class _KitFonts:
    """svglib's font lookup, answered with the kit's own font.

    svglib would otherwise look a font family up on the system (fc-match, font
    folders) and embed whatever file it finds.
    """

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        from .render.fonts import register_fonts

        fonts = register_fonts()
        return (fonts.bold if str(weight).lower() in ("bold", "bolder", "700", "800", "900") else fonts.regular), True

    def __repr__(self) -> str:
        return "_KitFonts(Andika)"
