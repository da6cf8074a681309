"""Kit: time and size per page of `neurones kit`, beside a bare ReportLab floor.

The floor draws the same pages with the same primitives (the same fonts
embedded, each emoji drawn once per PDF as a form from the same SVG, the same
rectangles, lines and strings per page) straight on a ReportLab canvas, with
none of the project's layers: no activity loading, no engine, no Jinja2
templates, no layout arithmetic. Its input (counts, ink, results) is prepared
beforehand by the project and read from JSON, so only drawing is timed.

Targets (issue "Printable kit"): at most 3× the floor's time, at most 60 KiB
per page on average.

    python bench/kit.py            # the figures
    python bench/kit.py --floor DATA.json OUT_DIR   # (used by the bench) the floor alone
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, best_time, neurones, print_table  # noqa: E402

EXERCISES = 8
PARTS = ("cards", "sheets", "grids", "key")  # what the floor draws too
PDFS = tuple(f"{part}.pdf" for part in PARTS)


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# --- the floor: bare ReportLab -------------------------------------------------

_SVGS: dict = {}


def _svg(path: str):
    from svglib.svglib import svg2rlg

    if path not in _SVGS:
        _SVGS[path] = svg2rlg(path)
    return _SVGS[path]



def floor(data_path: str, out_dir: str) -> None:
    import io

    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import Color, HexColor, black, white
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    data = json.loads(Path(data_path).read_text(encoding="utf-8"))
    # Like the project, fonts and SVGs are read once per process.
    if "R" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("R", data["fonts"][0]))
        pdfmetrics.registerFont(TTFont("B", data["fonts"][1]))
    drawings = {char: _svg(path) for char, path in data["svgs"].items()}
    faint, grey = Color(0.93, 0.93, 0.93), Color(0.35, 0.35, 0.35)
    width, height = data["page"]

    def document() -> tuple[Canvas, io.BytesIO, set]:
        buffer = io.BytesIO()
        return Canvas(buffer, pagesize=(width * mm, height * mm), invariant=1, pageCompression=1), buffer, set()

    def emoji(c: Canvas, forms: set, char: str, x: float, y: float, size: float) -> None:
        drawing = drawings[char]
        name = f"e{ord(char[0]):X}"
        if name not in forms:
            c.beginForm(name, 0, 0, drawing.width, drawing.height)
            renderPDF.draw(drawing, c, 0, 0)
            c.endForm()
            forms.add(name)
        c.saveState()
        c.translate(x * mm, y * mm)
        c.scale(size * mm / drawing.width, size * mm / drawing.height)
        c.doForm(name)
        c.restoreState()

    def box(c: Canvas, x, y, w, h, text=None, size=12, fill=white, bold=False) -> None:
        c.setFillColor(fill)
        c.rect(x * mm, y * mm, w * mm, h * mm, stroke=1, fill=1)
        if text is not None:
            c.setFillColor(black)
            c.setFont("B" if bold else "R", size)
            c.drawCentredString((x + w / 2) * mm, (y + h / 2) * mm - size * 0.33, text)

    def text(c: Canvas, x, y, s, size=12, bold=False) -> None:
        c.setFillColor(black)
        c.setFont("B" if bold else "R", size)
        c.drawString(x * mm, y * mm, s)

    def footer(c: Canvas, n: int, total: int) -> None:
        c.setStrokeColor(grey)
        c.line(12 * mm, 16 * mm, (width - 12) * mm, 16 * mm)
        c.setStrokeColor(black)
        for x, s in ((12, data["footer"]), (100, data["group"]), (180, data["page_numbers"][f"{n}/{total}"])):
            text(c, x, 12.5, s, 9)
        text(c, 12, 9, data["attribution"], 6.5)
        c.showPage()

    def table(c: Canvas, x, top, rows, cols, cell_w, cell_h, values=None) -> None:
        for r in range(rows):
            for k in range(cols):
                value = values[r][k] if values else None
                box(c, x + k * cell_w, top - (r + 1) * cell_h, cell_w, cell_h, value, 16, bold=True)

    def recording(c: Canvas, forms: set, top: float, trace=None) -> None:
        hidden = [(h["result"], h["output"]) for h in trace["hidden"]] if trace else None
        outputs = [(o["result"], o["output"], o["says"]) for o in trace["outputs"]] if trace else None
        for k, header in enumerate(data["record_headers"]):
            box(c, 62 + k * 60, top - 14, 60, 14, header, 11, faint, True)
        for r, name in enumerate(data["hidden"]):
            box(c, 12, top - 14 - (r + 1) * 13, 50, 13, name, 14, bold=True)
        table(c, 62, top - 14, len(data["hidden"]), 2, 60, 13, [[str(v) for v in row] for row in hidden] if hidden else None)
        top -= 14 + 13 * len(data["hidden"]) + 4
        p = c.beginPath()
        p.moveTo(80 * mm, top * mm)
        p.lineTo(160 * mm, top * mm)
        p.lineTo(120 * mm, (top - 17) * mm)
        p.close()
        c.setFillColor(faint)
        c.drawPath(p, stroke=1, fill=1)
        text(c, 95, top - 7, data["sent"], 13, True)
        top -= 21
        for r, (name, colour) in enumerate(data["outputs"]):
            y = top - 14 - (r + 1) * 13
            box(c, 12, y, 50, 13, name, 14, bold=True)
            box(c, 14, y + 2, 9, 9, fill=HexColor(colour))
        cols = 3 if outputs else 2
        table(c, 62, top - 14, len(data["outputs"]), cols, 40, 13, [[str(v) for v in row] for row in outputs] if outputs else None)
        top -= 14 + 13 * len(data["outputs"]) + 5
        c.roundRect(12 * mm, (top - 20) * mm, 170 * mm, 20 * mm, 2 * mm)
        text(c, 15, top - 8, data["verdict"], 14, True)
        for k, choice in enumerate(data["choices"] if not trace else [trace["answer"]]):
            c.rect((15 + k * 28) * mm, (top - 16) * mm, 4.5 * mm, 4.5 * mm)
            text(c, 21 + k * 28, top - 15.5, choice, 11, True)

    files = {}
    rows, cols = len(data["grid"]), len(data["grid"][0])

    # cards: two per page
    c, buffer, forms = document()
    cards = data["cards"]
    for start in range(0, len(cards), 2):
        for slot, card in enumerate(cards[start : start + 2]):
            top = height - 12 - slot * (height - 35) / 2
            c.setDash(2, 2)
            c.rect(12 * mm, (top - (height - 35) / 2) * mm, (width - 24) * mm, (height - 35) / 2 * mm)
            c.setDash()
            text(c, 18, top - 15, card["title"], 24, True)
            text(c, 18, top - 20, card["kind"], 10)
            for k, step in enumerate(card["steps"]):
                c.circle(20 * mm, (top - 30 - k * 28) * mm, 2.5 * mm, fill=1)
                text(c, 25, top - 31 - k * 28, step, 14, True)
            x = 70
            for piece in card["formula"]:
                if piece in drawings:
                    emoji(c, forms, piece, x, top - 48, 12)
                    x += 12
                else:
                    text(c, x, top - 45, piece, 28, True)
                    x += 10
            if card.get("colour"):
                box(c, width - 52, top - 24, 34, 16, fill=HexColor(card["colour"]))
                box(c, width - 49, top - 20.5, 28, 9, card["title"].split()[-1], 13, bold=True)
            per_row = 12
            cells = card["table"]
            for band in range(0, len(cells), per_row):
                y = top - 70 - (band // per_row) * 25
                for r, header in enumerate(data["table_headers"]):
                    box(c, 18, y - (r + 1) * 11, 34, 11, header, 10, faint, True)
                for k, (result, output) in enumerate(cells[band : band + per_row]):
                    box(c, 52 + k * 11.5, y - 11, 11.5, 11, result, 15)
                    box(c, 52 + k * 11.5, y - 22, 11.5, 11, output, 16, bold=True)
        for x in (12, width - 12):
            c.line(x * mm, (height - 10) * mm, x * mm, (height - 4) * mm)
        footer(c, start // 2 + 1, (len(cards) + 1) // 2)
    c.save()
    files["cards.pdf"] = buffer.getvalue()

    # sheets: one per exercise
    c, buffer, forms = document()
    exercises = data["exercises"]
    for n, exercise in enumerate(exercises, start=1):
        top = height - 12
        text(c, 12, top - 8, data["sheet_titles"][n - 1], 20, True)
        text(c, 12, top - 15, data["count_title"], 13, True)
        text(c, 12, top - 20, data["count_hint"], 10.5)
        cell = 120 / cols
        for r in range(rows):
            for k in range(cols):
                inked = exercise["ink"] and exercise["ink"][r][k]
                box(c, 40 + k * cell, top - 24 - (r + 1) * cell, cell, cell, fill=Color(0.47, 0.65, 0.94) if inked else white)
                emoji(c, forms, data["emoji"][data["grid"][r][k]], 40 + k * cell + 1.5, top - 24 - (r + 1) * cell + 1.5, cell - 3)
        for k, char in enumerate(data["emoji"]):
            emoji(c, forms, char, 20 + k * 31, 95, 12)
            c.roundRect((15 + k * 31) * mm, 75 * mm, 22 * mm, 18 * mm, 1.5 * mm)
        for r, name in enumerate(data["hidden"]):
            box(c, 12, 60 - r * 10.5, 30, 10.5, name, 12, bold=True)
            for k, w in enumerate((96, 30, 30)):
                box(c, 42 + sum((96, 30, 30)[:k]), 60 - r * 10.5, w, 10.5)
            x = 70
            for piece in data["hidden_formulas"][r]:
                if piece in drawings:
                    emoji(c, forms, piece, x, 61 - r * 10.5, 8)
                    x += 8
                else:
                    text(c, x, 63 - r * 10.5, piece, 16, True)
                    x += 6
        footer(c, n, len(exercises))
    c.save()
    files["sheets.pdf"] = buffer.getvalue()

    # grids: one blank recording sheet per exercise
    c, buffer, forms = document()
    for n in range(1, len(exercises) + 1):
        text(c, 12, height - 20, data["grid_titles"][n - 1], 20, True)
        recording(c, forms, height - 26)
        footer(c, n, len(exercises))
    c.save()
    files["grids.pdf"] = buffer.getvalue()

    # key: summary, then one filled sheet per exercise
    c, buffer, forms = document()
    total = 1 + len(exercises)
    text(c, 12, height - 20, data["summary_title"], 20, True)
    for k, char in enumerate(data["emoji"]):
        emoji(c, forms, char, 48 + k * 11, height - 38, 8)
    for r, exercise in enumerate(exercises):
        values = [str(r + 1), exercise["id"], *map(str, exercise["counts"]), str(exercise["label"]), exercise["answer"], exercise["mark"]]
        x = 12
        for k, value in enumerate(values):
            w = (10, 30, *([11] * len(exercise["counts"])), 20, 45, 20)[k]
            box(c, x, height - 50 - r * 9, w, 9, value, 11)
            x += w
    footer(c, 1, total)
    for n, exercise in enumerate(exercises, start=2):
        text(c, 12, height - 20, exercise["title"], 20, True)
        text(c, 12, height - 27, exercise["truth"], 13, True)
        for k, (char, count) in enumerate(zip(data["emoji"], exercise["counts"])):
            emoji(c, forms, char, 14 + k * 22, height - 45, 10)
            box(c, 25 + k * 22, height - 46, 12, 12, str(count), 18, bold=True)
        if exercise["ink"]:
            cell = 42 / cols
            for r in range(rows):
                for k in range(cols):
                    inked = exercise["ink"][r][k]
                    box(c, width - 54 + k * cell, height - 32 - (r + 1) * cell, cell, cell,
                        fill=Color(0.47, 0.65, 0.94) if inked else white)  # fmt: skip
                    emoji(c, forms, data["emoji"][data["grid"][r][k]], width - 54 + k * cell, height - 32 - (r + 1) * cell, cell * 0.72)
        recording(c, forms, height - 80, exercise["trace"])
        footer(c, n, total)
    c.save()
    files["key.pdf"] = buffer.getvalue()

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)


# --- what the floor draws, prepared by the project ---------------------------------


def floor_data(path: Path, lang: str = "fr") -> None:
    from generator.core.kit import kit_input
    from generator.documents.cards import card_tables
    from generator.documents.grids import answer_text
    from generator.render.emoji import resolve
    from generator.render.formula import calculation
    from generator.words import words_for
    from generator.render.tables import lookup_cells
    from generator.resources import fonts_dir

    kit = kit_input(activity_path=None, number=EXERCISES)
    activity, say, words = kit.activity, words_for(lang).printables, words_for(lang).labels
    tables = card_tables(activity, kit.traces)

    class _Pen:  # what lookup_cells and answer_text need
        def __init__(self) -> None:
            self.lang = lang

    def formula(neuron) -> list[str]:
        return [p.emoji or p.text for p in calculation(activity, neuron, lang)]

    cards = []
    for neuron in (*activity.hidden, *activity.outputs):
        is_output = neuron in activity.outputs
        cards.append({
            "title": say.role_title(name=neuron.name, output=is_output),
            "kind": words["cards"]["output_kind" if is_output else "hidden_kind"],
            "steps": [words["cards"]["step_calculate"], words["cards"]["step_lookup"]]
            + ([say.output_says(digit=neuron.digit)] if is_output else []),
            "formula": formula(neuron),
            "colour": neuron.color if is_output else None,
            "table": lookup_cells(tables[neuron.name], lang),
        })  # fmt: skip
    exercises = []
    for n, (exercise, trace) in enumerate(zip(kit.exercises, kit.traces), start=1):
        exercises.append({
            "id": exercise.id, "counts": list(exercise.counts), "label": exercise.label,
            "ink": [list(row) for row in exercise.ink] if exercise.ink else None,
            "answer": say.answer_short(kind=trace.answer.kind, digits=list(trace.answer.digits)),
            "mark": words["key"]["right" if trace.correct else "wrong"],
            "title": say.key_title(number=n, total=len(kit.exercises), id=exercise.id),
            "truth": say.key_truth(label=exercise.label),
            "trace": {
                "hidden": [{"result": str(s.result), "output": str(s.output)} for s in trace.hidden],
                "outputs": [{"result": str(s.result), "output": str(s.output),
                             "says": say.is_digit(digit=s.digit) if s.fires else say.is_not_digit(digit=s.digit)}
                            for s in trace.outputs],
                "answer": answer_text(_Pen(), trace),
            },
        })  # fmt: skip
    data = {
        "page": [210.0, 297.0],
        "fonts": [str(fonts_dir() / "Andika-Regular.ttf"), str(fonts_dir() / "Andika-Bold.ttf")],
        "svgs": {e.char: str(resolve(e.char, color=True, svg=e.svg)) for e in activity.emoji},
        "emoji": list(activity.emoji_chars),
        "grid": [list(row) for row in activity.grid.cells],
        "hidden": [say.neuron_name(name=h.name) for h in activity.hidden],
        "hidden_formulas": [[p.emoji or p.text for p in calculation(activity, h, lang, ending=" =")] for h in activity.hidden],
        "outputs": [(say.neuron_name(name=o.label(lang), output=True), o.color) for o in activity.outputs],
        "cards": cards,
        "exercises": exercises,
        "footer": f"{activity.name} · {words['documents']['cards']}",
        "group": words["page"]["group"],
        "attribution": words["page"]["attribution"],
        "record_headers": [words["grids"]["result"], words["grids"]["output"]],
        "table_headers": [words["cards"]["result"], words["cards"]["answer"]],
        "sent": words["grids"]["sent"],
        "verdict": words["grids"]["verdict"],
        "choices": [say.is_digit(digit=d) for d in activity.digits] + [words["grids"]["no_answer"]],
        "count_title": words["sheets"]["count_title"],
        "count_hint": words["sheets"]["count_hint"],
        "summary_title": words["key"]["summary_title"],
        "sheet_titles": [say.sheet_title(n, len(exercises)) for n in range(1, len(exercises) + 1)],
        "grid_titles": [say.grid_title(n, len(exercises)) for n in range(1, len(exercises) + 1)],
        "page_numbers": {f"{n}/{t}": say.page_number(n, t) for t in range(1, 40) for n in range(1, t + 1)},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def best_call(function, repeat: int = 3) -> float:
    import time

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def figures() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        kit_dir, floor_dir, data = tmp / "kit", tmp / "floor", tmp / "floor.json"
        kit_command = [*neurones(), "kit", "--out", str(kit_dir), "--exercises", str(EXERCISES), "--force"]
        kit_time = best_time(kit_command, repeat=3)
        floor_data(data)
        floor_time = best_time([sys.executable, __file__, "--floor", str(data), str(floor_dir)], repeat=3)
        kit_pdfs = {name: (kit_dir / name).read_bytes() for name in PDFS}
        floor_pdfs = {name: (floor_dir / name).read_bytes() for name in PDFS}
        # The whole kit also writes the learning round (tally sheets and their key): its time covers
        # those pages too, so time per page counts every page written; sizes compare the floor's four.
        all_pages = sum(pages_of(p.read_bytes()) for p in kit_dir.glob("*.pdf"))
    pages = sum(pages_of(pdf) for pdf in kit_pdfs.values())
    floor_pages = sum(pages_of(pdf) for pdf in floor_pdfs.values())
    size = sum(map(len, kit_pdfs.values())) / pages / 1024
    floor_size = sum(map(len, floor_pdfs.values())) / floor_pages / 1024
    print(
        f"kit: {all_pages} pages in {kit_time:.2f} s ({kit_time / all_pages * 1000:.0f} ms/page), "
        f"{pages} in the floor's four documents ({size:.1f} KiB/page); "
        f"bare ReportLab floor: {floor_pages} pages in {floor_time:.2f} s "
        f"({floor_time / floor_pages * 1000:.0f} ms/page, {floor_size:.1f} KiB/page)",
        file=sys.stderr,
    )
    for name in PDFS:
        print(f"  {name}: {pages_of(kit_pdfs[name])} pages, {len(kit_pdfs[name]) / 1024:.0f} KiB "
              f"(floor {pages_of(floor_pdfs[name])} pages, {len(floor_pdfs[name]) / 1024:.0f} KiB)",
              file=sys.stderr)  # fmt: skip
    # Drawing alone, in this process with everything imported and warm: the project's
    # documents from its traces beside the floor from its JSON, best of 3 each.
    from generator.core.kit import kit_input, render_part

    kit = kit_input(activity_path=None, number=EXERCISES)
    draw_time = best_call(lambda: [render_part(p, kit, lang="fr", paper="a4", color=True) for p in PARTS])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "floor.json"
        floor_data(data)
        floor_draw = best_call(lambda: floor(str(data), str(Path(tmp) / "floor")))
    print(f"drawing only (warm, in process): kit {draw_time:.2f} s, floor {floor_draw:.2f} s", file=sys.stderr)
    per_page, floor_per_page = kit_time / all_pages, floor_time / floor_pages
    return [
        Figure("kit: time per page", per_page * 1000, "ms", 3 * floor_per_page * 1000),
        Figure("kit: time per page / floor", per_page / floor_per_page, "×", 3.0),
        Figure("kit: drawing only / floor", draw_time / floor_draw, "×", 3.0),
        Figure("kit: size per page", size, "KiB", 60.0),
        Figure("kit: size per page / floor", size / floor_size, "×", 3.0),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--floor":
        floor(sys.argv[2], sys.argv[3])
    else:
        print_table(figures())
