#!/usr/bin/env bash
# Starts or stops a throwaway Redis 7 server, with the static redis-server the build unpacks from
# Maven Central (org.signal:embedded-redis, into target/redis-dist), on its own port and directory,
# without persistence: a restart comes back empty, as a lost Redis would.
#   redis.sh start DIR PORT [ARGS...]  -> Redis in DIR, listening on 127.0.0.1:PORT (ARGS go to
#                                         redis-server, e.g. --cluster-enabled yes)
#   redis.sh stop DIR
#   redis.sh cluster-start DIR PORT1 PORT2 PORT3 [BUS1 BUS2 BUS3]
#                                      -> a Redis Cluster of three masters (no replicas), one in
#                                         each of DIR/node1..3, on 127.0.0.1:PORT1..3; BUS1..3 are
#                                         their cluster bus ports (Redis's default: PORT + 10000).
#                                         Run again in the same DIR with the same ports, it brings
#                                         back the same cluster (empty), from the nodes.conf files.
#   redis.sh cluster-stop DIR
#   redis.sh sentinel-start DIR MASTER_PORT REPLICA_PORT SENTINEL_PORT
#                                      -> a master in DIR/master on 127.0.0.1:MASTER_PORT, its
#                                         replica in DIR/replica on REPLICA_PORT, and one Sentinel
#                                         in DIR/sentinel on SENTINEL_PORT that watches the master
#                                         under the name relay (quorum 1) and fails it over to the
#                                         replica once it has not answered for a second.
#   redis.sh sentinel-stop DIR
# Sourced, it offers redis_start DIR PORT [ARGS...], redis_stop DIR, redis_cluster_start DIR PORT1
# PORT2 PORT3 [BUS1 BUS2 BUS3], redis_cluster_stop DIR, redis_sentinel_start DIR MASTER_PORT
# REPLICA_PORT SENTINEL_PORT and redis_sentinel_stop DIR, to run several servers, and redis_call
# PORT COMMAND [ARGS...], to send them commands.
set -euo pipefail
redis_dist=${REDIS_DIST:-$(realpath -m "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/../../../target/redis-dist")}

redis_server() {
    local bin; bin=$(ls "$redis_dist"/redis-server-*-linux-amd64 2>/dev/null | head -n 1)
    [ -n "$bin" ] || { echo "No redis-server in $redis_dist: run mvn pre-integration-test first" >&2; return 1; }
    chmod +x "$bin" && echo "$bin"
}

# Sends one command to the server on PORT and prints its reply: a status, an integer or a bulk
# string (CLUSTER INFO's lines); an error reply goes to stderr and fails. There is no redis-cli in
# the build, and bash's /dev/tcp speaks enough of RESP for these.
redis_call() {
    local port=$1 arg reply len status=0; shift
    # The braces keep 2>/dev/null from applying to the rest of the script, as exec alone would.
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
    { printf '*%d\r\n' $#; for arg; do printf '$%d\r\n%s\r\n' "${#arg}" "$arg"; done; } >&3
    if IFS= read -r -t 2 reply <&3; then
        reply=${reply%$'\r'}
        case $reply in
        '$-1') ;;
        '$'*) len=${reply#?}; IFS= read -r -t 2 -N "$len" reply <&3 && printf '%s\n' "${reply//$'\r'/}" || status=1 ;;
        [+:]*) printf '%s\n' "${reply#?}" ;;
        *) echo "Redis on 127.0.0.1:$port: $reply" >&2; status=1 ;;
        esac
    else
        status=1
    fi
    exec 3>&-
    return $status
}

