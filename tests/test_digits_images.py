"""Images drawn with Pillow import to the grid they were drawn from.

Each digit is a 10 × 6 pattern of cells. Drawn with whole cells as squares
(thick strokes) or as lines through the cells' centres (thin strokes), then
photographed in many ways; on a 10 × 10 grid it must come back centred in
columns 2 to 7: shading as many cells as the pattern has, the cells the
cleaned-up ink covers most are exactly the pattern's (the ink rule itself,
38 cells for every digit, is tested in test_digits.py).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from generator.digits import grid_to_text, ink_grid, read_image
from generator.errors import UserError

PATTERNS = {
    0: [".####.", "##..##", "#....#", "#....#", "#....#", "#....#", "#....#", "#....#", "##..##", ".####."],
    3: ["#####.", "....##", ".....#", "....##", "..###.", "....##", ".....#", ".....#", "....##", "#####."],
    6: ["..###.", ".##...", "##....", "#.....", "#####.", "##..##", "#....#", "#....#", "##..##", ".####."],
    9: [".####.", "##..##", "#....#", "##..##", ".#####", ".....#", ".....#", "....##", "...##.", ".###.."],
}
ROWS = COLS = 10


def pattern_cells(digit: int) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in PATTERNS[digit]], dtype=np.uint8)


def expected_grid(digit: int) -> np.ndarray:
    grid = np.zeros((ROWS, COLS), dtype=np.uint8)
    grid[:, 2:8] = pattern_cells(digit)
    return grid


def thick_image(digit: int, *, cell=24, offset=(40, 30), canvas=(260, 340), paper=235, ink=25) -> Image.Image:
    image = Image.new("L", canvas, paper)
    draw = ImageDraw.Draw(image)
    for r, c in zip(*np.nonzero(pattern_cells(digit))):
        x, y = offset[0] + c * cell, offset[1] + r * cell
        draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=ink)
    return image


def ring_image(*, cell=30, width=9, offset=(50, 40), canvas=(300, 400)) -> Image.Image:
    """A thin 0: a rectangle through the centres of the outer cells of a 10 × 6 block."""
    image = Image.new("L", canvas, 240)
    draw = ImageDraw.Draw(image)
    x0, y0 = offset[0] + cell // 2, offset[1] + cell // 2
    x1, y1 = x0 + 5 * cell, y0 + 9 * cell
    half = width // 2
    draw.rectangle((x0 - half, y0 - half, x1 + half, y1 + half), fill=30)
    draw.rectangle((x0 + half + 1, y0 + half + 1, x1 - half - 1, y1 - half - 1), fill=240)
    return image


def ring_grid() -> np.ndarray:
    grid = np.zeros((ROWS, COLS), dtype=np.uint8)
    grid[[0, -1], 2:8] = 1
    grid[:, [2, 7]] = 1
    return grid


def imported(image: Image.Image, tmp_path, fmt="PNG", name="digit", *, cells: int | None = None, **save) -> np.ndarray:
    """The image saved and read back, on the grid, shading `cells` cells (the ink rule's number when None)."""
    path = tmp_path / f"{name}.{fmt.lower()}"
    image.save(path, fmt, **save)
    return ink_grid(read_image(path), ROWS, COLS, cells=cells)


def cells_of(digit: int) -> int:
    return int(pattern_cells(digit).sum())


def differing(a: np.ndarray, b: np.ndarray) -> int:
    return int((a != b).sum())


@pytest.mark.parametrize("digit", [0, 3, 6, 9])
def test_thick_strokes_import_exactly(digit, tmp_path):
    got = imported(thick_image(digit), tmp_path, cells=cells_of(digit))
    assert np.array_equal(got, expected_grid(digit)), "\n" + grid_to_text(got)


@pytest.mark.parametrize("offset", [(0, 0), (180, 5), (3, 90)])
def test_position_on_the_page_does_not_matter(offset, tmp_path):
    got = imported(thick_image(6, offset=offset, canvas=(340, 340), cell=24), tmp_path, cells=cells_of(6))
    assert np.array_equal(got, expected_grid(6)), "\n" + grid_to_text(got)


@pytest.mark.parametrize("cell", [8, 17, 60])
def test_size_does_not_matter(cell, tmp_path):
    image = thick_image(3, cell=cell, offset=(cell, cell), canvas=(8 * cell, 12 * cell))
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(3)), expected_grid(3))


