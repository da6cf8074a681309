"""`neurones serve`'s API, on a real server: the same files and answers as the command line, and clear errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import httpx
import pytest

from generator.errors import message
from generator.web.language import from_accept_language
from generator.web.uploads import safe_name

from .web_helpers import cli_json, cli_kit, kit_workers, running_server, unzip

# A 0 as pupils draw it on the 10 × 10 grid: a ring.
ZERO = """\
..........
...####...
..#....#..
.#......#.
.#......#.
.#......#.
.#......#.
..#....#..
...####...
..........
"""


@pytest.fixture(scope="module")
def server():
    with running_server() as (url, pid, temp):
        yield url, temp, pid


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server[0], timeout=120) as client:
        yield client


def test_kit_zip_is_the_command_line_kit_byte_for_byte(client, tmp_path):
    options = {"lang": "en", "paper": "letter", "color": "bw", "exercises": "4", "digits": "0,3", "seed": "7"}
    answer = client.post("/api/kit", data=options, files={"roster": ("", b"")})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    expected = cli_kit(tmp_path / "cli", "--lang", "en", "--paper", "letter", "--bw", "--exercises", "4",
                       "--digits", "0,3", "--seed", "7")  # fmt: skip
    assert unzip(answer.content) == expected
    # The same options again: the same zip, byte for byte.
    assert client.post("/api/kit", data=options).content == answer.content


def test_class_kit_from_a_roster_is_the_command_line_class_kit(client, tmp_path):
    roster = "Prénom\nAda\nBen\nChloé\nDavid\nEmma\nFarid\nGina\nHugo\nInès\nJules\nKim\nLéo\n".encode()
    (tmp_path / "ce2-b.csv").write_bytes(roster)
    answer = client.post("/api/kit", data={"group": "CE2 B", "exercises": "2"},
                         files={"roster": ("ce2-b.csv", roster, "text/csv")})  # fmt: skip
    assert answer.status_code == 200, answer.text
    expected = cli_kit(tmp_path / "cli", "--roster", str(tmp_path / "ce2-b.csv"), "--group", "CE2 B", "--exercises", "2")
    assert set(expected) >= {"pupils.pdf", "teacher.pdf", "roles.pdf"}
    assert unzip(answer.content) == expected


def test_exercises_file_upload_gives_the_command_line_kit(client, tmp_path):
    document = {"format": "neurones-exercises", "version": 1, "grid": {"rows": 10, "cols": 10},
                "exercises": [{"id": "ring", "label": 0, "ink": [[int(c == "#") for c in row] for row in ZERO.split()]}]}
    raw = json.dumps(document).encode()
    (tmp_path / "mine.json").write_bytes(raw)
    answer = client.post("/api/kit", files={"exercises_from": ("mine.json", raw, "application/json")})
    assert answer.status_code == 200, answer.text
    assert unzip(answer.content) == cli_kit(tmp_path / "cli", "--exercises-from", str(tmp_path / "mine.json"))


def test_activity_upload_gives_the_command_line_kit(client, tmp_path):
    from generator.resources import default_activity_path

    raw = default_activity_path().read_text(encoding="utf-8").replace('threshold = 17', 'threshold = 18', 1).encode()
    assert raw != default_activity_path().read_bytes()  # C learned, as in the unplugged round
    (tmp_path / "learned.toml").write_bytes(raw)
    answer = client.post("/api/kit", data={"exercises": "3"}, files={"activity": ("learned.toml", raw, "text/plain")})
    assert answer.status_code == 200, answer.text
    got = unzip(answer.content)
    assert got == cli_kit(tmp_path / "cli", "--exercises", "3", "--activity", str(tmp_path / "learned.toml"))
    assert got != unzip(client.post("/api/kit", data={"exercises": "3"}).content)


def test_counts_file_upload_gives_the_command_line_kit(client, tmp_path):
    raw = b"6,4,9,6,6,7,0\n2,8,3,9,5,1\n"
    (tmp_path / "counts.csv").write_bytes(raw)
    answer = client.post("/api/kit", data={"lang": "en"}, files={"counts_file": ("counts.csv", raw, "text/csv")})
    assert answer.status_code == 200, answer.text
    assert unzip(answer.content) == cli_kit(tmp_path / "cli", "--lang", "en", "--counts-file", str(tmp_path / "counts.csv"))


def test_previews_show_the_first_page_of_every_pdf(client, tmp_path):
    from PIL import Image
    import base64

    from generator import cli

    answer = client.post("/api/preview", data={"exercises": "2"}).json()
    shown = {f["name"]: f for f in answer["files"]}
    assert cli.main(["kit", "--exercises", "2", "--out", str(tmp_path / "kit")]) == 0
    assert set(shown) == {p.name for p in (tmp_path / "kit").iterdir()}  # every file `neurones kit` writes
    assert shown["sheets.pdf"]["pages"] == 2 and "png" not in shown["key.json"]
    picture = Image.open(io.BytesIO(base64.b64decode(shown["cards.pdf"]["png"])))
    assert picture.width == 420 and picture.height > picture.width  # a portrait page
    assert picture.convert("L").getextrema()[0] < 80  # something is printed on it


def test_digit_from_a_text_grid_is_digit_and_key_of_the_command_line(client, tmp_path):
    (tmp_path / "zero.txt").write_text(ZERO)
    answer = client.post("/api/digit", data={"text": ZERO, "label": "0"})
    assert answer.status_code == 200, answer.text
    got = answer.json()
    digit = cli_json("digit", "--text", str(tmp_path / "zero.txt"), "--json", "-")
    assert got["ink"] == digit["ink"] and got["counts"] == digit["counts"]
    counts = ",".join(str(n) for n in digit["counts"].values())
    key = cli_json("key", "--counts", counts, "--json", "-")["exercises"][0]
    assert {k: got[k] for k in ("hidden", "outputs", "answer")} == {k: key[k] for k in ("hidden", "outputs", "answer")}
    assert got["label"] == 0


def test_digit_keeps_a_digit_the_network_never_learned_as_the_command_line_does(client, tmp_path):
    """`digit --label 8` is accepted (the verdict says the network never learned it): so is the web page's label 8."""
    answer = client.post("/api/digit", data={"text": ZERO, "label": "8"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["label"] == 8
    (tmp_path / "zero.txt").write_text(ZERO)
    cli_json("digit", "--text", str(tmp_path / "zero.txt"), "--label", "8", "--json", "-")  # exit 0, like the page


def test_digit_from_a_photo_uses_the_command_line_importer(client, tmp_path):
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 500), "white")
    ImageDraw.Draw(picture).ellipse((90, 60, 310, 440), outline="black", width=28)
    picture.save(tmp_path / "photo.jpg", quality=90)
    raw = (tmp_path / "photo.jpg").read_bytes()
    got = client.post("/api/digit", files={"image": ("photo.jpg", raw, "image/jpeg")}).json()
    digit = cli_json("digit", "--image", str(tmp_path / "photo.jpg"), "--json", "-")
    assert got["ink"] == digit["ink"] and got["counts"] == digit["counts"]
    assert sum(map(sum, got["ink"])) > 10


