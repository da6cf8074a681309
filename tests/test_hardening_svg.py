"""Nothing read that the user did not give: a custom emoji's SVG may not pull in other files.

The rule (generator/svg_safety.py, README "The activity file"): an emoji's SVG
must hold everything itself; references to a part of the same file (#id) and
pictures embedded as PNG or JPEG data are the only ones allowed. The cases run
`neurones` in a real subprocess and trace which files it opens: an audit hook
inside it (files Python opens, processes it starts) and, on Linux, inotify on
the folder of the files the SVG points at (files any C library opens too).
"""

from __future__ import annotations

import base64
import io
import os
import re
import sys

import pytest
from PIL import Image
from pypdf import PdfReader

from generator import cli
from generator.resources import default_activity_path, layouts_dir

from .hardening_helpers import environment, run_cli, watching_opens

LINUX = sys.platform.startswith("linux")
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 72 72">'


def png_bytes(size=(8, 8), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_place(folder):
    """An activity folder whose 🐱 is drawn by act/cat.svg, and a folder of files nobody gave."""
    secret = folder / "secret"
    secret.mkdir(parents=True)
    (secret / "secret.png").write_bytes(png_bytes())
    (secret / "other.svg").write_text(SVG_OPEN + '<g id="x"><circle cx="36" cy="36" r="30"/></g></svg>')
    (secret / "style.css").write_text("circle { fill: red; }")
    (secret / "x.dtd").write_text("<!ENTITY s 'secret'>")
    (secret / "secret.txt").write_text("the teacher's private notes")
    act = folder / "act"
    act.mkdir()
    text = default_activity_path().read_text(encoding="utf-8")
    text = text.replace('char = "🐱"\n', 'char = "🐱"\nsvg = "cat.svg"\n', 1)
    (act / "activity.toml").write_text(text, encoding="utf-8")
    (act / "near.png").write_bytes(png_bytes())  # beside the SVG: refused too (the rule has no folder exception)
    return folder


@pytest.fixture
def place(tmp_path):
    return make_place(tmp_path)


def svg_with(body: str, *, before: str = "") -> str:
    return before + SVG_OPEN + body + '<circle cx="36" cy="36" r="20" fill="#f4aa41"/></svg>'


EXTERNAL = {
    "image, absolute path": lambda s: svg_with(f'<image href="{s}/secret.png" width="72" height="72"/>'),
    "image, relative path": lambda s: svg_with('<image xlink:href="../secret/secret.png" width="72" height="72"/>'),
    "image, file URL": lambda s: svg_with(f'<image href="file://{s}/secret.png" width="72" height="72"/>'),
    "image beside the SVG": lambda s: svg_with('<image href="near.png" width="72" height="72"/>'),
    "use of another SVG": lambda s: svg_with('<use xlink:href="../secret/other.svg#x"/>'),
    "use of another SVG, absolute": lambda s: svg_with(f'<use href="{s}/other.svg#x"/>'),
    "CSS @import": lambda s: svg_with(f'<style>@import url("{s}/style.css");</style>'),
    "CSS url() in a style attribute": lambda s: svg_with('<rect width="9" height="9" style="fill:url(../secret/other.svg#g)"/>'),
    "url() in a fill attribute": lambda s: svg_with(f'<rect width="9" height="9" fill="url({s}/other.svg#g)"/>'),
    "external entity": lambda s: svg_with(
        "<text>&s;</text>", before=f'<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{s}/secret.txt">]>'),
    "external DTD": lambda s: svg_with("", before='<!DOCTYPE svg SYSTEM "../secret/x.dtd">'),
    "href spelled by an internal entity": lambda s: svg_with(
        '<image href="&e;" width="9" height="9"/>', before='<!DOCTYPE svg [<!ENTITY e "../secret/secret.png">]>'),
    "stylesheet instruction": lambda s: svg_with("", before='<?xml-stylesheet href="../secret/style.css"?>'),
    "data URL that is not a picture": lambda s: svg_with(
        '<image href="data:image/svg+xml;base64,PHN2Zy8+" width="9" height="9"/>'),
}  # fmt: skip


_TRACED_CASES = """
import contextlib, io, json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else
                 opened.append("started " + repr(args)[:100]) if event in ("subprocess.Popen", "os.exec") else None)
from generator.cli import main
results = {}
for name, (folder, args) in json.loads(sys.argv[1]).items():
    opened.clear()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(args)
    results[name] = [status, err.getvalue(), list(opened)]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def external_runs(tmp_path_factory):
    """Each external-reference case in its own folders, all run by one traced subprocess making cards."""
    import json
    import subprocess

    base = tmp_path_factory.mktemp("svg")
    cases, folders = {}, {}
    for number, (case, make_svg) in enumerate(EXTERNAL.items()):
        folder = make_place(base / f"case{number}")
        (folder / "act" / "cat.svg").write_text(make_svg(folder / "secret"), encoding="utf-8")
        folders[case] = folder
        cases[case] = [str(folder), ["cards", "--activity", str(folder / "act" / "activity.toml"),
                                     "--out", str(folder / "kit")]]  # fmt: skip
    watched = [f / sub for f in folders.values() for sub in ("secret", "act")]
    with (watching_opens(*watched) if LINUX else _no_watch()) as opened_from_outside:
        done = subprocess.run([sys.executable, "-c", _TRACED_CASES, json.dumps(cases)], capture_output=True, text=True,
                              timeout=300, env=environment())  # fmt: skip
        outside = opened_from_outside()
    assert done.returncode == 0, done.stderr
    return folders, json.loads(done.stdout), outside


@pytest.mark.parametrize("case", list(EXTERNAL))
def test_svg_with_an_external_reference_is_refused_and_nothing_else_is_opened(case, external_runs):
    folders, results, outside = external_runs
    folder = folders[case]
    secret = folder / "secret"
    status, err, opened = results[case]
    outside = [p for p in outside if p.startswith(str(folder))]
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "cat.svg" in err and "autre fichier" in err, err
    assert not (folder / "kit").exists()
    # The tracers work (the SVG itself was read) and saw nothing else read.
    assert any(p.endswith("cat.svg") for p in opened), opened
    if LINUX:
        assert any(p.endswith("cat.svg") for p in outside), outside
    read = [p for p in opened + outside if p.startswith(str(secret)) or p.endswith("near.png")]
    assert not read, read
    assert not [p for p in opened if p.startswith("started")], opened


@pytest.mark.parametrize("case", list(EXTERNAL))
def test_check_refuses_the_same_svgs(case, place, capsys):
    (place / "act" / "cat.svg").write_text(EXTERNAL[case](place / "secret"), encoding="utf-8")
    assert cli.main(["check", "--activity", str(place / "act" / "activity.toml"), "--lang", "en"]) == 2
    assert "refers to another file" in capsys.readouterr().err


def test_self_contained_svg_is_drawn_without_opening_any_other_file(place):
    """Internal references (#id, url(#id)), an embedded PNG and text in a system font's name all work,
    and neither the system's fonts nor fc-match are touched: text is drawn in the kit's font."""
    embedded = base64.b64encode(png_bytes((16, 16), (20, 120, 220))).decode()
    body = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#f4aa41"/><stop offset="1" stop-color="#000"/>'
        '</linearGradient><circle id="dot" cx="10" cy="10" r="6"/></defs>'
        '<rect width="72" height="72" fill="url(#g)"/><use href="#dot"/><use xlink:href="#dot" x="40"/>'
        f'<image href="data:image/png;base64,{embedded}" x="20" y="40" width="30" height="30"/>'
        '<text x="5" y="70" font-family="DejaVu Sans" font-size="9">chat</text>'
    )
    (place / "act" / "cat.svg").write_text(SVG_OPEN + body + "</svg>", encoding="utf-8")
    run = run_cli(["cards", "--activity", "act/activity.toml", "--out", "kit"], place, traced=True)
    assert run.status == 0, run
    assert not run.started, run.started  # no fc-match
    system_fonts = [p for p in run.opened if p.startswith(("/usr/share/fonts", "/usr/local/share/fonts",
                                                           "/Library/Fonts", "C:\\Windows\\Fonts"))]  # fmt: skip
    assert not system_fonts, system_fonts
    assert not [p for p in run.opened if p.startswith(str(place / "secret"))]
    pdf = PdfReader(place / "kit" / "cards.pdf")
    fonts = {str(f) for page in pdf.pages for f in _fonts_of(page)}
    assert not any("DejaVu" in f for f in fonts), fonts
    assert any("Andika" in f for f in fonts), fonts
    assert _has_image(pdf), "the embedded PNG should be drawn"


def test_the_bundled_openmoji_pictures_all_pass():
    from generator.svg_safety import check_svg

    pictures = sorted((layouts_dir() / "emoji").rglob("*.svg"))
    assert len(pictures) >= 12
    for picture in pictures:
        check_svg(picture)


SYSTEM = {
    "a system text file": ("/etc/hostname", "pas un dessin SVG"),
    "a PNG named .svg": (None, "pas un dessin SVG"),
    "a device": ("/dev/zero", "pas un fichier ordinaire"),
    "an empty file": ("", "pas un dessin SVG"),
}


@pytest.mark.parametrize("case", list(SYSTEM))
def test_svg_path_to_something_that_is_not_an_svg(case, place, capsys):
    target, fragment = SYSTEM[case]
    if target is None:
        (place / "act" / "cat.svg").write_bytes(png_bytes())
        target = "cat.svg"
    elif target == "":
        (place / "act" / "cat.svg").write_bytes(b"")
        target = "cat.svg"
    elif not os.path.exists(target):
        pytest.skip(f"{target} does not exist here")
    toml = place / "act" / "activity.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('svg = "cat.svg"', f'svg = "{target}"'), encoding="utf-8")
    for command in (["key", "--counts", "6,4,9,6,6,7", "--out", str(place / "kit")], ["check"]):
        assert cli.main([*command, "--activity", str(toml)]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and fragment in err, err
        assert command == ["check"] or len(err.strip().splitlines()) == 1, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_svg_path_to_a_fifo_does_not_block(place):
    os.mkfifo(place / "act" / "cat.svg")
    run = run_cli(["key", "--counts", "6,4,9,6,6,7", "--activity", "act/activity.toml", "--out", "kit"], place,
                  timeout=30)  # fmt: skip
    assert run.status == 2 and "pas un fichier ordinaire" in run.err, run


def test_an_svg_embedding_a_huge_picture_is_refused(place, capsys):
    # 5000 × 5000 pixels of one colour: a few kB of PNG, 100 MB once decoded.
    buffer = io.BytesIO()
    Image.new("L", (5000, 5000), 255).save(buffer, "PNG", optimize=True)
    embedded = base64.b64encode(buffer.getvalue()).decode()
    (place / "act" / "cat.svg").write_text(svg_with(f'<image href="data:image/png;base64,{embedded}"/>'))
    assert cli.main(["check", "--activity", str(place / "act" / "activity.toml")]) == 2
    assert "mégapixels" in capsys.readouterr().err


def _fonts_of(page):
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    for font in fonts.values():
        yield font.get_object().get("/BaseFont")
    for xobject in (resources.get("/XObject") or {}).values():
        inner = xobject.get_object().get("/Resources") or {}
        for font in (inner.get("/Font") or {}).values():
            yield font.get_object().get("/BaseFont")


def _has_image(pdf) -> bool:
    """An image XObject, or an inline image (BI … ID … EI, as ReportLab draws a drawing's pictures)."""
    def walk(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                return True
            if xobject.get("/Subtype") == "/Form" and re.search(rb"\bBI\b.*\bID\b", xobject.get_data(), re.S):
                return True
            if walk(xobject.get("/Resources") or {}):
                return True
        return False

    return any(walk(page.get("/Resources") or {}) for page in pdf.pages)


class _no_watch:
    def __enter__(self):
        return lambda: []

    def __exit__(self, *exc):
        return False

