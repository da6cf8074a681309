import shutil
from pathlib import Path

import pytest

from generator.activity import load_activity


@pytest.fixture(scope="session")
def activity():
    return load_activity()


@pytest.fixture
def activity_file(tmp_path):
    """A writable copy of the bundled activity file, to break in tests."""
    from generator.resources import default_activity_path

    target = tmp_path / "activity.toml"
    shutil.copy(default_activity_path(), target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to assert nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- every PDF the suite makes is opened strictly and rendered --------------------

_made_pdfs: list[bytes] = []
_checked: set[str] = set()


@pytest.fixture(scope="session", autouse=True)
def _collect_pdfs():
    """Watch every ReportLab canvas the suite saves (the real one, wrapped, not replaced)."""
    from reportlab.pdfgen.canvas import Canvas

    original = Canvas.save

    def save_and_keep(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        target = getattr(self, "_filename", None)
        if hasattr(target, "getvalue"):
            _made_pdfs.append(target.getvalue())
        elif isinstance(target, (str, Path)) and Path(target).is_file():
            _made_pdfs.append(Path(target).read_bytes())
        return result

    Canvas.save = save_and_keep
    yield
    Canvas.save = original


@pytest.fixture(autouse=True)
def _every_pdf_opens_strictly_and_renders(request):
    """After each test: its PDFs (made in process, or written under tmp_path by a subprocess)
    open with pypdf in strict mode and every page renders with pypdfium2."""
    _made_pdfs.clear()
    tmp_path = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    made = list(_made_pdfs)
    if tmp_path is not None:
        made += [p.read_bytes() for p in tmp_path.rglob("*.pdf")]
    for data in made:
        check_pdf(data)


def check_pdf(data: bytes) -> None:
    import hashlib
    import io

    import pypdfium2
    from pypdf import PdfReader

    digest = hashlib.sha256(data).hexdigest()
    if digest in _checked:
        return
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        page.extract_text()
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=0.08)
            assert bitmap.width > 0 and bitmap.height > 0
    finally:
        document.close()
    _checked.add(digest)
