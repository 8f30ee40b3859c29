#!/usr/bin/env bash
# Makes sure no server started by a build outlives it, whatever ends the build (a failed test,
# a failed start, Ctrl+C, kill -9 of the Maven JVM).
#   guard.sh start TARGET  -> a detached watcher (own session, so Ctrl+C does not reach it) that
#                             sweeps TARGET once the Maven JVM that ran this script is gone
#   guard.sh sweep TARGET  -> stops every process of this build now (the normal end)
# A process belongs to the build when its command line names TARGET or a server home listed in a
# TARGET/*/home file (PostgreSQL's private directory under /tmp), or its working directory lies
# under one of them (Redis and PostgreSQL rename their processes, but keep such a directory), or it
# runs in the project directory with a command line naming target/ (java -jar target/payara-micro.jar).
set -euo pipefail
action=$1 target=$(realpath -m "$2")

roots() {
    echo "$target"
    cat "$target"/*/home 2>/dev/null || true
}

# This script, its subshells and its callers (Maven during a normal sweep) are never swept.
spared() {
    local pid=$BASHPID
    while [ "$pid" -gt 1 ]; do
        echo "$pid"
        pid=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || echo 1)
    done
}

members() {
    local spare pid cmd cwd root; spare=" $(spared | tr '\n' ' ') "
    mapfile -t all < <(roots)
    for proc in /proc/[0-9]*; do
        pid=${proc#/proc/}
        case $spare in *" $pid "*) continue ;; esac
        cmd=$(tr '\0' ' ' 2>/dev/null < "$proc/cmdline") || continue
        cwd=$(readlink "$proc/cwd" 2>/dev/null) || cwd=
        # Servers started from the project directory with relative paths (java -jar target/...).
        case "$cwd|$cmd" in "${target%/*}|"*target/*) echo "$pid"; continue ;; esac
        for root in "${all[@]}"; do
            [ -n "$root" ] || continue
            case "$cmd" in *"$root"*) echo "$pid"; break ;; esac
            case "$cwd/" in "$root"/*) echo "$pid"; break ;; esac
        done
    done
}

alive() {
    local p
    for p in "$@"; do if kill -0 "$p" 2>/dev/null; then echo "$p"; fi; done
}

sweep() {
    local pids; pids=$(members | tr '\n' ' ')
    if [ -n "${pids// }" ]; then
        echo "Stopping what the build left running: $pids"
        kill -TERM $pids 2>/dev/null || true
        for _ in $(seq 100); do
            pids=$(alive $pids | tr '\n' ' ')
            [ -n "${pids// }" ] || break
            sleep 0.1
        done
        [ -z "${pids// }" ] || kill -KILL $pids 2>/dev/null || true
    fi
    # PostgreSQL's private directories go too.
    for home in $(cat "$target"/*/home 2>/dev/null); do case $home in /tmp/relay-postgres.*) rm -rf "$home" ;; esac; done
}

case $action in
start)
    mkdir -p "$target/guard"
    # The Maven JVM runs this script directly: it is the parent.
    setsid nohup bash "$0" watch "$target" "$PPID" >"$target/guard/guard.log" 2>&1 </dev/null &
    echo "Build guard watching Maven (pid $PPID) for $target"
    ;;
watch)
    maven=$3
    while kill -0 "$maven" 2>/dev/null; do sleep 1; done
    sweep
    ;;
sweep)
    sweep
    ;;
*)
    echo "usage: guard.sh start|sweep TARGET" >&2
    exit 2
    ;;
esac
