"""python-plexapi's everyday calls against the simulator; prints what they returned as one JSON object.

Run by test/contract/plexapi.test.ts with the simulator's PMS URL and owner token in PMS_URL / PLEX_TOKEN and
plex.tv / Discover reached through scripts/python/sitecustomize.py (WATCHSYNC_HOST_REWRITES). argv[1] is a JSON
object naming what to look for: {"titles": [two movie titles], "showTitle": ..., "showRatingKey": ...}.
Nothing here works around the simulator: a call that fails raises and fails the test.
"""

import json
import os
import sys

from plexapi.myplex import MyPlexAccount
from plexapi.server import PlexServer


def keys_and_ratings(items):
    return [{"ratingKey": str(i.ratingKey), "userRating": i.userRating} for i in items]


def main():
    wanted = json.loads(sys.argv[1])
    plex = PlexServer(os.environ["PMS_URL"], os.environ["PLEX_TOKEN"])
    out = {
        "server": {
            "machineIdentifier": plex.machineIdentifier,
            "version": plex.version,
            "friendlyName": plex.friendlyName,
            "myPlexUsername": plex.myPlexUsername,
        }
    }

    sections = plex.library.sections()
    out["sections"] = [{"key": str(s.key), "title": s.title, "type": s.type, "class": type(s).__name__} for s in sections]
    movies = next(s for s in sections if s.type == "movie")
    shows = next(s for s in sections if s.type == "show")
    out["movieSection"] = str(movies.key)
    out["showSection"] = str(shows.key)
    out["movieTotal"] = movies.totalViewSize()
    out["allMovies"] = len(movies.search())
    out["unwatchedMovies"] = [str(m.ratingKey) for m in movies.search(unwatched=True)]
    out["ratedMovies"] = keys_and_ratings(movies.search(filters={"userRating>>": -1}))
    # PlexTraktSync's ratings query: a grouped, type-prefixed filter.
    out["ratedEpisodes"] = keys_and_ratings(
        shows.search(filters={"and": [{"episode.userRating>>": -1}]}, libtype="episode", includeGuids=False)
    )
    out["eitherTitle"] = sorted(m.title for m in movies.search(filters={"or": [{"title==": t} for t in wanted["titles"]]}))
    out["showByTitle"] = [s.title for s in shows.search(filters={"show.title==": wanted["showTitle"]})]
    out["episodesOfShow"] = len(shows.search(libtype="episode", filters={"show.id": wanted["showRatingKey"]}))
    out["newestMovies"] = [int(m.addedAt.timestamp()) for m in movies.search(sort="addedAt:desc", maxresults=5)]

    history = plex.history(maxresults=25)
    out["history"] = [
        {"ratingKey": str(h.ratingKey) if h.ratingKey else None, "viewedAt": int(h.viewedAt.timestamp()), "accountID": h.accountID}
        for h in history
    ]

    account = MyPlexAccount(token=os.environ["PLEX_TOKEN"])
    out["account"] = {"username": account.username, "uuid": account.uuid, "id": account.id, "plexPass": account.subscriptionActive}
    out["resources"] = [
        {"clientIdentifier": r.clientIdentifier, "provides": r.provides, "uris": [c.uri for c in r.connections]}
        for r in account.resources()
    ]
    out["users"] = [{"id": u.id, "title": u.title, "home": u.home} for u in account.users()]
    watchlist = account.watchlist()
    out["watchlist"] = [{"title": w.title, "guid": w.guid, "type": w.type} for w in watchlist]
    out["firstOnWatchlist"] = account.onWatchlist(watchlist[0]) if watchlist else None

    print(json.dumps(out))


if __name__ == "__main__":
    main()
