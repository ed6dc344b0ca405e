#!/usr/bin/env bash
# Nightly backup (cron: `15 3 * * * /srv/facilitator/deploy/backup.sh`). Keeps 14 days.
set -euo pipefail
dest=${BACKUP_DIR:-/var/backups/facilitator}
stamp=$(date +%Y%m%d-%H%M)
mkdir -p "$dest"
if [ -n "${FACILITATOR_DATABASE_URL:-}" ] && [[ "$FACILITATOR_DATABASE_URL" == postgres* ]]; then
  pg_dump --format=custom --file "$dest/facilitator-$stamp.dump" "$FACILITATOR_DATABASE_URL"
else
  # SQLite: the online backup API copies a consistent file while the app runs.
  sqlite3 /srv/facilitator/instance/facilitator.sqlite3 ".backup '$dest/facilitator-$stamp.sqlite3'"
fi
find "$dest" -name 'facilitator-*' -mtime +14 -delete