def test_thin_strokes(tmp_path):
    got = imported(ring_image(), tmp_path, cells=int(ring_grid().sum()))
    assert np.array_equal(got, ring_grid()), "\n" + grid_to_text(got)


def test_inverted_light_ink_on_dark(tmp_path):
    image = Image.eval(thick_image(9), lambda v: 255 - v)
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(9)), expected_grid(9))


def test_noise_and_dust(tmp_path):
    rng = np.random.default_rng(1)
    pixels = np.asarray(thick_image(0), dtype=float) + rng.normal(0, 25, size=(340, 260))
    for _ in range(30):  # dust specks away from the digit
        y, x = rng.integers(0, 340), rng.integers(200, 260)
        pixels[y : y + 2, x : x + 2] = 20
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    got = imported(image, tmp_path, cells=cells_of(0))
    assert np.array_equal(got, expected_grid(0)), "\n" + grid_to_text(got)


@pytest.mark.parametrize("angle", [-4, 3])
def test_rotated_a_little(angle, tmp_path):
    image = thick_image(6).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=235, expand=True)
    got = imported(image, tmp_path, cells=cells_of(6))
    assert differing(got, expected_grid(6)) <= 8, "\n" + grid_to_text(got)


def test_phone_photo_with_shadow_jpeg_and_colour(tmp_path):
    """Marker on paper under uneven light: a dark gradient across, a blur, colour, JPEG."""
    grey = np.asarray(thick_image(3, canvas=(300, 360), offset=(60, 40)), dtype=float)
    light = np.linspace(0.45, 1.0, grey.shape[1])[None, :] * np.linspace(0.8, 1.0, grey.shape[0])[:, None]
    shaded = Image.fromarray((grey * light).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))
    photo = Image.merge("RGB", (shaded, shaded, Image.eval(shaded, lambda v: int(v * 0.9))))
    got = imported(photo, tmp_path, cells=cells_of(3), fmt="JPEG", quality=70)
    assert np.array_equal(got, expected_grid(3)), "\n" + grid_to_text(got)


def test_sheet_edge_at_the_border_is_not_the_digit(tmp_path):
    """A photo that shows the dark table along one side of the sheet."""
    image = thick_image(0, canvas=(320, 340), offset=(80, 30))
    ImageDraw.Draw(image).rectangle((0, 0, 30, 339), fill=10)
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(0)), expected_grid(0))


def test_transparent_png_is_ink_on_paper(tmp_path):
    mask = Image.eval(thick_image(9), lambda v: 255 if v < 128 else 0)
    image = Image.new("RGBA", mask.size, (0, 0, 0, 0))
    image.putalpha(mask)
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(9)), expected_grid(9))


def test_sixteen_bit_greyscale(tmp_path):
    pixels = np.asarray(thick_image(0), dtype=np.uint16) * 257
    image = Image.fromarray(pixels)
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(0)), expected_grid(0))


def test_exif_rotation_is_applied(tmp_path):
    image = thick_image(6).rotate(90, expand=True)  # stored sideways, EXIF says turn it back
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to display
    got = imported(image, tmp_path, cells=cells_of(6), fmt="JPEG", exif=exif.tobytes(), quality=95)
    assert np.array_equal(got, expected_grid(6)), "\n" + grid_to_text(got)


