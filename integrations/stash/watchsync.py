#!/usr/bin/env python3
"""watchsync's Stash plugin (raw interface): forwards hook events and tasks to the watchsync bridge.

Stash runs this script with a JSON document on stdin (server_connection, args). Only the hook context (scene id,
hook type, the names of the changed fields) or the task name is sent on: never Stash's session cookie. Settings
come from watchsync.json next to this file, or from the environment:

  {"bridge_url": "http://192.168.1.20:8787", "secret": "<bridge.stash_hook_secret>"}
  WATCHSYNC_BRIDGE_URL, WATCHSYNC_STASH_HOOK_SECRET

The bridge answers 202 once the change is durable in watchsync; anything else is reported as the plugin's error,
which Stash shows in its log. Standard library only.
"""
import json
import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 15


def settings(plugin_dir):
    values = {}
    path = os.path.join(plugin_dir or os.path.dirname(os.path.abspath(__file__)), "watchsync.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            values = json.load(handle)
    url = os.environ.get("WATCHSYNC_BRIDGE_URL", values.get("bridge_url", "")).rstrip("/")
    secret = os.environ.get("WATCHSYNC_STASH_HOOK_SECRET", values.get("secret", ""))
    if not url or not secret:
        raise ValueError("set bridge_url and secret in watchsync.json (or WATCHSYNC_BRIDGE_URL / WATCHSYNC_STASH_HOOK_SECRET)")
    return url, secret


def body_of(args):
    hook = args.get("hookContext")
    if hook:
        fields = hook.get("inputFields") or []
        return {"hookContext": {"id": hook["id"], "type": hook["type"], "inputFields": [str(f) for f in fields]}}
    mode = args.get("mode")
    if mode in ("sync-all", "reconcile"):
        return {"task": mode}
    raise ValueError("neither a hook nor a known task (mode: sync-all | reconcile)")


def post(url, secret, body):
    request = urllib.request.Request(
        url + "/hooks/stash",
        data=json.dumps(body).encode("utf-8"),
        headers={"content-type": "application/json", "x-watchsync-secret": secret},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def main():
    message = json.load(sys.stdin)
    connection = message.get("server_connection") or {}
    try:
        url, secret = settings(connection.get("PluginDir"))
        status, answer = post(url, secret, body_of(message.get("args") or {}))
    except (ValueError, KeyError, OSError) as error:
        print(json.dumps({"error": "watchsync: %s" % error}))
        return
    if status == 202:
        print(json.dumps({"output": "watchsync: " + answer}))
    else:
        print(json.dumps({"error": "watchsync bridge answered %d: %s" % (status, answer[:300])}))


if __name__ == "__main__":
    main()