# True once the server on PORT answers PING.
redis_ping() {
    [ "$(redis_call "$1" PING 2>/dev/null)" = PONG ]
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

redis_cluster_stop() {
    local node
    for node in "$(realpath -m "$1")"/node*/; do [ -d "$node" ] && redis_stop "$node"; done
    return 0
}

# True when every node on PORTS... knows the three nodes and has all 16384 slots assigned: the
# cluster has been formed, even if its nodes do not see each other yet after a restart.
redis_cluster_formed() {
    local port info
    for port; do
        info=$(redis_call "$port" CLUSTER INFO) || return 1
        grep -qx 'cluster_known_nodes:3' <<<"$info" && grep -qx 'cluster_slots_assigned:16384' <<<"$info" || return 1
    done
}

# True when every node on PORTS... says cluster_state:ok: each sees the others and serves its slots.
redis_cluster_ok() {
    local port info
    for port; do
        info=$(redis_call "$port" CLUSTER INFO 2>/dev/null) && grep -qx 'cluster_state:ok' <<<"$info" || return 1
    done
}

redis_cluster_start() {
    local dir=$(realpath -m "$1") i reuse=yes; shift
    [ $# -eq 3 ] || [ $# -eq 6 ] || { echo "redis_cluster_start DIR PORT1 PORT2 PORT3 [BUS1 BUS2 BUS3]" >&2; return 2; }
    local ports=("$1" "$2" "$3") buses=("${4:-$(($1 + 10000))}" "${5:-$(($2 + 10000))}" "${6:-$(($3 + 10000))}")
    redis_cluster_stop "$dir"
    # A restart keeps each node's nodes.conf (its id, the others' addresses, the slots): the nodes
    # find each other again as the same cluster. Files from other ports would point at nodes that
    # are not there: those go, and the cluster is formed anew.
    for i in 0 1 2; do
        grep ' myself,' "$dir/node$((i + 1))/nodes.conf" 2>/dev/null | grep -q ":${ports[i]}@${buses[i]}[ ,]" || reuse=no
    done
    while :; do
        [ $reuse = yes ] || { redis_cluster_stop "$dir"; rm -f "$dir"/node[123]/nodes.conf; }
        for i in 0 1 2; do
            redis_start "$dir/node$((i + 1))" "${ports[i]}" --cluster-enabled yes --cluster-config-file nodes.conf \
                --cluster-port "${buses[i]}" --cluster-node-timeout 2000
        done
        # A creation cut short (a build killed meanwhile) leaves files of no cluster: start anew.
        [ $reuse = yes ] && ! redis_cluster_formed "${ports[@]}" || break
        echo "No complete cluster in $dir/node*/nodes.conf: forming a new one"
        reuse=no
    done
    if ! redis_cluster_formed "${ports[@]}"; then
        # What redis-cli --cluster create does for masters only: the first node meets the others,
        # each takes a third of the slots.
        redis_call "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[1]}" "${buses[1]}" >/dev/null
        redis_call "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[2]}" "${buses[2]}" >/dev/null
        redis_call "${ports[0]}" CLUSTER ADDSLOTSRANGE 0 5460 >/dev/null
        redis_call "${ports[1]}" CLUSTER ADDSLOTSRANGE 5461 10922 >/dev/null
        redis_call "${ports[2]}" CLUSTER ADDSLOTSRANGE 10923 16383 >/dev/null
    fi
    # The nodes gossip until all know all slots' owners; a restarted master also waits out the
    # failure reports the others keep of it (twice the node timeout).
    for _ in $(seq 300); do redis_cluster_ok "${ports[@]}" && break; sleep 0.1; done
    redis_cluster_ok "${ports[@]}" || {
        echo "Redis Cluster on 127.0.0.1:${ports[*]} did not reach cluster_state:ok (see $dir/node*/redis.log)" >&2
        return 1
    }
    echo "Redis Cluster of three masters on 127.0.0.1:${ports[0]},${ports[1]},${ports[2]} ($dir)"
}

redis_sentinel_stop() {
    local dir; dir=$(realpath -m "$1")
    # The sentinel first, so that it does not fail over a master stopped on purpose.
    redis_stop "$dir/sentinel"
    redis_stop "$dir/replica"
    redis_stop "$dir/master"
}

# True when the replica on PORT has its master's data and follows it (master_link_status:up).
redis_replica_up() {
    local info
    info=$(redis_call "$1" INFO replication 2>/dev/null) && grep -qx 'master_link_status:up' <<<"$info"
}

# True when the sentinel on PORT watches relay at 127.0.0.1:MASTER_PORT, sees it up and knows the
# replica it would promote.
redis_sentinel_watching() {
    local info
    info=$(redis_call "$1" INFO sentinel 2>/dev/null) \
        && grep -qx "master0:name=relay,status=ok,address=127.0.0.1:$2,slaves=1,sentinels=1" <<<"$info"
}

redis_sentinel_start() {
    [ $# -eq 4 ] || { echo "redis_sentinel_start DIR MASTER_PORT REPLICA_PORT SENTINEL_PORT" >&2; return 2; }
    local dir=$(realpath -m "$1") master=$2 replica=$3 sentinel=$4 bin
    bin=$(redis_server)
    redis_sentinel_stop "$dir"
    redis_start "$dir/master" "$master"
    redis_start "$dir/replica" "$replica" --replicaof 127.0.0.1 "$master"
    for _ in $(seq 100); do redis_replica_up "$replica" && break; sleep 0.1; done
    redis_replica_up "$replica" || {
        echo "Redis on 127.0.0.1:$replica does not replicate 127.0.0.1:$master (see $dir/replica/redis.log)" >&2
        return 1
    }
    # Sentinel rewrites its file as it learns (the replica, a failover): a new one at each start.
    mkdir -p "$dir/sentinel"
    echo "$sentinel" > "$dir/sentinel/port"
    printf '%s\n' "bind 127.0.0.1" "port $sentinel" "dir $dir/sentinel" "daemonize yes" \
        "pidfile $dir/sentinel/redis.pid" "logfile $dir/sentinel/redis.log" \
        "sentinel monitor relay 127.0.0.1 $master 1" "sentinel down-after-milliseconds relay 1000" \
        "sentinel failover-timeout relay 5000" > "$dir/sentinel/sentinel.conf"
    "$bin" "$dir/sentinel/sentinel.conf" --sentinel
    # It learns of the replica from the master's INFO, which it asks for at once, then every 10 s.
    for _ in $(seq 150); do redis_sentinel_watching "$sentinel" "$master" && break; sleep 0.1; done
    redis_sentinel_watching "$sentinel" "$master" || {
        echo "Sentinel on 127.0.0.1:$sentinel does not watch 127.0.0.1:$master and its replica (see $dir/sentinel/redis.log)" >&2
        return 1
    }
    echo "Redis master on 127.0.0.1:$master, its replica on 127.0.0.1:$replica and a Sentinel on 127.0.0.1:$sentinel that watches them as relay ($dir)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case ${1:-} in
    start) shift; redis_start "$@" ;;
    stop) redis_stop "$2" ;;
    cluster-start) shift; redis_cluster_start "$@" ;;
    cluster-stop) redis_cluster_stop "$2" ;;
    sentinel-start) shift; redis_sentinel_start "$@" ;;
    sentinel-stop) redis_sentinel_stop "$2" ;;
    *) echo "usage: redis.sh start DIR PORT [ARGS...] | stop DIR | cluster-start DIR PORT1 PORT2 PORT3 [BUS1 BUS2 BUS3] | cluster-stop DIR | sentinel-start DIR MASTER_PORT REPLICA_PORT SENTINEL_PORT | sentinel-stop DIR" >&2
       exit 2 ;;
    esac
fi
