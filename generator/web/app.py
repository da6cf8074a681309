"""The Starlette application: three pages and the API of docs/design.md (GET /, POST /api/kit, /api/digit, /api/key)."""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import UserError
from .answers import activity_json, default_activity, digit_answer, key_answer, kit_key_json
from .kit_form import kit_options, whole
from .kit_maker import KitMaker
from .language import choose_language
from .pages import render_page
from .problems import WebError, problem
from .uploads import read_body, read_form

HERE = Path(__file__).resolve().parent
log = logging.getLogger("neurones.web")


def page_language(request: Request, fields: dict | None = None) -> str:
    """?lang= (the page's language) first, then the form's `lang`, then the browser's languages."""
    chosen = request.query_params.get("lang") or (fields or {}).get("lang")
    return choose_language(chosen, request.headers.get("accept-language"))


def error_response(error: UserError, lang: str) -> JSONResponse:
    status, body = problem(error, lang)
    return JSONResponse(body, status_code=status)


def page(name: str):
    async def show(request: Request) -> HTMLResponse:
        lang = page_language(request)
        return HTMLResponse(render_page(name, lang, activity=activity_json(lang)),
                            headers={"Content-Language": lang})  # fmt: skip

    return show


async def api_kit(request: Request) -> Response:
    """The kit as a zip, the same files as `neurones kit` with the same options."""
    return await _kit(request, previews=False)


async def api_preview(request: Request) -> Response:
    """The kit's files with the first page of each PDF as a PNG (the form's previews)."""
    return await _kit(request, previews=True)


async def _kit(request: Request, *, previews: bool) -> Response:
    lang = page_language(request)
    try:
        fields, uploads = await read_form(request)
        lang = page_language(request, fields)
        options, kit_uploads = kit_options(fields, uploads)
    except UserError as error:
        return error_response(error, lang)
    result = await request.app.state.kits.make(options, kit_uploads, previews=previews, message_lang=lang)
    if "files" not in result:
        return JSONResponse(result["body"], status_code=result["status"])
    if previews:
        shown = result["previews"]
        return JSONResponse({"files": [{"name": name, "bytes": len(data), **shown.get(name, {})}
                                       for name, data in result["files"].items()]})  # fmt: skip
    name = "neurones-kit.zip"
    return Response(result["zip"], media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


async def api_digit(request: Request) -> Response:
    lang = page_language(request)
    try:
        fields, uploads = await read_form(request)
        lang = page_language(request, fields)
        return JSONResponse(await run_in_threadpool(digit_answer, fields, uploads))
    except UserError as error:
        return error_response(error, lang)


async def api_key(request: Request) -> Response:
    lang = page_language(request)
    try:
        body = await read_body(request)
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise WebError(422, "web.counts_json", example='{"counts": [6, 4, 9, 6, 6, 7]}') from None
        if isinstance(document, dict):
            lang = page_language(request, document)
        return JSONResponse(key_answer(document))
    except UserError as error:
        return error_response(error, lang)


async def api_kit_key(request: Request) -> Response:
    """GET /api/kit-key?exercises=&digits=&seed=: key.json of that default kit, for the board to pick from."""
    lang = page_language(request)
    query = dict(request.query_params)
    try:
        seed = whole(query, "seed", least=0, default=2026)
        number = whole(query, "exercises", least=1, default=None)
        document = await run_in_threadpool(kit_key_json, number, query.get("digits") or None, seed)
        return JSONResponse(document)
    except UserError as error:
        return error_response(error, lang)


async def emoji_art(request: Request) -> Response:
    """The activity's emoji drawings (bundled OpenMoji), looked up by code, never by a path from the request."""
    arts = request.app.state.emoji_art
    path = arts.get(request.path_params["code"])
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


def emoji_files() -> dict[str, Path]:
    from ..render.emoji import emoji_hex, resolve

    arts = {}
    for emoji in default_activity().emoji:
        path = resolve(emoji.char, color=True, svg=emoji.svg)
        if path is not None:
            arts[emoji_hex(emoji.char)] = path
    return arts


async def not_found(request: Request, exc: HTTPException) -> Response:
    code = "web.not_found" if exc.status_code == 404 else "web.bad_method"
    status, body = problem(WebError(exc.status_code, code), page_language(request))
    return JSONResponse(body, status_code=exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    status, body = problem(WebError(500, "web.internal"), page_language(request))
    return JSONResponse(body, status_code=500)


def create_app(*, workers: int | None = None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.kits = KitMaker(workers)
        app.state.kits.warm()
        app.state.emoji_art = emoji_files()
        try:
            yield
        finally:
            app.state.kits.close()

    routes = [
        Route("/", page("kit")),
        Route("/draw", page("draw")),
        Route("/board", page("board")),
        Route("/api/kit", api_kit, methods=["POST"]),
        Route("/api/preview", api_preview, methods=["POST"]),
        Route("/api/digit", api_digit, methods=["POST"]),
        Route("/api/key", api_key, methods=["POST"]),
        Route("/api/kit-key", api_kit_key, methods=["GET"]),
        Route("/emoji/{code:str}.svg", emoji_art),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers = {HTTPException: not_found, Exception: server_error}
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers=handlers)
