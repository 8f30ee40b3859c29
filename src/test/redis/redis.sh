#!/usr/bin/env bash
# Starts or stops a throwaway Redis server for the cluster tests, with the machine's redis-server
# (Debian's redis-server package), on its own port and directory, without persistence: a restart
# comes back empty, as a lost Redis would.
#   redis.sh start DIR PORT   -> Redis in DIR, listening on 127.0.0.1:PORT
#   redis.sh stop DIR
set -euo pipefail
action=$1 dir=$(realpath -m "$2") port=${3:-56379}

if ! command -v redis-server >/dev/null; then
    echo "Redis is not installed: apt-get install redis-server (the cluster tests need it)" >&2
    exit 1
fi

stop() {
    if [ -f "$dir/redis.pid" ]; then
        pid=$(cat "$dir/redis.pid")
        kill "$pid" 2>/dev/null || true
        # Wait for the port to be free again, so that a restart can take it.
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$dir/redis.pid"
    fi
}

case $action in
start)
    mkdir -p "$dir"
    stop
    echo "$port" > "$dir/port"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/redis.log" --save "" --appendonly no
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$port" ping >/dev/null
    echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port ($dir)"
    ;;
stop)
    stop
    ;;
*)
    echo "usage: redis.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
