#!/usr/bin/env bash
# Writes the development .env that `make run` uses, so that every command in the README works
# as written afterwards (DEBUG=1, email links on the host and port served). A .env that this
# script did not write is left alone. Usage: scripts/dev_env.sh HOST PORT [FILE]
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
file=${3:-"$(dirname "$0")/../.env"}
marker="# Written by make run (scripts/dev_env.sh); delete it or write your own to change it."
if [[ -f $file ]] && ! head -n 1 "$file" | grep -qF "$marker"; then
  echo "$file exists and was not written by make run: left as it is" >&2
  exit 0
fi
cat > "$file" <<ENV
$marker
DEBUG=1
SITE_URL=http://$host:$port
ALLOWED_HOSTS=127.0.0.1,localhost,$host
ENV
