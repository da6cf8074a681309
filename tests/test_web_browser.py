"""The three pages in a real browser (the system's Chromium driven by Playwright), against a real server."""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

import pytest

from generator.activity import load_activity
from generator.digits import read_exercises_file
from generator.errors import message
from generator.web.pages import web_words

from .web_helpers import cli_json, cli_kit, running_server, unzip

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def chromium_path() -> str | None:
    for candidate in (os.environ.get("NEURONES_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):  # fmt: skip
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        message_ = "Chromium not found: apt-get install -y chromium (or set NEURONES_CHROMIUM)"
        if os.environ.get("NEURONES_REQUIRE_BROWSER") or os.environ.get("CI"):  # CI must run them
            pytest.fail(message_)
        pytest.skip(message_)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server():
    with running_server() as (url, _, _):
        yield url


@pytest.fixture
def page(browser, server):
    """A fresh page (its own storage); any console error or page error fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.server = server
    page.expected_status = set()  # a test expecting an API error says so; Chromium logs every 4xx
    yield page
    context.close()
    expected = {f"console error: Failed to load resource: the server responded with a status of {status}"
                for status in page.expected_status}  # fmt: skip
    assert [p for p in problems if not any(p.startswith(e) for e in expected)] == []


def test_no_console_error_on_any_page(page):
    for path in ("/", "/draw", "/board"):
        for lang in ("fr", "en"):
            page.goto(f"{page.server}{path}?lang={lang}")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("h1").count() == 1 and page.locator("main").count() == 1


def test_the_form_downloads_the_command_line_kit(page, tmp_path):
    page.goto(page.server + "/?lang=en")
    page.select_option("#lang", "en")
    page.check("input[name=color][value=bw]")
    page.fill("#exercises", "3")
    page.fill("#seed", "11")
    with page.expect_download() as waiting:
        page.click("#download")
    download = waiting.value
    assert download.suggested_filename == "neurones-kit.zip"
    got = unzip(Path(download.path()).read_bytes())
    assert got == cli_kit(tmp_path / "cli", "--lang", "en", "--bw", "--exercises", "3", "--seed", "11")
    said = web_words("en")["kit"]["downloaded"].format(name="neurones-kit.zip")
    assert page.locator("#status").inner_text() == said


def test_a_bad_roster_shows_its_message(page, tmp_path):
    page.expected_status = {400}
    page.goto(page.server + "/?lang=en")
    page.set_input_files("#roster", files=[{"name": "classe.csv", "mimeType": "text/csv", "buffer": b"nom\n\n"}])
    page.click("#download")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert error.inner_text() == message("en", "roster.empty", file="classe.csv")
    assert error.get_attribute("role") == "alert"


def draw_zero(page) -> None:
    """A 0 drawn with the mouse: one oval stroke, and a second stroke closing it."""
    box = page.locator("#pad").bounding_box()
    cx, cy = box["x"] + box["width"] * 0.48, box["y"] + box["height"] * 0.5
    rx, ry = box["width"] * 0.22, box["height"] * 0.34
    points = [(cx + rx * math.cos(2 * math.pi * i / 36), cy + ry * math.sin(2 * math.pi * i / 36)) for i in range(37)]
    page.mouse.move(*points[0])
    page.mouse.down()
    for x, y in points[1:30]:
        page.mouse.move(x, y, steps=2)
    page.mouse.up()
    page.mouse.move(*points[29])
    page.mouse.down()
    for x, y in points[30:]:
        page.mouse.move(x, y, steps=2)
    page.mouse.up()


def page_counts(page) -> dict[str, int]:
    cells = page.locator("#counts td[data-emoji]")
    return {cells.nth(i).get_attribute("data-emoji"): int(cells.nth(i).inner_text()) for i in range(cells.count())}


def test_a_drawn_zero_gets_the_answer_of_the_command_line(page, tmp_path):
    page.goto(page.server + "/draw?lang=en")
    page.wait_for_load_state("networkidle")
    draw_zero(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#answer[data-kind]")
    page.wait_for_timeout(300)  # the last stroke's answer
    grid = page.locator("#ink-text").text_content()
    (tmp_path / "drawn.txt").write_text(grid)
    digit = cli_json("digit", "--text", str(tmp_path / "drawn.txt"), "--json", "-")
    assert sum(map(sum, digit["ink"])) >= 16  # a real ring of cells
    assert page_counts(page) == digit["counts"]
    key = cli_json("key", "--counts", ",".join(map(str, digit["counts"].values())), "--json", "-")["exercises"][0]
    answer = page.locator("#answer")
    assert answer.get_attribute("data-kind") == key["answer"]["kind"]
    assert answer.get_attribute("data-digits") == ",".join(map(str, key["answer"]["digits"]))
    for step in key["hidden"] + key["outputs"]:
        row = page.locator(f"tr[data-neuron='{step['neuron']}']")
        assert row.locator("td.result").inner_text().replace("\u2212", "-") == str(step["result"])
    # The keyboard draws too: Space inks the cell under the cursor, and the counts follow.
    before = sum(page_counts(page).values())
    page.focus("#pad")
    page.keyboard.press("Home")
    for key_name in ["ArrowUp"] * 9 + ["ArrowLeft"] * 9:
        page.keyboard.press(key_name)
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelectorAll('#counts td[data-emoji]').length && "
                           f"[...document.querySelectorAll('#counts td[data-emoji]')].reduce((s, c) => s + Number(c.textContent), 0) === {before + 1}")  # fmt: skip
    # Kept in the browser, and downloadable as an exercises file `--exercises-from` reads.
    page.click("#add")
    assert page.locator("#mine li").count() == 1
    with page.expect_download() as waiting:
        page.click("#download-list")
    (tmp_path / "mine.json").write_bytes(Path(waiting.value.path()).read_bytes())
    [kept] = read_exercises_file(tmp_path / "mine.json", load_activity())
    assert kept.id == "drawing-01" and sum(kept.counts) == before + 1
    # Sent straight into the kit form: the kit made from it is the command line's kit of that file.
    page.click("#send-to-kit")
    page.wait_for_selector("#use-drawn:checked")
    with page.expect_download() as waiting:
        page.click("#download")
    got = unzip(Path(waiting.value.path()).read_bytes())
    assert got == cli_kit(tmp_path / "kit", "--lang", "en", "--exercises-from", str(tmp_path / "mine.json"))


def test_the_board_flags_a_wrong_number_and_says_what_to_check(page, tmp_path):
    key = cli_json("key", "--json", "-")["exercises"][0]  # the default kit's first exercise
    page.goto(page.server + "/board?lang=en")
    page.wait_for_selector("#step-body input.cell")
    assert key["id"] in page.locator("#step-count").inner_text()
    angel = "😇"
    right = key["counts"][angel]
    cell = page.locator(f"[id='cell-count-{angel}']")
    cell.fill(str(right + 1))
    cell.press("Enter")
    assert cell.get_attribute("aria-invalid") == "true" and "wrong" in cell.get_attribute("class")
    feedback = page.locator("#feedback")
    assert f"{right + 1}, the key says {right}: recount" in feedback.inner_text()
    # Neuron A uses 😇: its result, typed wrong, sends the teacher back to the 😇 count.
    page.locator("h2").click()
    page.keyboard.press("ArrowRight")
    assert page.locator("#step-title").inner_text() == "Neuron A"
    result = page.locator("[id='cell-result-A']")
    wrong = key["hidden"][0]["result"] + 2
    result.fill(str(wrong))
    result.press("Enter")
    assert result.get_attribute("aria-invalid") == "true"
    assert f"A: {wrong}, the key says {key['hidden'][0]['result']}: recount" in feedback.inner_text()
    assert feedback.locator("img[alt='angel']").count() == 1
    # The right number is marked right.
    result.fill(str(key["hidden"][0]["result"]))
    result.press("Enter")
    assert result.get_attribute("aria-invalid") == "false" and feedback.inner_text() == "Right."

    # A kit's key.json, uploaded: the worked example, where C's result is 21.
    done = cli_json("key", "--counts", "6,4,9,6,6,7", "--json", "-")
    (tmp_path / "key.json").write_text(json.dumps(done))
    page.evaluate("document.getElementById('source').open = true")
    page.set_input_files("#key-file", str(tmp_path / "key.json"))
    page.wait_for_function("document.getElementById('step-count').textContent.startsWith('counts-1')")
    page.locator("h2").click()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.locator("#step-title").inner_text() == "Neuron C"
    c_result = page.locator("[id='cell-result-C']")
    c_result.fill("20")
    c_result.press("Enter")
    assert feedback.inner_text().startswith("C: 20, the key says 21: redo the calculation")