def test_blank_and_faint_images_are_refused(tmp_path):
    for name, image in {
        "white": Image.new("L", (200, 200), 250),
        "black": Image.new("L", (200, 200), 0),
        "noise": Image.fromarray(np.random.default_rng(0).normal(200, 6, (200, 200)).clip(0, 255).astype(np.uint8)),
        "gradient": Image.fromarray(np.tile(np.linspace(120, 250, 200), (200, 1)).astype(np.uint8)),
    }.items():
        path = tmp_path / f"{name}.png"
        image.save(path)
        with pytest.raises(UserError) as caught:
            read_image(path)
        assert caught.value.code == "image.blank", name


def test_corrupt_and_non_images(tmp_path):
    buffer = io.BytesIO()
    thick_image(0).save(buffer, "PNG")
    cases = {
        "text.png": (b"hello, this is not an image\n", "image.unreadable"),
        "empty.png": (b"", "image.unreadable"),
        "cut.png": (buffer.getvalue()[:300], "image.corrupt"),
    }
    for name, (data, code) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(UserError) as caught:
            read_image(path)
        assert caught.value.code == code, name


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG that declares width × height pixels but holds almost nothing."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(8000, 7000), (60000, 60000)])
def test_huge_images_are_refused_before_decoding(tmp_path, size):
    path = tmp_path / "huge.png"
    path.write_bytes(huge_png_header(*size))
    with pytest.raises(UserError) as caught:
        read_image(path)
    assert caught.value.code == "image.too_large"


def test_import_is_deterministic(tmp_path):
    path = tmp_path / "d.png"
    thick_image(3).save(path)
    assert np.array_equal(read_image(path), read_image(path))


def marker_three(draw: ImageDraw.ImageDraw, scale: float, fill: int = 30) -> None:
    s = scale
    draw.arc((1100 * s, 1300 * s, 1900 * s, 2000 * s), -160, 90, fill=fill, width=int(70 * s))
    draw.arc((1100 * s, 2000 * s, 1900 * s, 2750 * s), -90, 160, fill=fill, width=int(70 * s))


def test_phone_photo_of_a_sheet_on_a_dark_table(tmp_path):
    """The sheet does not fill the frame: dark table around it, shadow from one side, a small name written."""
    s = 0.4
    width, height = int(3000 * s), int(4000 * s)
    photo = Image.new("L", (width, height), 40)
    draw = ImageDraw.Draw(photo)
    draw.polygon([(300 * s, 250 * s), (2750 * s, 350 * s), (2850 * s, 3800 * s), (200 * s, 3700 * s)], fill=225)
    marker_three(draw, s)
    draw.text((400 * s, 3400 * s), "Lea", fill=60)
    yy, xx = np.mgrid[0:height, 0:width]
    light = 0.55 + 0.45 * np.clip(xx / width + 0.3 * yy / height, 0, 1)
    pixels = np.asarray(photo, dtype=float) * light + np.random.default_rng(0).normal(0, 6, (height, width))
    shot = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(2))
    clean = Image.new("L", (width, height), 255)
    marker_three(ImageDraw.Draw(clean), s, fill=0)
    got = imported(shot.convert("RGB"), tmp_path, fmt="JPEG", quality=85)
    want = imported(clean, tmp_path, name="clean")
    assert differing(got, want) <= 3, "\n" + grid_to_text(got) + "\n" + grid_to_text(want)


def test_box_drawn_around_the_digit_is_not_the_digit(tmp_path):
    image = thick_image(0, canvas=(360, 400), offset=(110, 60))
    ImageDraw.Draw(image).rectangle((20, 20, 340, 380), outline=25, width=6)
    assert np.array_equal(imported(image, tmp_path, cells=cells_of(0)), expected_grid(0))


@pytest.mark.parametrize("fmt", ["TIFF", "WEBP", "BMP", "GIF"])
def test_other_raster_formats(fmt, tmp_path):
    assert np.array_equal(imported(thick_image(9), tmp_path, cells=cells_of(9), fmt=fmt), expected_grid(9))


