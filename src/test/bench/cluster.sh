#!/usr/bin/env bash
# The two-node benchmark: two Relay nodes on Payara Micro in cluster mode, sharing a throwaway
# PostgreSQL and Redis, with the same room fan-out once with every client on node A and once with
# the clients alternating between nodes A and B (publishers on A, half of each room on B, so every
# message crosses Redis). Nothing is pinned: servers, databases and the load generator share the
# machine's cores. Prints a Markdown table and writes every JSON line to
# target/bench-cluster/results.jsonl.
#   src/test/bench/cluster.sh            the standard scenario
#   src/test/bench/cluster.sh --quick    small and short (a check that it all runs)
set -euo pipefail
cd "$(dirname "$0")/../../.."
quick=${1:-}
out=target/bench-cluster port_a=8191 port_b=8192 pg_port=55439 redis_port=56389
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"

if [ "$quick" = --quick ]; then
    rooms=4 members=10 warmup=1 seconds=3
else
    rooms=20 members=50 warmup=5 seconds=10
fi

mvn -B -q -DskipTests package test-compile dependency:unpack@postgres-binaries dependency:unpack@redis-binaries dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath="target/test-classes:$(cat target/bench.classpath)"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

bash src/test/postgres/pg.sh start "$out/postgres" "$pg_port" >&2
bash src/test/redis/redis.sh start "$out/redis" "$redis_port" >&2
# Payara Micro takes one post-boot file: the production settings, then the shared database.
cat server-config/payara/post-boot-commands.asadmin "$out/postgres/post-boot.asadmin" > "$out/post-boot.asadmin"

relay_flags="-Xms1g -Xmx1g"
start_node() {
    java $relay_flags -Dchat.cluster.mode=redis -Dchat.redis.uri="redis://127.0.0.1:$redis_port" \
        -Dchat.cluster.node-id="$1" -Dchat.rate-limit.per-second=0 -Dchat.max-clients=20000 \
        -Dchat.max-connections-per-address=0 -Dchat.default-room=none \
        -jar target/payara-micro.jar --nocluster --port "$2" --contextroot / --deploy target/relay.war \
        --addLibs target/postgresql.jar \
        --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
        --postbootcommandfile "$out/post-boot.asadmin" > "$out/node-$1.log" 2>&1 &
}
start_node a "$port_a"
node_a=$!
start_node b "$port_b"
node_b=$!
cleanup() {
    kill "$node_a" "$node_b" 2>/dev/null || true
    wait "$node_a" "$node_b" 2>/dev/null || true
    bash src/test/redis/redis.sh stop "$out/redis"
    bash src/test/postgres/pg.sh stop "$out/postgres"
}
trap cleanup EXIT
for port in "$port_a" "$port_b"; do
    until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
        kill -0 "$node_a" 2>/dev/null && kill -0 "$node_b" 2>/dev/null \
            || { echo "a node failed to start, see $out/node-*.log" >&2; exit 1; }
        sleep 1
    done
done

results="$out/results.jsonl"
: > "$results"
# run NAME [OPTIONS...]: one scenario against node A, its JSON line appended.
run() {
    local name=$1
    shift
    echo "cluster: $name" >&2
    local line
    line=$(java -Xms1g -Xmx1g -cp "$classpath" org.relaychat.bench.LoadGenerator "ws://127.0.0.1:$port_a/ws" \
        rooms --rooms "$rooms" --members "$members" --publishers 1 --window 2 \
        --warmup "$warmup" --seconds "$seconds" "$@") || line='{"error":"the load generator failed"}'
    echo "{\"name\":\"$name\",\"result\":$line}" >> "$results"
    sleep 5
}
field() { python3 -c 'import json,sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["name"] == sys.argv[2]:
        print(r["result"].get(sys.argv[3], 0))' "$results" "$@"; }

run one-node-peak --rate 0
run two-nodes-peak --rate 0 --spread "ws://127.0.0.1:$port_b/ws"
rate=$(python3 -c 'import sys; print(round(min(float(sys.argv[1]), float(sys.argv[2])) / 2) or 1)' \
    "$(field one-node-peak sent_per_second)" "$(field two-nodes-peak sent_per_second)")
run one-node-half --rate "$rate"
run two-nodes-half --rate "$rate" --spread "ws://127.0.0.1:$port_b/ws"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$results" "$started" "$load_before" "$load_after" "$rooms" "$members" "$rate" <<'PY'
import json, sys
results, started, before, after, rooms, members, rate = sys.argv[1:]
names = {"one-node-peak": "all clients on node A, peak", "two-nodes-peak": "clients on A and B, peak",
         "one-node-half": f"all clients on node A, at {rate}/s", "two-nodes-half": f"clients on A and B, at {rate}/s"}
print(f"{rooms} rooms x {members} members, 1 publisher per room (on node A); run started {started}, "
      f"load average (1, 5, 15 min) {before} before, {after} after.\n")
print("| scenario | messages sent/s | delivered/s | lost | p50 | p99 | max |")
print("|---|---|---|---|---|---|---|")
for line in open(results):
    r = json.loads(line)
    x = r["result"]
    if "error" in x:
        print(f"| {names[r['name']]} | {x['error']} | | | | | |")
        continue
    print(f"| {names[r['name']]} | {x['sent_per_second']:,} | {x['delivered_per_second']:,} | {x['lost']} "
          f"| {x['latency_p50_ms']} ms | {x['latency_p99_ms']} ms | {x['latency_max_ms']} ms |")
PY
