"""`neurones serve`: start the web app on this computer and open it in the browser."""

from __future__ import annotations

import socket
import threading
import webbrowser

from ..errors import UserError, message


def check_port(host: str, port: int) -> None:
    """Fail with a clear message before starting if the address cannot be used."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise UserError("web.port_busy", host=host, port=port, reason=error.strerror or error) from None


def run_server(*, host: str = "127.0.0.1", port: int = 8000, browser: bool = True, lang: str = "fr") -> None:
    import uvicorn

    from .app import create_app

    check_port(host, port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/?lang={lang}"
    print(message(lang, "web.serving", url=url), flush=True)
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