def test_phone_multi_picture_jpeg(tmp_path):
    image = thick_image(0).convert("RGB")
    got = imported(image, tmp_path, cells=cells_of(0), fmt="MPO", save_all=True, append_images=[image])
    assert np.array_equal(got, expected_grid(0))


def test_postscript_is_not_handed_to_ghostscript(tmp_path):
    path = tmp_path / "digit.eps"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    with pytest.raises(UserError) as caught:
        read_image(path)
    assert caught.value.code == "image.unreadable"


def test_thin_pen_strokes_are_thickened_to_the_bank_s_thinnest(tmp_path):
    """A 3-pixel line around a 280-pixel digit would ink too few cells for the network."""
    from generator.digits import MIN_STROKE, stroke_width, thicken

    mask = np.zeros((300, 200), dtype=bool)
    mask[10:290, 20:23] = mask[10:290, 177:180] = mask[10:13, 20:180] = mask[287:290, 20:180] = True
    assert stroke_width(mask) == pytest.approx(3, rel=0.05)
    grown = thicken(mask)
    height = np.ptp(np.flatnonzero(grown.any(axis=1))) + 1
    assert stroke_width(grown) == pytest.approx(MIN_STROKE * height, rel=0.15)
    thick = np.zeros((300, 200), dtype=bool)
    thick[10:290, 20:60] = True
    assert thicken(thick) is thick  # thick enough already: untouched


def test_school_ruled_paper_lines_are_not_ink(tmp_path):
    """French squared (Seyès) paper: faint blue lines and a pink margin line under a marker 9."""

    def nine(draw, colour):
        draw.ellipse((420, 400, 780, 760), outline=colour, width=22)
        draw.line((770, 580, 740, 1250), fill=colour, width=22)

    ruled = Image.new("RGB", (1200, 1600), (245, 245, 240))
    draw = ImageDraw.Draw(ruled)
    for y in range(0, 1600, 32):
        draw.line((0, y, 1200, y), fill=(170, 170, 230), width=2 if y % 128 == 0 else 1)
    for x in range(0, 1200, 128):
        draw.line((x, 0, x, 1600), fill=(220, 150, 180), width=2)
    nine(draw, (20, 20, 60))
    clean = Image.new("L", (1200, 1600), 255)
    nine(ImageDraw.Draw(clean), 0)
    got = imported(ruled.filter(ImageFilter.GaussianBlur(1.5)), tmp_path, fmt="JPEG", quality=85)
    assert differing(got, imported(clean, tmp_path, name="clean")) <= 2, "\n" + grid_to_text(got)


def test_fractional_bounds_are_the_bank_s_crop_on_a_0_1_image():
    """`ink_extent` (the importer's crop) is `ink_bounds` (the bank's) wherever pixels are all 0 or 1."""
    from generator.digits.grid_ink import ink_bounds, ink_extent

    rng = np.random.default_rng(3)
    for _ in range(20):
        image = np.zeros((40, 30))
        top, left = rng.integers(0, 20, size=2)
        image[top : top + rng.integers(1, 20), left : left + rng.integers(1, 10)] = 1.0
        rows, cols = ink_bounds(image)
        assert ink_extent(image) == (rows.start, rows.stop, cols.start, cols.stop)
    assert ink_extent(np.zeros((5, 5))) is None


def test_grey_edges_move_the_crop_by_fractions_of_a_pixel():
    from generator.digits.grid_ink import ink_extent

    image = np.zeros((10, 10))
    image[3:7, 2:8] = 1.0
    image[2, 2:8] = 0.75  # a grey row above: 0 at row 1's centre, 0.75 at row 2's, 1 at row 3's
    # 0.5 is reached two thirds of the way from row 1's centre (1.5) to row 2's (2.5).
    assert ink_extent(image) == pytest.approx((1.5 + 2 / 3, 7, 2, 8))


