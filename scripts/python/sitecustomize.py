"""Points a Python HTTP client at the simulators by rewriting hosts at the transport layer, nothing else.

Loaded automatically when this directory is on PYTHONPATH. WATCHSYNC_HOST_REWRITES is a JSON object mapping
origins to base URLs, e.g. {"https://plex.tv": "http://127.0.0.1:40001"}: every request `requests` sends to
https://plex.tv/... goes to http://127.0.0.1:40001/... instead, path and query unchanged. The client's own
logic (what it asks, how it parses) is untouched; only the socket's destination changes. Without the variable
this module does nothing.
"""

import json
import os


def _install():
    raw = os.environ.get("WATCHSYNC_HOST_REWRITES")
    if not raw:
        return
    rewrites = {origin.rstrip("/"): base.rstrip("/") for origin, base in json.loads(raw).items()}
    try:
        from requests.adapters import HTTPAdapter
    except ImportError:
        return

    original_send = HTTPAdapter.send

    def send(self, request, *args, **kwargs):
        for origin, base in rewrites.items():
            if request.url == origin or request.url.startswith(origin + "/") or request.url.startswith(origin + "?"):
                request.url = base + request.url[len(origin):]
                # The Host header follows the new URL; a stale explicit one would name the real service.
                request.headers.pop("Host", None)
                break
        return original_send(self, request, *args, **kwargs)

    HTTPAdapter.send = send


_install()
