"""Write docs/card.png (role card F) and docs/sheet.png (an emoji calculation
sheet) for the README, from the default kit made by the project itself.

    python scripts/readme_images.py [--lang fr|en]

Needs pypdfium2 (a test dependency) to turn the PDF pages into pictures.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium

from generator.core.kit import kit_input, render_part
from generator.documents.cards import card_grid

DOCS = Path(__file__).resolve().parent.parent / "docs"
CARD_NEURON = "F"
SCALE = 2.0  # pixels per PDF point


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr", choices=("fr", "en"))
    args = parser.parse_args()
    kit = kit_input(activity_path=None)
    DOCS.mkdir(exist_ok=True)

    # The card: its slot on its page, cut along the cutting lines.
    cards = pdfium.PdfDocument(render_part("cards", kit, lang=args.lang, paper="a4", color=True))
    grid = card_grid("a4")
    neurons = [n.name for n in (*kit.activity.hidden, *kit.activity.outputs)]
    index = neurons.index(CARD_NEURON)
    page, slot = divmod(index, grid.per_page)
    box = grid.slots()[slot]
    image = cards[page].render(scale=SCALE).to_pil()
    px = SCALE * 72 / 25.4  # pixels per mm
    height_px = image.height
    card = image.crop((
        round(box.x * px), round(height_px - box.top * px), round(box.right * px), round(height_px - box.y * px),
    ))  # fmt: skip
    card.save(DOCS / "card.png", optimize=True)

    sheets = pdfium.PdfDocument(render_part("sheets", kit, lang=args.lang, paper="a4", color=True))
    sheets[0].render(scale=SCALE * 0.6).to_pil().save(DOCS / "sheet.png", optimize=True)
    for name in ("card.png", "sheet.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
