#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the integration tests, with the PostgreSQL
# binaries the build unpacks from Maven Central (zonky embedded-postgres-binaries, into
# target/postgres-dist), on its own port and data directory.
#   pg.sh start DIR PORT   -> cluster listening on 127.0.0.1:PORT, database/user/password relay,
#                             and DIR/post-boot.asadmin pointing Payara's default datasource at it
#   pg.sh stop DIR
# PostgreSQL refuses to run as root: as root, binaries and data go to a private directory under
# /tmp owned by nobody (the checkout may sit in /root, which nobody cannot enter), named in DIR/home.
set -euo pipefail
action=$1 dir=$(realpath -m "$2") port=${3:-}
dist=${POSTGRES_DIST:-$(realpath -m "$(dirname "$(realpath "$0")")/../../../target/postgres-dist")}

as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
home() { cat "$dir/home" 2>/dev/null || true; }

stop() {
    local h; h=$(home)
    if [ -n "$h" ] && [ -x "$h/pg/bin/pg_ctl" ]; then
        as_owner "$h/pg/bin/pg_ctl" -D "$h/data" stop -m fast >/dev/null 2>&1 || true
        case $h in /tmp/*) rm -rf "$h" ;; esac
    fi
}

case $action in
start)
    [ -n "$port" ] || { echo "usage: pg.sh start DIR PORT" >&2; exit 2; }
    txz=$(ls "$dist"/*.txz 2>/dev/null | head -n 1)
    [ -n "$txz" ] || { echo "No PostgreSQL binaries in $dist: run mvn pre-integration-test first" >&2; exit 1; }
    stop
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        h=$(mktemp -d /tmp/relay-postgres.XXXXXX)
        chown nobody "$h" && chmod 700 "$h"
    else
        h=$dir
    fi
    echo "$h" > "$dir/home"
    # Unpacked by this user, who can read the checkout (nobody may not: a checkout under a
    # mktemp -d directory is private to root), then handed to the owner.
    mkdir -p "$h/pg"
    tar -xJf "$txz" -C "$h/pg"
    [ "$(id -u)" != 0 ] || chown -R nobody "$h/pg"
    as_owner "$h/pg/bin/initdb" -D "$h/data" -U relay --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 </dev/null
    # The binaries have no createdb or psql: the database is made in single-user mode.
    echo "CREATE DATABASE relay" | as_owner "$h/pg/bin/postgres" --single -D "$h/data" postgres >"$dir/createdb.log" 2>&1
    as_owner "$h/pg/bin/pg_ctl" -D "$h/data" -l "$h/server.log" -w -t 60 \
        -o "-p $port -k $h -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null </dev/null
    sed "s/portNumber=55432/portNumber=$port/" "$(dirname "$0")/post-boot.asadmin" > "$dir/post-boot.asadmin"
    echo "PostgreSQL $("$h/pg/bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($h)"
    ;;
stop)
    stop
    ;;
*)
    echo "usage: pg.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
