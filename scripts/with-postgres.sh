#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster (started here, removed afterwards).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d /tmp/ehrenamt-pg.XXXXXX)
PORT=${EHRENAMT_PG_PORT:-54329}
mkdir -p "$PGROOT/sock"
as_postgres() {
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGROOT"; runuser -u postgres -- "$@"; else "$@"; fi
}
as_postgres "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# No autovacuum: a test's rows are invisible to it until the test's transaction ends, so its
# analyses catch tables nearly empty between tests and make the next test's plans a matter of
# timing (a listing once ran for an hour in CI). Tests ANALYZE after bulk loads themselves.
as_postgres "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -o \
  "-k $PGROOT/sock -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" start >/dev/null
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on $PGROOT/sock:$PORT"
PGHOST="$PGROOT/sock" PGPORT=$PORT PGUSER=postgres PGDATABASE=wagtail_ehrenamt "$@"
