"""Batches of near-identical pages, cheaply: what every page shares (the design) is laid out
once, what each page adds (its text) is laid out for all pages together, and the two are put
together here, page by page, with pikepdf.

The renderer spends more on each new page than on the text of a page, so the text layer
arrives as strips: tall pages on which the sheets stand one under the other, each sheet
clipped to its own rectangle of the final page's size (`overflow: hidden`). Each sheet's
drawing is then one self-contained `q … Q` block of its strip's content stream. A final page
is that block alone, moved onto the page, over its design: a form XObject that the file
holds once and every page using it refers to.

Nothing is flattened or re-encoded: text stays text in its embedded subset fonts, images
stay as they were, the strip file's document information (title, producer) stays the
file's, and no transparency group is added. Sign the result, never the parts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

# Prefix of the design forms' names in the pages' /XObject resources.
FORM_PREFIX = "Design"
PICTURE_PREFIX = "Code"
# Operators allowed around the sheets' blocks: they are repeated on every page.
FRAME_OPERATORS = frozenset({"q", "Q", "cm"})
TOLERANCE_PT = 0.01

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class StampingError(ValueError):
    """The layers do not fit together: the strips do not hold the sheets expected, or their
    content is not laid out as one block per sheet."""


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n: `m` applied first, then `n` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _rectangle(ctm: Matrix, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) on the page of a rectangle drawn under `ctm`."""
    a, b, c, d, e, f = ctm
    xs, ys = [], []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


