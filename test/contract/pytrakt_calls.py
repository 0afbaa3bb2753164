"""The Trakt calls PlexTraktSync makes in a sync, through its own TraktApi on pytrakt, against the simulated Trakt.

argv[1] is JSON naming what to look up and write. PTS_CONFIG_DIR holds a .pytrakt.json whose token is about to
expire, so pytrakt refreshes it first, as it would for a user. What was read is written as one JSON object to the
file argv[2] (PTS logs to stdout).
"""

import datetime
import json
import sys

import trakt.sync
import trakt.users
from trakt.errors import NotFoundException, OAuthException

from plextraktsync.decorators.rate_limit import rate_limit
from plextraktsync.factory import factory
from plextraktsync.trakt.TraktLookup import TraktLookup

wanted = json.loads(sys.argv[1])
api = factory.trakt_api
out = {}


def failure(call):
    try:
        call()
        return None
    except (OAuthException, NotFoundException) as e:
        return type(e).__name__


me = api.me
out["me"] = {"username": me.username, "private": me.private, "vip": me.vip, "ids": me.ids}
out["likedLists"] = api.liked_lists
out["watchedMovies"] = sorted(api.watched_movies)
shows = api.watched_shows
out["watchedShows"] = {
    str(trakt_id): {str(season): sorted(progress.seasons[season].episodes) for season in progress.seasons}
    for trakt_id, progress in shows.shows.items()
}
episode = wanted["watchedEpisode"]
out["episodeCompleted"] = shows.get_completed(episode["show"], episode["season"], episode["number"])
out["ratings"] = {
    media_type: {str(trakt_id): rating.rating for trakt_id, rating in api.ratings[media_type].items()}
    for media_type in ("movies", "shows", "episodes")
}
out["collectedMovies"] = [m.trakt for m in api.movie_collection]
out["episodeCollected"] = api.collected_shows.is_collected(episode["show"], episode["season"], episode["number"])
out["watchlist"] = {
    "movies": [m.trakt for m in api.watchlist_movies],
    "shows": [s.trakt for s in api.watchlist_shows],
}

movie = api.search_by_id(wanted["movieImdb"], id_type="imdb", media_type="movie")
show = api.search_by_id(str(wanted["showTvdb"]), id_type="tvdb", media_type="show")
out["searchedMovie"] = movie.trakt if movie else None
out["searchedShow"] = show.trakt if show else None
out["missingMovie"] = api.search_by_id(str(wanted["unknownMovieTmdb"]), id_type="tmdb", media_type="movie")
out["seasons"] = {str(season): sorted(episodes) for season, episodes in TraktLookup(show).table.items()}

# Writes go through PTS's rate_limit, as its queue's do: Trakt allows one POST a second and answers 429 beyond.
rate_limited = rate_limit()
rate_limited(trakt.sync.add_to_history)(movie, datetime.datetime(2026, 1, 5, 20, 0, tzinfo=datetime.timezone.utc))
rate_limited(trakt.sync.rate)(movie, 8, datetime.datetime(2026, 1, 6, 20, 0, tzinfo=datetime.timezone.utc))
# The body PTS's queue sends (TraktApi.add_to_watchlist); pytrakt's own TVShow.to_json nests ids in ids.
rate_limited(trakt.sync.add_to_watchlist)({"shows": [dict(title=show.title, year=show.year, **show.ids)]})

out["privateUser"] = failure(lambda: trakt.users.User(wanted["privateUser"]))
out["unknownUser"] = failure(lambda: trakt.users.User("nobody-here"))

with open(sys.argv[2], "w") as result:
    json.dump(out, result)
