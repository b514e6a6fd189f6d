#!/bin/bash
# Prints the public IP-based location as one JSON line.
set -euo pipefail
[ "${1:-}" = "--version" ] && { echo "report 0.3.0"; exit 0; }
curl -fsS --max-time 10 "${REPORT_URL:-https://ipinfo.io/json}" | jq -c '{ip, city, country}'
