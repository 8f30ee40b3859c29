#!/usr/bin/env bash
# Starts or stops a throwaway Redis 7 server, with the static redis-server the build unpacks from
# Maven Central (org.signal:embedded-redis, into target/redis-dist), on its own port and directory,
# without persistence: a restart comes back empty, as a lost Redis would.
#   redis.sh start DIR PORT [ARGS...]  -> Redis in DIR, listening on 127.0.0.1:PORT (ARGS go to
#                                         redis-server, e.g. --cluster-enabled yes)
#   redis.sh stop DIR
# Sourced, it offers redis_start DIR PORT [ARGS...] and redis_stop DIR, to run several servers.
set -euo pipefail
redis_dist=${REDIS_DIST:-$(realpath -m "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/../../../target/redis-dist")}

redis_server() {
    local bin; bin=$(ls "$redis_dist"/redis-server-*-linux-amd64 2>/dev/null | head -n 1)
    [ -n "$bin" ] || { echo "No redis-server in $redis_dist: run mvn pre-integration-test first" >&2; return 1; }
    chmod +x "$bin" && echo "$bin"
}

# True once the server on PORT answers PING (no redis-cli needed).
redis_ping() {
    local reply
    exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 2 reply <&3 || true
    exec 3>&-
    [ "${reply%$'\r'}" = "+PONG" ]
}

redis_stop() {
    local dir pid; dir=$(realpath -m "$1")
    if [ -f "$dir/redis.pid" ]; then
        pid=$(cat "$dir/redis.pid")
        kill "$pid" 2>/dev/null || true
        # Wait for the port to be free again, so that a restart can take it. A daemonized server's
        # parent is init, which may take a second to reap it: a zombie holds no port any more.
        for _ in $(seq 100); do
            case $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) in ''|Z) break ;; esac
            sleep 0.1
        done
        rm -f "$dir/redis.pid"
    fi
}

redis_start() {
    local dir=$(realpath -m "$1") port=$2 bin; shift 2
    bin=$(redis_server)
    mkdir -p "$dir"
    redis_stop "$dir"
    echo "$port" > "$dir/port"
    "$bin" --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/redis.log" --save "" --appendonly no "$@"
    for _ in $(seq 100); do redis_ping "$port" && break; sleep 0.1; done
    redis_ping "$port" || { echo "Redis on 127.0.0.1:$port did not answer PING (see $dir/redis.log)" >&2; return 1; }
    echo "Redis $("$bin" --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port ($dir)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case ${1:-} in
    start) shift; redis_start "$@" ;;
    stop) redis_stop "$2" ;;
    *) echo "usage: redis.sh start DIR PORT [ARGS...] | stop DIR" >&2; exit 2 ;;
    esac
fi
