#!/usr/bin/env bash
# The three-node benchmark: three Relay nodes A, B and C on Payara Micro in cluster mode, sharing a
# throwaway PostgreSQL and Redis, and the minimal Node ws server (src/test/bench/node) as the
# reference, in one run:
#   (a) 100 rooms x 50 members, 1 publisher per room: every client on node A; the clients dealt
#       round robin over A, B and C (each room's publisher and its last member on different nodes,
#       so every message crosses Redis); and on the Node ws server. At peak, then all three at half
#       the smaller peak of the two Relay runs.
#   (b) rooms that stay on one node: 50 rooms x 50 on A while B and C have 25 rooms x 50 each,
#       three load generators at once, one per node with clients on its node only. Every node's
#       cluster metrics show what it published and received: no room spans nodes, so no node
#       should receive any event from another.
#   (c) one room of 1,500 members, 1 publisher: all on A, spread over A, B and C, and on Node ws,
#       at peak and at half the smaller Relay peak.
# For every Relay scenario it scrapes /api/metrics of the three nodes before and after (events
# published, received from other nodes and duplicate, the Redis round trip) and every second
# during the run (channels subscribed), and asks Redis (PUBSUB) during the run how many nodes
# subscribe to each room channel and 5 s after it which channels are still subscribed. Every
# scenario starts measuring once the announcements of its joins have arrived. Nothing is pinned: the nodes, PostgreSQL, Redis, Node and
# the load generators share the machine's cores. Prints a Markdown report (also in
# target/bench-cluster/report.md) and writes every scenario's JSON line to
# target/bench-cluster/results.jsonl.
#   src/test/bench/cluster.sh                  the standard scenarios (about 20 minutes)
#   src/test/bench/cluster.sh --quick          small and short (a check that it all runs)
#   src/test/bench/cluster.sh --redis-cluster  the nodes share a Redis Cluster of three masters
#                                              (sharded pub/sub) instead of one Redis server
# MAVEN_ARGS adds options to the build (-o to stay offline, say).
set -euo pipefail
cd "$(dirname "$0")/../../.."
quick=no redis_cluster=no
for arg; do
    case $arg in
        --quick) quick=yes ;;
        --redis-cluster) redis_cluster=yes ;;
        *) echo "usage: cluster.sh [--quick] [--redis-cluster]" >&2; exit 2 ;;
    esac
done
out=target/bench-cluster pg_port=55439 redis_port=56389 node_port=8194
declare -A port=([a]=8191 [b]=8192 [c]=8193)
# The Redis Cluster's ports, and its bus ports given explicitly: Redis's default, port + 10000,
# would be above 65535.
redis_cluster_ports=(56391 56392 56393) redis_cluster_buses=(46391 46392 46393)
rm -rf "$out" && mkdir -p "$out/runs" "$out/metrics"
ulimit -n "$(ulimit -Hn)"

if [ $quick = yes ]; then
    rooms=6 members=10 own_rooms_a=4 own_rooms=2 big_room=60 warmup=1 seconds=3
else
    rooms=100 members=50 own_rooms_a=50 own_rooms=25 big_room=1500 warmup=5 seconds=10
fi
# Every scenario waits, after its joins, until nothing has arrived for a second (at most this
# long): the joins' announcements are not measured. Spread over three nodes, a room of 1,500 has
# at most 500 members on each node, so every join is announced (chat.room.membership-events-max-
# members counts a node's own members): over a million deliveries before the first message.
settle=180

mvn -B -q ${MAVEN_ARGS:-} -DskipTests -DskipITs=false package test-compile dependency:unpack@postgres-binaries \
    dependency:unpack@redis-binaries dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
classpath="target/test-classes:$(cat target/bench.classpath)"
if [ ! -d src/test/bench/node/node_modules/ws ]; then
    (cd src/test/bench/node && npm install --no-audit --no-fund --no-package-lock --silent)
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ) started_seconds=$SECONDS

