"""`neurones key` and `neurones check` through typer's runner and a real subprocess."""

import json
import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from generator.cli import app

from .conftest import snapshot

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_key_counts_prints_the_worked_example_json():
    result = run("key", "--counts", "6,4,9,6,6,7", "--json", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (exercise,) = data["exercises"]
    assert exercise["counts"] == {"😇": 6, "🚀": 4, "🍕": 9, "🐱": 6, "😍": 6, "👽": 7}
    assert list(exercise["counts"]) == ["😇", "🚀", "🍕", "🐱", "😍", "👽"]
    assert [(h["neuron"], h["result"], h["output"]) for h in exercise["hidden"]] == [
        ("A", 7, 0), ("B", 3, 0), ("C", 21, 4), ("D", 5, 0), ("E", 19, 3), ("F", 7, 2)
    ]
    assert [(o["neuron"], o["digit"], o["result"], o["output"]) for o in exercise["outputs"]] == [
        ("vert", 0, 9, 3), ("bleu", 3, -7, 0), ("rose", 6, -3, 0), ("jaune", 9, 1, 0)
    ]
    assert exercise["answer"] == {"kind": "digit", "digits": [0]}
    assert exercise["label"] is None


def test_key_counts_file_with_header_labels_and_semicolons(tmp_path):
    f = tmp_path / "classe.csv"
    f.write_text("x0;x1;x2;x3;x4;x5;chiffre\n6;4;9;6;6;7;0\n\n0;0;0;0;0;0;\n", encoding="utf-8")
    result = run("key", "--counts-file", str(f), "--json", "-")
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["exercises"]
    assert first["label"] == 0 and first["answer"] == {"kind": "digit", "digits": [0]}
    assert second["label"] is None and second["answer"] == {"kind": "none", "digits": []}


def test_key_writes_key_json_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "kit"
    assert run("key", "--counts", "6,4,9,6,6,7", "--out", str(out)).exit_code == 0
    written = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert written["exercises"][0]["hidden"][2] == {"neuron": "C", "result": 21, "output": 4}
    before = snapshot(out)
    again = run("key", "--counts", "1,1,1,1,1,1", "--out", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert snapshot(out) == before
    assert run("key", "--counts", "1,1,1,1,1,1", "--out", str(out), "--force").exit_code == 0
    assert snapshot(out) != before


@pytest.mark.parametrize(
    "counts, fragment",
    [
        ("6,4,9,6,6", "5 nombre(s) au lieu de 6"),
        ("6,4,9,6,6,7,1", "7 nombre(s) au lieu de 6"),
        ("6,4,x,6,6,7", "«\u00a0x\u00a0» pour 🍕"),
        ("6,4,-9,6,6,7", "négatif"),
        ("6,4,99,6,6,7", "99 🍕"),
        ("6,4,9.5,6,6,7", "9.5"),
        ("", "0 nombre(s)"),
    ],
)
def test_bad_counts_exit_2_with_one_line(counts, fragment):
    result = run("key", "--counts", counts, "--json", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0]
    assert "Traceback" not in result.output


def test_bad_counts_in_english():
    result = run("key", "--counts", "6,4,x,6,6,7", "--lang", "en", "--json", "-")
    assert result.exit_code == 2
    assert "'x' for 🍕 is not a whole number" in result.stderr


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("6,4,9,6,6,7\n1,2,3\n", "ligne 2"),
        ("6,4,9,6,6,7,5\n", "vrai chiffre «\u00a05\u00a0»"),
        ("# rien\n\n", "aucun exercice"),
        ("6,4,9,6,6,7\n6,4,9,6,6,70\n", "ligne 2\u00a0: 70 👽"),
    ],
)
def test_bad_counts_file_names_the_line(tmp_path, content, fragment):
    f = tmp_path / "counts.csv"
    f.write_text(content, encoding="utf-8")
    result = run("key", "--counts-file", str(f), "--json", "-")
    assert result.exit_code == 2 and fragment in result.stderr, result.stderr


def test_binary_and_missing_counts_files(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)))
    assert "pas un fichier texte" in run("key", "--counts-file", str(binary)).stderr
    assert "introuvable" in run("key", "--counts-file", str(tmp_path / "none.csv")).stderr


def test_check_summarises_the_default_activity():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Neurone F\u00a0: 🐱 + 👽 − 😍\u202f; seuil 5" in result.stdout
    assert "Neurone vert (chiffre 0)\u00a0: C + E + F − A − B − D\u202f; seuil 6" in result.stdout


def test_check_lists_every_problem(activity_file):
    text = activity_file.read_text(encoding="utf-8")
    text = text.replace('threshold = 17', 'threshold = "dix-sept"')
    text = text.replace('weights = { "🐱" = 1, "😍" = -1, "👽" = 1 }', 'weights = { "🐱" = 1, "🐶" = -1 }')
    text = text.replace('digit = 9', 'digit = 3')
    activity_file.write_text(text, encoding="utf-8")
    result = run("check", "--activity", str(activity_file))
    assert result.exit_code == 2
    assert "3\u00a0problème(s)" in result.stderr  # a number bound to what it counts
    assert "C.threshold" in result.stderr and "🐶" in result.stderr and "output.digit" in result.stderr


@pytest.mark.skipif(shutil.which("neurones") is None, reason="the console script is not installed")
def test_installed_console_script_from_another_directory(tmp_path):
    counts = tmp_path / "many.csv"
    counts.write_text("6,4,9,6,6,7\n2,9,5,5,5,6,3\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        ["neurones", "key", "--counts-file", str(counts), "--json", "-"],
        cwd=tmp_path, capture_output=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["exercises"][0]["outputs"][0]["output"] == 3
    bad = subprocess.run(
        ["neurones", "key", "--counts", "1,2"], cwd=tmp_path, capture_output=True, env=env, timeout=60
    )
    assert bad.returncode == 2
    assert b"Traceback" not in bad.stderr and len(bad.stderr.decode().strip().splitlines()) == 1
    usage = subprocess.run(["neurones", "key", "--paper", "a5"], cwd=tmp_path, capture_output=True, env=env)
    assert usage.returncode == 2 and len(usage.stderr.decode().strip().splitlines()) == 1