@dataclass(frozen=True)
class Picture:
    """A black-and-white bitmap to draw on one sheet, unsmoothed (a QR code): rows of pixels,
    1 dark and 0 light; where it goes, in points from the sheet's top left corner."""

    rows: tuple[bytes, ...]
    left: float
    top: float
    width: float
    height: float

    def packed(self) -> bytes:
        """The pixels as a 1-bit DeviceGray image (0 black), each row padded to a byte."""
        data = bytearray()
        for row in self.rows:
            bits = "".join("0" if dark else "1" for dark in row)
            bits += "1" * (-len(bits) % 8)
            data += int(bits, 2).to_bytes(len(bits) // 8, "big")
        return bytes(data)


def _picture_stream(pdf, picture: Picture):
    import pikepdf  # noqa: PLC0415 - pikepdf (qpdf) loads only in the processes that print batches

    image = pdf.make_stream(picture.packed())
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = len(picture.rows[0]), len(picture.rows)
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 1
    image.Interpolate = False
    return image


@dataclass(frozen=True)
class SheetBlock:
    start: int  # index of the block's opening `q`
    end: int  # index of its closing `Q`
    left: float  # where the sheet's clip lies on the strip, in points
    bottom: float


def sheet_blocks(instructions: Sequence, width: float, height: float) -> tuple[int, int, list[SheetBlock]]:
    """(end of the common prefix, start of the common suffix, the sheets' blocks top to
    bottom) of a strip's parsed content: each sheet is the outermost `q … Q` block around
    one clip rectangle of `width` × `height` points that holds no other such clip."""
    stack: list[tuple[int, Matrix]] = []
    ctm = IDENTITY
    closing: dict[int, int] = {}
    clips: list[tuple[list[int], float, float]] = []
    operators = [str(instruction.operator) for instruction in instructions]
    for index, (instruction, operator) in enumerate(zip(instructions, operators, strict=True)):
        if operator == "q":
            stack.append((index, ctm))
        elif operator == "Q":
            if not stack:
                raise StampingError("unbalanced Q in the text layer")
            start, ctm = stack.pop()
            closing[start] = index
        elif operator == "cm":
            ctm = _multiply(tuple(float(v) for v in instruction.operands), ctm)
        elif operator == "re" and operators[index + 1 : index + 3] in (["W", "n"], ["W*", "n"]):
            left, bottom, w, h = _rectangle(ctm, *(float(v) for v in instruction.operands))
            if abs(w - width) < TOLERANCE_PT and abs(h - height) < TOLERANCE_PT:
                clips.append(([start for start, _ctm in stack], left, bottom))
    if stack:
        raise StampingError("unbalanced q in the text layer")
    if not clips:
        return 0, len(instructions), []
    chains = [chain for chain, _left, _bottom in clips]
    common = 0
    while (
        len(clips) > 1 and all(len(c) > common + 1 for c in chains) and len({c[common] for c in chains}) == 1
    ):
        common += 1
    blocks = []
    for chain, left, bottom in clips:
        if len(chain) <= common:
            raise StampingError("a sheet's clip is not inside a block of its own")
        blocks.append(SheetBlock(chain[common], closing[chain[common]], left, bottom))
    for before, after in zip(blocks, blocks[1:], strict=False):
        if before.end + 1 != after.start:
            raise StampingError("something is drawn between two sheets of the text layer")
    prefix, suffix = blocks[0].start, blocks[-1].end + 1
    if set(operators[:prefix] + operators[suffix:]) - FRAME_OPERATORS:
        raise StampingError("something is drawn outside the sheets of the text layer")
    return prefix, suffix, blocks


def stamp_over_designs(
    strips_pdf: bytes,
    designs_pdf: bytes,
    design_of_sheet: Sequence[int],
    *,
    pictures: Sequence[Picture | None] = (),
) -> bytes:
    """One page per sheet of `strips_pdf` (sheets the size of the designs' pages, standing
    one under the other on its pages), sheet n drawn over page `design_of_sheet[n]` of
    `designs_pdf`, with `pictures[n]` (if any) drawn on top. Raises StampingError when the strips do not hold exactly that many
    sheets, each as its own block (see `sheet_blocks`)."""
    import pikepdf  # noqa: PLC0415 - pikepdf (qpdf) loads only in the processes that print batches

    with pikepdf.open(io.BytesIO(strips_pdf)) as text, pikepdf.open(io.BytesIO(designs_pdf)) as designs:
        model = designs.pages[0]
        width, height = (
            float(model.mediabox[2]) - float(model.mediabox[0]),
            float(model.mediabox[3]) - float(model.mediabox[1]),
        )
        if any(list(page.mediabox) != list(model.mediabox) for page in designs.pages):
            raise StampingError("the designs are not all the same size")
        strips = list(text.pages)
        forms: dict[int, pikepdf.Object] = {}
        made = 0
        for strip in strips:
            instructions = pikepdf.parse_content_stream(strip)
            prefix, suffix, blocks = sheet_blocks(instructions, width, height)
            head = pikepdf.unparse_content_stream(instructions[:prefix])
            tail = pikepdf.unparse_content_stream(instructions[suffix:])
            resources = strip.obj.get(pikepdf.Name.Resources)
            resources = text.make_indirect(resources if resources is not None else pikepdf.Dictionary())
            if pikepdf.Name.XObject not in resources:
                resources.XObject = pikepdf.Dictionary()
            for block in blocks:
                if made >= len(design_of_sheet):
                    raise StampingError("the text layer holds more sheets than listed")
                index = design_of_sheet[made]
                if index not in forms:
                    forms[index] = text.copy_foreign(designs.pages[index].as_form_xobject())
                name = pikepdf.Name(f"/{FORM_PREFIX}{index}")
                resources.XObject[name] = forms[index]
                body = pikepdf.unparse_content_stream(instructions[block.start : block.end + 1])
                move = f"1 0 0 1 {-block.left:.6f} {-block.bottom:.6f} cm\n".encode()
                content = b"q " + name.unparse() + b" Do Q\nq " + move + head + b"\n" + body + b"\n" + tail
                content += b"\nQ\n"
                picture = pictures[made] if made < len(pictures) else None
                if picture is not None:
                    code = pikepdf.Name(f"/{PICTURE_PREFIX}{made}")
                    resources.XObject[code] = _picture_stream(text, picture)
                    bottom = height - picture.top - picture.height
                    place = (
                        f"q {picture.width:.6f} 0 0 {picture.height:.6f} {picture.left:.6f} {bottom:.6f} cm "
                    )
                    content += place.encode() + code.unparse() + b" Do Q\n"
                page = pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=pikepdf.Array(list(model.mediabox)),
                    Resources=resources,
                    Contents=text.make_stream(content),
                )
                for box in ("/TrimBox", "/BleedBox", "/CropBox"):
                    if box in model.obj:
                        page[box] = pikepdf.Array(list(model.obj[box]))
                text.pages.append(pikepdf.Page(page))
                made += 1
        if made != len(design_of_sheet):
            raise StampingError(f"the text layer holds {made} sheets, {len(design_of_sheet)} listed")
        del text.pages[: len(strips)]
        output = io.BytesIO()
        text.save(output)
        return output.getvalue()