def test_key_from_counts_is_the_worked_example(client):
    got = client.post("/api/key", json={"counts": [6, 4, 9, 6, 6, 7]}).json()
    # docs/design.md's worked example: A 7→0, B 3→0, C 21→4, D 5→0, E 19→3, F 7→2; vert 9→3, others 0 → a 0.
    assert [(s["neuron"], s["result"], s["output"]) for s in got["hidden"]] == [
        ("A", 7, 0), ("B", 3, 0), ("C", 21, 4), ("D", 5, 0), ("E", 19, 3), ("F", 7, 2)]  # fmt: skip
    assert [(s["neuron"], s["result"], s["output"]) for s in got["outputs"]] == [
        ("vert", 9, 3), ("bleu", -7, 0), ("rose", -3, 0), ("jaune", 1, 0)]  # fmt: skip
    assert got["answer"] == {"kind": "digit", "digits": [0]}
    assert got["counts"] == {"😇": 6, "🚀": 4, "🍕": 9, "🐱": 6, "😍": 6, "👽": 7}


def shape(answer: httpx.Response) -> dict:
    body = answer.json()
    assert set(body) == {"error", "message"} and "\n" not in body["message"], body
    assert "Traceback" not in body["message"] and "neurones-web-" not in body["message"]
    return body


def test_a_bad_roster_gives_its_message_in_the_chosen_language(client):
    roster = {"roster": ("classe.csv", b"nom\n\n#\n", "text/csv")}
    for lang in ("fr", "en"):
        answer = client.post("/api/kit", data={"lang": lang}, files=roster)
        assert answer.status_code == 400
        assert shape(answer) == {"error": "roster.empty", "message": message(lang, "roster.empty", file="classe.csv")}
    # The page's language (?lang=) goes before the kit's: an English page making a French kit.
    answer = client.post("/api/kit?lang=en", data={"lang": "fr"}, files=roster)
    assert shape(answer)["message"] == message("en", "roster.empty", file="classe.csv")


def test_language_comes_from_the_browser_when_not_chosen(client):
    for header, lang in (("en-GB,en;q=0.9", "en"), ("de-DE,fr;q=0.8,en;q=0.5", "fr")):
        answer = client.post("/api/key", json={"counts": [1]}, headers={"Accept-Language": header})
        assert answer.status_code == 400
        assert shape(answer)["message"] == message(lang, "counts.how_many", where="counts", expected=6, found=1)