def test_the_grid_takes_the_imported_drawing_whole(tmp_path):
    """The importer hands the grid its drawing already cut at fractional bounds: the grid's whole-pixel crop keeps all of it."""
    from generator.digits.grid_ink import ink_bounds

    for image in (thick_image(3), ring_image()):
        path = tmp_path / "d.png"
        image.save(path)
        ink = read_image(path)
        rows, cols = ink_bounds(ink)
        assert (rows.start, rows.stop, cols.start, cols.stop) == (0, ink.shape[0], 0, ink.shape[1])


@pytest.mark.parametrize("dx, dy", [(0.5, 0.5), (0.25, 0.0), (0.0, 0.7)])
def test_a_sub_pixel_move_keeps_the_grid(dx, dy):
    """Bank digits, enlarged to photo size and moved by a fraction of a pixel, shade the same cells.

    Cut at whole pixels the 0/1 ink changed cells for more than half of them
    (bench/collect.py's reference line); a few may still trade a cell when two
    coverages at the edge of the most-inked 38 are almost equal.
    """
    from generator.bank import load_bank
    from generator.digits import ink_from_grey

    bank = load_bank().test()
    same = 0
    indices = np.random.default_rng(11).choice(len(bank.labels), 30, replace=False)
    for index in indices:
        digit = Image.fromarray(bank.images[index], "L").resize((180, 180), Image.Resampling.BICUBIC)
        canvas = np.ones((300, 220), np.float32)
        canvas[60:240, 20:200] = 1 - np.asarray(digit, np.float32) / 255
        moved = Image.fromarray(canvas, "F").transform((220, 300), Image.Transform.AFFINE, (1, 0, dx, 0, 1, dy),
                                                       Image.Resampling.BILINEAR, fillcolor=1.0)  # fmt: skip
        a = ink_grid(ink_from_grey(canvas), ROWS, COLS)
        b = ink_grid(ink_from_grey(np.asarray(moved, np.float32)), ROWS, COLS)
        assert differing(a, b) <= 2  # at most one cell traded for its neighbour
        same += bool((a == b).all())
    assert same >= 0.9 * len(indices)


def test_resampling_at_fractional_bounds_averages_areas():
    """Running totals give the same cell means as `area_matrix`'s weights (an independent formula)."""
    from generator.digits.grid_ink import area_matrix, resample

    ink = np.random.default_rng(0).random((57, 43))
    got = resample(ink, (3.3, 50.7, 1.2, 40.9), 64)
    height, width = got.shape
    assert max(height, width) == 64 and width == round(64 * 39.7 / 47.4)
    want = area_matrix(57, height, 3.3, 47.4 / height) @ ink @ area_matrix(43, width, 1.2, 39.7 / width).T
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_a_shadow_darkens_stroke_and_paper_alike():
    """Light multiplies: under a shadow falling from full light to 55 % across the picture, every cell's coverage
    stays within 0.05 of the unshaded import (ink measured against the paper where it lies; subtracting the
    paper instead left the shaded strokes fainter, by up to 0.18 of a cell)."""
    from generator.bank import load_bank
    from generator.digits import ink_coverage, ink_from_grey

    bank = load_bank().test()
    shade = np.linspace(0.55, 1.0, 260)[None, :]
    worst = 0.0
    for index in range(0, 400, 20):
        digit = Image.fromarray(255 - bank.images[index], "L").resize((180, 180), Image.Resampling.BICUBIC)
        canvas = np.full((260, 260), 255.0)
        canvas[40:220, 40:220] = np.asarray(digit, dtype=float)
        plain = ink_coverage(ink_from_grey((canvas / 255).astype(np.float32)), ROWS, COLS)
        shaded = ink_coverage(ink_from_grey((canvas * shade / 255).astype(np.float32)), ROWS, COLS)
        worst = max(worst, float(np.abs(plain - shaded).max()))
    assert worst <= 0.05, worst
