"""Digits on the emoji grid, one idea per module:

- `grid_ink`: counting ink on the grid (resampling, the ink rule, emoji counts);
- `photo`: photo clean-up (decoding, background flattening, Otsu, blobs, thickening);
- `text_grid`: digits typed as text grids;
- `exercise_files`: exercises from drawings, exercise files read and written;
- `bank_draw`: the bank on a grid and the default exercises drawn from it.

The names other modules use are re-exported here.
"""

from .bank_draw import MAX_BANK_EXERCISES, BankInk, bank_exercises, bank_ink, parse_digits
from .exercise_files import (
    EXERCISES_FORMAT,
    exercise_from_ink,
    exercise_to_json,
    exercises_document,
    image_exercise,
    read_exercises_file,
    text_exercise,
)
from .grid_ink import (
    CROP_LEVEL,
    INK_SHARE,
    area_matrix,
    count_emoji,
    coverage,
    fit_box,
    ink_bounds,
    ink_coverage,
    ink_grid,
    inked_cells,
    layout_onehot,
)
from .photo import (
    MIN_STROKE,
    decode_image,
    ink_from_grey,
    keep_digit,
    label_blobs,
    otsu_level,
    paper_level,
    read_image,
    stroke_width,
    thicken,
)
from .text_grid import BLANK_CHAR, INK_CHAR, grid_to_text, parse_text_grid, read_text_grid

__all__ = [
    "BLANK_CHAR", "CROP_LEVEL", "EXERCISES_FORMAT", "INK_CHAR", "INK_SHARE", "MAX_BANK_EXERCISES", "MIN_STROKE",
    "BankInk", "area_matrix", "bank_exercises", "bank_ink", "count_emoji", "coverage", "decode_image",
    "exercise_from_ink", "exercise_to_json", "exercises_document", "fit_box", "grid_to_text", "image_exercise",
    "ink_bounds", "ink_coverage", "ink_from_grey", "ink_grid", "inked_cells", "keep_digit", "label_blobs", "layout_onehot",
    "otsu_level", "paper_level", "parse_digits", "parse_text_grid", "read_exercises_file", "read_image",
    "read_text_grid", "stroke_width", "text_exercise", "thicken",
]  # fmt: skip