@pytest.mark.parametrize(
    "path, kwargs, status, code",
    [
        ("/api/kit", {"data": {"exercises": "huit"}}, 422, "web.not_whole"),
        ("/api/kit", {"data": {"paper": "a3"}}, 422, "web.choice"),
        ("/api/kit", {"data": {"students": "900"}}, 400, "class.students_range"),
        ("/api/kit", {"data": {"exercises": "5000"}}, 400, "cli.exercises_range"),
        ("/api/kit", {"files": {"activity": ("mine.toml", b"[activity\n", "text/plain")}}, 400, "activity.bad_toml"),
        ("/api/kit", {"files": {"activity": ("a.toml", b'[[emoji]]\nchar = "X"\nsvg = "/etc/x.svg"\n', "text/plain")}},
         400, "web.activity_svg"),
        ("/api/kit", {"content": b"not a form", "headers": {"content-type": "text/plain"}}, 422, "web.not_a_form"),
        ("/api/digit", {"data": {}}, 422, "web.digit_source"),
        ("/api/digit", {"data": {"text": "#.#\n"}}, 400, "digit.text_cols"),
        ("/api/digit", {"data": {"text": ZERO, "label": "zéro"}}, 400, "digit.bad_label"),
        ("/api/digit", {"files": {"image": ("notes.png", b"not a picture", "image/png")}}, 400, "image.unreadable"),
        ("/api/key", {"content": b"{counts: 6}"}, 422, "web.counts_json"),
        ("/api/key", {"json": {"counts": [6, 4, 9, 6, 6, 99]}}, 400, "counts.too_many"),
        ("/api/key", {"json": [6, 4, 9, 6, 6, 7]}, 422, "web.counts_json"),
    ],
)
def test_bad_input_is_a_4xx_with_its_code_and_message(client, path, kwargs, status, code):
    answer = client.post(path, **kwargs)
    assert answer.status_code == status, answer.text
    assert shape(answer)["error"] == code


def test_uploads_are_capped_in_bytes_and_pixels(client):
    from PIL import Image

    big = client.post("/api/digit", files={"image": ("huge.png", b"\0" * 21_000_000, "image/png")})
    assert big.status_code == 413 and shape(big)["error"] == "web.too_large"
    out = io.BytesIO()
    Image.new("1", (8000, 6000), 1).save(out, format="PNG")  # 48 megapixels in a few kilobytes
    wide = client.post("/api/digit", files={"image": ("wide.png", out.getvalue(), "image/png")})
    assert wide.status_code == 413 and shape(wide)["error"] == "image.too_large"


def test_unknown_addresses_and_methods_answer_json(client):
    assert client.get("/nowhere").status_code == 404 and shape(client.get("/nowhere"))["error"] == "web.not_found"
    assert client.get("/api/kit").status_code == 405 and shape(client.get("/api/kit"))["error"] == "web.bad_method"
    assert client.get("/emoji/..%2Factivity.svg").status_code == 404


def test_pages_come_in_both_languages(client):
    for lang, heading in (("fr", "Préparer un kit à imprimer"), ("en", "Make a kit to print")):
        page = client.get("/", params={"lang": lang})
        assert page.status_code == 200 and f'<html lang="{lang}">' in page.text and heading in page.text
    assert '<html lang="en">' in client.get("/draw", headers={"Accept-Language": "en-US"}).text


def test_no_upload_is_left_behind(server, client):
    client.post("/api/kit", data={"exercises": "1"}, files={"roster": ("r.csv", b"Ada\nBen\n", "text/csv")})
    client.post("/api/digit", files={"image": ("x.png", b"junk", "image/png")})
    assert not list(server[1].glob("neurones-web-*"))


def test_uploaded_names_never_leave_the_request_folder():
    assert safe_name("../../etc/passwd", "roster.csv") == "passwd"
    assert safe_name("C:\\Users\\me\\classe 5e.csv", "roster.csv") == "classe 5e.csv"
    assert safe_name("..", "roster.csv") == "roster.csv"
    assert safe_name("a/b/..", "x") == "x"


def test_accept_language_weights():
    assert from_accept_language("en;q=0.4, fr;q=0.9") == "fr"
    assert from_accept_language("es, en-US;q=0.8") == "en"
    assert from_accept_language(None) == "fr"


def test_help_does_not_import_the_server():
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "from generator.cli import main; main(['--help'])"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0
    loaded = done.stderr
    assert "generator.cli" in loaded
    for heavy in ("starlette", "uvicorn", "multipart", "pypdfium2"):
        assert heavy not in loaded, heavy


def test_a_killed_kit_worker_is_replaced_and_the_kit_still_made(server, client):
    """Last in this file: it kills one of this test server's kit workers."""
    import os
    import signal
    import time

    workers = kit_workers(server[2])
    assert len(workers) >= 1
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(0.5)
    answer = client.post("/api/kit", data={"seed": "31"})  # meets the dead worker: asked again of fresh ones
    assert answer.status_code == 200, answer.text
    assert unzip(answer.content)["key.json"]
    assert len(kit_workers(server[2])) >= 1 and workers[0] not in kit_workers(server[2])
