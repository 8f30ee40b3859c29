#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the integration tests, with the machine's
# PostgreSQL binaries (Debian's postgresql package), on its own port and data directory.
#   pg.sh start DIR PORT   -> cluster in DIR, listening on 127.0.0.1:PORT, database/user/password relay,
#                             and DIR/post-boot.asadmin pointing Payara's default datasource at it
#   pg.sh stop DIR
set -euo pipefail
action=$1 dir=$(realpath -m "$2") port=${3:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] && command -v pg_ctl >/dev/null; then bin=$(dirname "$(command -v pg_ctl)"); fi
if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed: apt-get install postgresql (the PostgreSQL tests need its binaries)" >&2
    exit 1
fi

# PostgreSQL refuses to run as root; run it as the postgres user then.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
start)
    as_owner "$bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$dir" && mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U relay --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U relay relay
    sed "s/portNumber=55432/portNumber=$port/" "$(dirname "$0")/post-boot.asadmin" > "$dir/post-boot.asadmin"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: pg.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