declare -A node_pid=()
node_ws='' poller=''
cleanup() {
    kill $poller ${node_pid[@]} $node_ws 2>/dev/null || true
    wait $poller ${node_pid[@]} $node_ws 2>/dev/null || true
    if [ $redis_cluster = yes ]; then
        bash src/test/redis/redis.sh cluster-stop "$out/redis-cluster"
    else
        bash src/test/redis/redis.sh stop "$out/redis"
    fi
    bash src/test/postgres/pg.sh stop "$out/postgres"
}
trap cleanup EXIT

bash src/test/postgres/pg.sh start "$out/postgres" "$pg_port" >&2
if [ $redis_cluster = yes ]; then
    bash src/test/redis/redis.sh cluster-start "$out/redis-cluster" "${redis_cluster_ports[@]}" \
        "${redis_cluster_buses[@]}" >&2
    redis_uri=$(printf 'redis://127.0.0.1:%s,127.0.0.1:%s,127.0.0.1:%s' "${redis_cluster_ports[@]}")
    redis_mode=(sharded "${redis_cluster_ports[@]}")
else
    bash src/test/redis/redis.sh start "$out/redis" "$redis_port" >&2
    redis_uri="redis://127.0.0.1:$redis_port"
    redis_mode=(plain "$redis_port")
fi
# Payara Micro takes one post-boot file: the production settings, then the shared database.
cat server-config/payara/post-boot-commands.asadmin "$out/postgres/post-boot.asadmin" > "$out/post-boot.asadmin"

relay_flags="-Xms1g -Xmx1g"
for node in a b c; do
    java $relay_flags -Dchat.cluster.mode=redis -Dchat.redis.uri="$redis_uri" \
        -Dchat.cluster.node-id="$node" -Dchat.rate-limit.per-second=0 -Dchat.max-clients=20000 \
        -Dchat.max-connections-per-address=0 -Dchat.default-room=none \
        -jar target/payara-micro.jar --nocluster --port "${port[$node]}" --contextroot / --deploy target/relay.war \
        --addLibs target/postgresql.jar \
        --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
        --postbootcommandfile "$out/post-boot.asadmin" > "$out/node-$node.log" 2>&1 &
    node_pid[$node]=$!
done
node src/test/bench/node/server.js "$node_port" > "$out/node-ws.log" 2>&1 &
node_ws=$!
for node in a b c; do
    until curl -sf "http://127.0.0.1:${port[$node]}/health/ready" >/dev/null; do
        kill -0 "${node_pid[$node]}" 2>/dev/null || { echo "node $node failed to start, see $out/node-$node.log" >&2; exit 1; }
        sleep 1
    done
done
kill -0 "$node_ws" || { echo "the Node ws server failed to start, see $out/node-ws.log" >&2; exit 1; }

ws() { echo "ws://127.0.0.1:${port[$1]}/ws"; }
node_ws_url="ws://127.0.0.1:$node_port/ws"
spread="$(ws b),$(ws c)"
results="$out/results.jsonl"
: > "$results"

