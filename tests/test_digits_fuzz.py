"""Any input to the text-grid reader or the image importer gives a valid grid or a UserError."""

import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.digits import decode_image, ink_from_grey, ink_grid, parse_text_grid
from generator.errors import UserError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid_grid(grid, rows, cols):
    return grid.shape == (rows, cols) and grid.dtype == np.uint8 and set(np.unique(grid)) <= {0, 1} and grid.any()


@FUZZ
@given(st.text(alphabet=st.sampled_from("#.X01 \n\t-*?é😇\r"), max_size=200), st.integers(1, 6), st.integers(1, 6))
def test_text_reader_gives_a_grid_or_a_user_error(text, rows, cols):
    try:
        grid = parse_text_grid(text, rows, cols)
    except UserError as error:
        assert error.render("fr") and "\n" not in error.render("en")
        return
    assert valid_grid(grid, rows, cols)


@FUZZ
@given(st.binary(max_size=400))
def test_image_decoder_survives_any_bytes(raw):
    try:
        grey = decode_image(raw, name="x.png")
        ink = ink_from_grey(grey, name="x.png")
    except UserError as error:
        assert error.code.startswith("image.")
        return
    assert valid_grid(ink_grid(ink, 10, 10), 10, 10)


def png_bytes(pixels: np.ndarray, mode: str, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode).save(buffer, fmt)
    return buffer.getvalue()


@FUZZ
@given(
    st.integers(1, 60),
    st.integers(1, 60),
    st.sampled_from(["L", "RGB"]),
    st.sampled_from(["PNG", "BMP", "JPEG", "GIF"]),
    st.integers(0, 2**32 - 1),
    st.integers(0, 6),
)
def test_any_small_picture_imports_or_is_refused(height, width, mode, fmt, seed, truncate):
    rng = np.random.default_rng(seed)
    shape = (height, width) if mode == "L" else (height, width, 3)
    pixels = np.where(rng.random(shape) < rng.random(), rng.integers(0, 255, shape), 255).astype(np.uint8)
    raw = png_bytes(pixels, mode, fmt)
    if truncate:
        raw = raw[: len(raw) * truncate // 7]
    try:
        ink = ink_from_grey(decode_image(raw, name="f"), name="f")
    except UserError as error:
        assert error.code in ("image.blank", "image.corrupt", "image.unreadable")
        return
    assert ink.ndim == 2 and ink.max() == 1
    assert valid_grid(ink_grid(ink, 10, 10), 10, 10)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 20) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=12) | st.dictionaries(st.sampled_from(["id", "label", "ink", "counts", "source", "exercises", "😇"]), children, max_size=5),
    max_leaves=40,
)


@FUZZ
@given(json_values)
def test_exercises_reader_gives_exercises_or_a_user_error(tmp_path_factory, document):
    import json

    from generator.activity import load_activity
    from generator.digits import read_exercises_file

    activity = load_activity()
    path = tmp_path_factory.mktemp("fuzz") / "e.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        exercises = read_exercises_file(path, activity)
    except UserError as error:
        assert "\n" not in error.render("fr")
        return
    for exercise in exercises:
        assert all(0 <= c <= m for c, m in zip(exercise.counts, activity.max_counts))
