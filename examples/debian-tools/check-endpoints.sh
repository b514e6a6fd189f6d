#!/bin/sh
# Fetches each URL given as an argument and prints one JSON line per URL with its status code.
set -eu
if [ "${1:-}" = "--version" ]; then
  echo "check-endpoints 1.0.0"
  exit 0
fi
for url in "$@"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url" || echo 000)
  jq -cn --arg url "$url" --argjson code "$code" '{url: $url, status: $code}'
done
