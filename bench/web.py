"""Web app: `neurones serve` under a class's load, on the loopback address only.

Starts its own server (127.0.0.1, a free port), then:
  1. one default kit, the first one asked (made, not cached): goal < 1 s;
  2. 20 clients at once, each asking for 5 default kits: p95 < 3 s, no error;
  3. 20 clients at once, each asking for one kit of its own (20 different seeds,
     nothing to share or cache): how long the slowest teachers wait;
  4. 20 drawing clients at once, each posting 50 digits: p95 < 100 ms, no error;
and the server's memory (its process and its kit workers) before and after:
back within 10 %. Every request has a timeout; the server is stopped at the end.

    python bench/web.py
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, neurones, print_table  # noqa: E402

HOST = "127.0.0.1"  # loopback only: the bench never listens beyond this computer
CLIENTS = 20
KITS_EACH = 5
DIGITS_EACH = 50
TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def memory_kib(pid: int) -> int:
    """Resident memory of a process and its children (the kit workers), in KiB."""
    total = 0
    family = {pid} | children(pid)
    for each in family:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            found |= {child} | children(child)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def digit_texts(count: int, seed: int) -> list[str]:
    """Rings and strokes of various sizes on the 10 × 10 grid, as pupils draw them."""
    import numpy as np

    rng = np.random.default_rng(seed)
    texts = []
    for _ in range(count):
        grid = rng.random((10, 10)) < rng.uniform(0.15, 0.45)
        grid[rng.integers(10), rng.integers(10)] = True  # never blank
        texts.append("\n".join("".join("#" if c else "." for c in row) for row in grid) + "\n")
    return texts


def load(url: str, jobs: list[list[tuple[str, dict, dict]]]) -> tuple[list[float], int, float]:
    """Each client posts its list of (path, data, files) in turn, all clients at once: latencies, errors, wall time."""
    import httpx

    def client(requests):
        times, errors = [], 0
        with httpx.Client(base_url=url, timeout=TIMEOUT) as http:
            for path, data, files in requests:
                start = time.perf_counter()
                try:
                    answer = http.post(path, data=data, files=files or None)
                    ok = answer.status_code == 200 and len(answer.content) > 0
                except httpx.HTTPError:
                    ok = False
                times.append(time.perf_counter() - start)
                errors += not ok
        return times, errors

    start = time.perf_counter()
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(client, jobs))
    wall = time.perf_counter() - start
    return [t for times, _ in results for t in times], sum(e for _, e in results), wall


def figures() -> list[Figure]:
    import httpx

    port = free_port()
    url = f"http://{HOST}:{port}"
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([*neurones(), "serve", "--no-browser", "--host", HOST, "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("the server did not start: " + log.read().decode())
                time.sleep(0.2)
        time.sleep(3)  # let the kit workers finish warming up (fonts, page code), as before a lesson

        with httpx.Client(base_url=url, timeout=TIMEOUT) as http:
            start = time.perf_counter()
            first = http.post("/api/kit", data={})
            first_kit = time.perf_counter() - start
            assert first.status_code == 200, first.text
            http.post("/api/digit", data={"text": digit_texts(1, 0)[0]}).raise_for_status()
        before = memory_kib(server.pid)

        kits, kit_errors, kit_wall = load(url, [[("/api/kit", {}, {})] * KITS_EACH for _ in range(CLIENTS)])
        own, own_errors, own_wall = load(url, [[("/api/kit", {"seed": str(1000 + i)}, {})] for i in range(CLIENTS)])
        texts = digit_texts(CLIENTS * DIGITS_EACH, 2026)
        drawing = [[("/api/digit", {"text": t}, {}) for t in texts[i * DIGITS_EACH : (i + 1) * DIGITS_EACH]]
                   for i in range(CLIENTS)]  # fmt: skip
        digits, digit_errors, digit_wall = load(url, drawing)
        time.sleep(1)
        after = memory_kib(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    def line(name, times, errors, wall):
        print(f"{name}: {len(times)} requests, median {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {percentile(times, 0.95) * 1000:.0f} ms, {len(times) / wall:.1f} requests/s, {errors} errors",
              file=sys.stderr)  # fmt: skip

    print(f"web: one default kit (first, made not cached): {first_kit * 1000:.0f} ms", file=sys.stderr)
    line(f"web: {CLIENTS} clients × {KITS_EACH} default kits", kits, kit_errors, kit_wall)
    line(f"web: {CLIENTS} clients × 1 kit each, all different", own, own_errors, own_wall)
    line(f"web: {CLIENTS} drawing clients × {DIGITS_EACH} digits", digits, digit_errors, digit_wall)
    print(f"web: server memory {before / 1024:.0f} MiB before, {after / 1024:.0f} MiB after", file=sys.stderr)
    return [
        Figure("web: one default kit", first_kit, "s", 1.0),
        Figure("web: default kits p95, 20 clients", percentile(kits, 0.95), "s", 3.0),
        Figure("web: default kits per second", len(kits) / kit_wall, "/s", 1.0, higher_is_better=True),
        Figure("web: different kits p95, 20 clients", percentile(own, 0.95), "s", 3.0),
        Figure("web: digit answer p95, 20 clients", percentile(digits, 0.95) * 1000, "ms", 100),
        Figure("web: digit answers per second", len(digits) / digit_wall, "/s", 50, higher_is_better=True),
        Figure("web: errors", kit_errors + own_errors + digit_errors, "", 0.5),
        Figure("web: memory after / before", after / before, "×", 1.10),
    ]


if __name__ == "__main__":
    print_table(figures())
