#!/usr/bin/env bash
# Throwaway services for the at-scale tests, on loopback: a PostgreSQL cluster (Debian's `postgresql`)
# and a Redis server. Used by .ci/run; developers can use it too:
#
#   eval "$(bash scripts/test_services.sh start /tmp/coach-services)"   # prints the export lines
#   make test-postgres
#   bash scripts/test_services.sh stop /tmp/coach-services
#
# Installs the packages with apt-get when they are missing (needs root, as in CI).
set -euo pipefail

action=${1:?usage: test_services.sh start|stop DIR}
dir=${2:?usage: test_services.sh start|stop DIR}
pg_port=${COACH_TEST_PG_PORT:-5433}
redis_port=${COACH_TEST_REDIS_PORT:-6380}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

case "$action" in
  start)
    if [ -z "$(pg_bin)" ] || ! command -v redis-server > /dev/null 2>&1; then
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server > /dev/null 2>&1
    fi
    bin=$(pg_bin)
    mkdir -p "$dir"
    chown postgres "$dir"
    # trust on loopback only; fsync off: the cluster lives as long as the test run
    su postgres -c "$bin/initdb -D '$dir/pg' -A trust -U postgres -E UTF8 --locale=C.UTF-8" > "$dir/initdb.log" 2>&1
    su postgres -c "$bin/pg_ctl -D '$dir/pg' -l '$dir/pg.log' -w -t 60 start \
      -o \"-p $pg_port -h 127.0.0.1 -k '$dir' -c fsync=off -c full_page_writes=off -c max_connections=300\"" >&2
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
    echo "export COACH_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$pg_port/postgres"
    echo "export COACH_TEST_DATABASE_THROWAWAY=1"  # the tests need not drop their databases: this cluster goes
    echo "export COACH_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0"
    ;;
  stop)
    bin=$(pg_bin)
    if [ -f "$dir/pg/postmaster.pid" ]; then
      su postgres -c "$bin/pg_ctl -D '$dir/pg' -m immediate stop" > /dev/null 2>&1 || true
    fi
    if [ -f "$dir/redis.pid" ]; then
      kill "$(cat "$dir/redis.pid")" 2> /dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: test_services.sh start|stop DIR" >&2
    exit 2
    ;;
esac
