#!/bin/sh
# `watchsync` on the container's PATH: `docker compose exec worker watchsync doctor`.
exec node /app/dist/client/cli.js "$@"