# Every node's metrics into $out/metrics/NAME.WHEN.NODE.
snapshot() {
    for node in a b c; do
        curl -sf "http://127.0.0.1:${port[$node]}/api/metrics" > "$out/metrics/$1.$2.$node" || true
    done
}
# Redis's own view of the subscriptions (PUBSUB), one JSON line.
redis_subscriptions() {
    python3 src/test/bench/cluster.py subscriptions "${redis_mode[@]}" || echo '{"error":"PUBSUB failed"}'
}
# Every node's channel count and Redis's view, once a second, into $out/metrics/NAME.channels,
# until $out/metrics/NAME.stop exists.
poll_channels() {
    while [ ! -e "$out/metrics/$1.stop" ]; do
        for node in a b c; do
            printf '%s\t%s\n' "$node" "$(curl -sf "http://127.0.0.1:${port[$node]}/api/metrics" \
                | grep '^relay_cluster_channels_subscribed' || true)"
        done
        printf 'redis\t%s\n' "$(redis_subscriptions)"
        sleep 1
    done > "$out/metrics/$1.channels"
}
begin() {
    snapshot "$1" before
    poll_channels "$1" &
    poller=$!
}
# finish NAME GENERATOR...: appends NAME's line, with the results of its load generators.
finish() {
    touch "$out/metrics/$1.stop"
    wait "$poller" || true
    poller=''
    snapshot "$1" after
    # Let the servers close this scenario's sockets before the next one; then no node should be
    # subscribed to anything but the channel for everyone.
    sleep 5
    redis_subscriptions > "$out/metrics/$1.left"
    python3 src/test/bench/cluster.py record "$results" "$out" "$@"
}
# generate NAME GENERATOR ENDPOINT SCENARIO [OPTIONS...]: one load generator, its JSON line in
# $out/runs/NAME.GENERATOR.json.
generate() {
    local file="$out/runs/$1.$2.json"
    shift 2
    java -Xms1g -Xmx1g -cp "$classpath" org.relaychat.bench.LoadGenerator "$@" --settle "$settle" \
        --warmup "$warmup" --seconds "$seconds" > "$file" || echo '{"error":"the load generator failed"}' > "$file"
}
# run NAME ENDPOINT SCENARIO [OPTIONS...]: one load generator, with the nodes' metrics around it.
run() {
    local name=$1
    shift
    echo "cluster: $name" >&2
    begin "$name"
    generate "$name" main "$@"
    finish "$name" main
}
field() { python3 src/test/bench/cluster.py field "$results" "$@"; }
# Half of the smaller of the two Relay peaks, at least 1.
half() {
    python3 -c 'import sys; print(max(1, round(min(map(float, sys.argv[1:])) / 2)))' \
        "$(field "$1-one-peak" sent_per_second)" "$(field "$1-three-peak" sent_per_second)"
}

rooms_args=(rooms --rooms "$rooms" --members "$members" --publishers 1 --window 2)
big_room_args=(rooms --rooms 1 --members "$big_room" --publishers 1 --window 4)

# (a) and (c): the same fan-out on one node, spread over three, and on Node ws.
for scenario in rooms big-room; do
    if [ $scenario = rooms ]; then args=("${rooms_args[@]}"); else args=("${big_room_args[@]}"); fi
    run "$scenario-one-peak" "$(ws a)" "${args[@]}" --rate 0
    run "$scenario-three-peak" "$(ws a)" "${args[@]}" --rate 0 --spread "$spread"
    run "$scenario-node-peak" "$node_ws_url" "${args[@]}" --rate 0
    rate=$(half "$scenario")
    run "$scenario-one-rate" "$(ws a)" "${args[@]}" --rate "$rate"
    run "$scenario-three-rate" "$(ws a)" "${args[@]}" --rate "$rate" --spread "$spread"
    run "$scenario-node-rate" "$node_ws_url" "${args[@]}" --rate "$rate"
done

# (b): rooms that stay on one node, on all three at once, at the per-room rate of (a) at half peak.
rooms_rate=$(field rooms-one-rate rate)
echo "cluster: separate" >&2
begin separate
generators=()
for node in a b c; do
    if [ $node = a ]; then own=$own_rooms_a; else own=$own_rooms; fi
    generate separate "$node" "$(ws "$node")" rooms --rooms "$own" --members "$members" --publishers 1 --window 2 \
        --rate "$(python3 -c 'import sys; print(float(sys.argv[1]) * int(sys.argv[2]) / int(sys.argv[3]))' \
            "$rooms_rate" "$own" "$rooms")" --tag "$node-" &
    generators+=($!)
done
wait "${generators[@]}"
finish separate a b c

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
redis_version=$("$(ls target/redis-dist/redis-server-*-linux-amd64 | head -n 1)" --version | awk '{print $3}' | cut -d= -f2)
python3 src/test/bench/cluster.py report "$results" \
    --started "$started" --minutes "$(( (SECONDS - started_seconds + 30) / 60 ))" \
    --load-before "$load_before" --load-after "$load_after" \
    --redis "$([ $redis_cluster = yes ] && echo "a Redis Cluster of three masters, Redis $redis_version" \
        || echo "one Redis $redis_version")" \
    --java "$(java -version 2>&1 | head -n 1)" --node "$(node --version), ws $(node -p 'require("./src/test/bench/node/node_modules/ws/package.json").version')" \
    --machine "$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GiB, Linux $(uname -r)" \
    --relay-flags "$relay_flags" --quick "$quick" | tee "$out/report.md"
