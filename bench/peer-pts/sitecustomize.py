"""Points PlexTraktSync at the watchsync simulator at the transport layer, leaving PTS's own logic untouched.

Python imports this module at start-up when its folder is on PYTHONPATH. Every request that `requests` sends
(pytrakt, python-plexapi and requests-cache all use it) passes through HTTPAdapter.send: a request to a host named
in WATCHSYNC_PEER_HOSTS (a JSON object, host -> simulator base URL) is sent to that URL instead, with its path
and query unchanged. URLs above the adapter (requests-cache keys, PTS's cache policies) keep the real host names.
A request to any other host that is not on loopback is refused, so nothing leaves the machine.
"""

import json
import os
from urllib.parse import urlsplit, urlunsplit

import requests.adapters
import requests.exceptions

_HOSTS = {host: urlsplit(base) for host, base in json.loads(os.environ.get("WATCHSYNC_PEER_HOSTS", "{}")).items()}
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_send = requests.adapters.HTTPAdapter.send


def _send_to_simulator(self, request, *args, **kwargs):
    url = urlsplit(request.url)
    target = _HOSTS.get(url.hostname or "")
    if target is not None:
        request = request.copy()
        request.url = urlunsplit((target.scheme, target.netloc, url.path, url.query, url.fragment))
        request.headers.pop("Host", None)
    elif url.hostname not in _LOOPBACK:
        raise requests.exceptions.ConnectionError(f"watchsync peer benchmark: no simulator for host {url.hostname}")
    return _send(self, request, *args, **kwargs)


if _HOSTS:
    requests.adapters.HTTPAdapter.send = _send_to_simulator
