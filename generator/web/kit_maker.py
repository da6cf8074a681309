"""Kits for the server: cached, shared between identical requests, made in worker processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .kit_jobs import KitCache, kit_key, make_kit, warm_up
from .uploads import Upload


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


class KitMaker:
    """make(options, uploads, previews=, message_lang=) → the worker's answer; a kit asked twice is made once."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.pool = self._new_pool()
        self.cache = KitCache()
        self._running: dict[tuple[str, bool, str], asyncio.Future] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: workers start clean, never a fork of the server's threads.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def warm(self) -> None:
        """Start every worker and let it load fonts and page code before the first teacher asks."""
        for _ in range(self.workers):
            self.pool.submit(warm_up)

    async def make(self, options: dict, uploads: dict[str, Upload], *, previews: bool, message_lang: str) -> dict:
        key = kit_key(options, uploads)
        done = self.cache.get(key)
        if done is not None and (done["previews"] is not None or not previews):
            return done
        try:
            result = await self._run(key, options, uploads, previews, message_lang)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): fresh workers, and the kit is asked once more.
            result = await self._run(key, options, uploads, previews, message_lang)
        if "files" in result:
            self.cache.put(key, result)
        return result

    async def _run(self, key: str, options: dict, uploads: dict[str, Upload], previews: bool, message_lang: str):
        job = (key, previews, message_lang)
        running = self._running.get(job)
        pool = self.pool
        try:
            if running is None:
                running = asyncio.get_running_loop().run_in_executor(pool, make_kit, options, uploads, previews,
                                                                     message_lang)  # fmt: skip
                self._running[job] = running
                running.add_done_callback(lambda _: self._running.pop(job, None))
            return await asyncio.shield(running)
        except BrokenProcessPool:
            if self.pool is pool:
                self.pool = self._new_pool()
                pool.shutdown(wait=False)
            raise

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)  # workers end with the server

    def __repr__(self) -> str:
        return f"KitMaker({self.workers} workers, {self.cache!r})"
