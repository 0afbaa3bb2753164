"""Runs the PlexTraktSync CLI in this process (argv as for `plextraktsync`) and, on exit, writes the process's
peak resident set size in MB to the file named by WATCHSYNC_PEER_RSS_FILE (the benchmark reads it)."""

import atexit
import os
import resource
import sys


def _write_peak_rss():
    path = os.environ.get("WATCHSYNC_PEER_RSS_FILE")
    if path:
        with open(path, "w") as out:
            # ru_maxrss is in kilobytes on Linux.
            out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


atexit.register(_write_peak_rss)

from plextraktsync.cli import cli  # noqa: E402

sys.argv[0] = "plextraktsync"
sys.exit(cli())
