#!/usr/bin/env bash
# The load benchmark: Relay on Payara Micro, the same WAR on WildFly and, for comparison, a minimal
# Node.js server on the ws library (src/test/bench/node) speaking the same protocol, in one run. Relay
# runs each fan-out twice: with clients that take one event per frame, and with clients that offer
# the subprotocol relay.batch. Each server is pinned to CPU 0 and the load generator to CPU 1. Writes
# the figures to docs/benchmarks.md, and every scenario's JSON line to target/bench-load/results.jsonl.
#   src/test/bench/load.sh            the standard scenarios
#   src/test/bench/load.sh --quick    the same scenarios, small and short (a check that it all runs)
#   src/test/bench/load.sh --full     also WildFly's idle connections and latency runs (much longer)
set -euo pipefail
cd "$(dirname "$0")/../../.."
mode=${1:-}
out=target/bench-load relay_port=8196 node_port=8197 wildfly_port=8198
server_cpu=0 load_cpu=1
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"

if [ "$mode" = --quick ]; then
    hold=500 rooms=10 members=20 big_room=100 broadcast=100 warmup=1 seconds=3
else
    hold=19500 rooms=100 members=50 big_room=1000 broadcast=2000 warmup=5 seconds=10
fi

mvn -B -q -DskipTests package test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test \
    dependency:unpack@wildfly exec:exec@configure-wildfly -DskipITs=false
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"
if [ ! -d src/test/bench/node/node_modules/ws ]; then
    (cd src/test/bench/node && npm install --no-audit --no-fund --no-package-lock --silent)
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Relay: production-like settings. No rate limit (the publishers are the load), room for 20,000
# clients, no limit per address, no default room (the scenarios join their own), and the thread
# pools of server-config/ (set before the listener starts). One core, so the JVM picks the serial
# collector; the heap is fixed at startup.
relay_flags="-Xms3g -Xmx3g -XX:+UseSerialGC -XX:+AlwaysPreTouch -XX:FlightRecorderOptions=stackdepth=256"
relay_settings="-Dchat.rate-limit.per-second=0 -Dchat.max-clients=20000 -Dchat.max-connections-per-address=0
    -Dchat.default-room=none"
# The same WAR on WildFly runs in a copy of the test server (configured with server-config/wildfly/).
wildfly_version=$(sed -n 's:.*<wildfly.version>\(.*\)</wildfly.version>.*:\1:p' pom.xml)
rm -rf "$out/wildfly" && cp -r "target/wildfly-$wildfly_version" "$out/wildfly"
cp target/relay.war "$out/wildfly/standalone/deployments/ROOT.war"

relay='' node='' wildfly_script=''
cleanup() {
    kill $relay $node 2>/dev/null || true
    pkill -f -- "-Djboss.http.port=$wildfly_port" 2>/dev/null || true
    wait $relay $node $wildfly_script 2>/dev/null || true
}
trap cleanup EXIT
taskset -c "$server_cpu" java $relay_flags $relay_settings \
    -jar target/payara-micro.jar --nocluster --port "$relay_port" --contextroot / --deploy target/relay.war \
    --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
    --postbootcommandfile server-config/payara/post-boot-commands.asadmin > "$out/payara.log" 2>&1 &
relay=$!
taskset -c "$server_cpu" node src/test/bench/node/server.js "$node_port" > "$out/node.log" 2>&1 &
node=$!
JAVA_OPTS="$relay_flags -Djava.net.preferIPv4Stack=true" taskset -c "$server_cpu" \
    "$out/wildfly/bin/standalone.sh" -c standalone-microprofile.xml -Djboss.http.port="$wildfly_port" \
    -Djboss.management.http.port=$((wildfly_port + 1000)) -Djboss.https.port=$((wildfly_port + 100)) \
    $relay_settings > "$out/wildfly.log" 2>&1 &
wildfly_script=$!
until curl -sf "http://127.0.0.1:$relay_port/" >/dev/null; do
    kill -0 "$relay" 2>/dev/null || { echo "Relay failed to start, see $out/payara.log" >&2; exit 1; }
    sleep 1
done
until curl -sf "http://127.0.0.1:$wildfly_port/" >/dev/null; do
    kill -0 "$wildfly_script" 2>/dev/null || { echo "WildFly failed to start, see $out/wildfly.log" >&2; exit 1; }
    sleep 1
done
# The JVM itself, not its start script, for the memory figures.
wildfly=$(pgrep -f -- "java.*-Djboss.http.port=$wildfly_port")

results="$out/results.jsonl"
: > "$results"
# run SERVER NAME SCENARIO [OPTIONS...]: one scenario against one server, its JSON line appended. The
# servers relay-batch and wildfly-batch are Relay on Payara Micro and on WildFly with clients that
# offer relay.batch.
run() {
    local server=$1 name=$2 port pid batch=0
    shift 2
    case $server in
        relay*) port=$relay_port pid=$relay ;;
        wildfly*) port=$wildfly_port pid=$wildfly ;;
        *) port=$node_port pid=$node ;;
    esac
    case $server in *-batch) batch=1 ;; esac
    echo "$server: $name" >&2
    local line
    line=$(taskset -c "$load_cpu" java -Xms1g -Xmx1g -cp "$classpath" org.relaychat.bench.LoadGenerator \
        "ws://127.0.0.1:$port/ws" "$@" --batch "$batch" --pid "$pid" --warmup "$warmup" --seconds "$seconds") \
        || line='{"error":"the load generator failed"}'
    echo "{\"server\":\"$server\",\"name\":\"$name\",\"result\":$line}" >> "$results"
    # Let the server close the previous scenario's sockets before the next one.
    if [ "$name" = hold ]; then sleep 20; else sleep 5; fi
}
field() { python3 -c 'import json,sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["server"] == sys.argv[2] and r["name"] == sys.argv[3]:
        print(r["result"].get(sys.argv[4], 0))' "$results" "$@"; }

rooms_args=(rooms --rooms "$rooms" --members "$members" --publishers 1 --window 2)
big_room_args=(rooms --rooms 1 --members "$big_room" --publishers 4 --window 4)
broadcast_args=(broadcast --clients "$broadcast" --publishers 4 --window 2)

# To keep one run within about half an hour on two shared cores, WildFly runs the peaks only (its
# targets are about delivered/s) and Relay the latency runs with relay.batch only, unless --full
# asks for everything.
servers="node relay relay-batch wildfly wildfly-batch" held="node relay" latency="node relay-batch"
if [ "$mode" = --full ]; then
    held="node relay wildfly" latency=$servers
fi
for server in $held; do
    run "$server" hold hold --clients "$hold" --hold 10
done
for server in $servers; do
    run "$server" rooms-peak "${rooms_args[@]}" --rate 0
    run "$server" big-room-peak "${big_room_args[@]}" --rate 0
    run "$server" broadcast-peak "${broadcast_args[@]}" --rate 0
done
# Latency at half of Node's peak: the same offered load for every server.
half() { python3 -c 'import sys; print(round(float(sys.argv[1]) / 2) or 1)' "$(field node "$1" sent_per_second)"; }
rooms_rate=$(half rooms-peak) big_room_rate=$(half big-room-peak) broadcast_rate=$(half broadcast-peak)
for server in $latency; do
    run "$server" rooms-half "${rooms_args[@]}" --rate "$rooms_rate"
    run "$server" big-room-half "${big_room_args[@]}" --rate "$big_room_rate"
    run "$server" big-room-half-slow "${big_room_args[@]}" --rate "$big_room_rate" --slow 1
    run "$server" broadcast-half "${broadcast_args[@]}" --rate "$broadcast_rate"
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Where Relay on Payara Micro spends its core: Java Flight Recorder over one more run of a peak each,
# kept out of the figures above. The summaries go into the report.
profile() {
    local server=$1 name=$2 results="$out/profiled.jsonl"
    shift 2
    jcmd "$relay" JFR.start name=profile settings=profile filename="$PWD/$out/$server-$name.jfr" >/dev/null
    run "$server" "$name" "$@"
    jcmd "$relay" JFR.stop name=profile >/dev/null
    python3 src/test/bench/profile.py "$out/$server-$name.jfr" "$server $name" >> "$out/profiles.md"
}
: > "$out/profiles.md"
if [ "$mode" != --quick ]; then
    profile relay broadcast-peak "${broadcast_args[@]}" --rate 0
    profile relay-batch broadcast-peak "${broadcast_args[@]}" --rate 0
    profile relay-batch rooms-peak "${rooms_args[@]}" --rate 0
fi
payara_version=$(sed -n 's:.*<payara.micro.version>\(.*\)</payara.micro.version>.*:\1:p' pom.xml)
python3 src/test/bench/report.py "$results" \
    --started "$started" --load-before "$load_before" --load-after "$load_after" \
    --command "src/test/bench/load.sh $mode" --relay-flags "$relay_flags" --payara "$payara_version" \
    --wildfly "$wildfly_version" --profiles "$out/profiles.md" \
    > "$out/benchmarks.md"
if [ "$mode" = --quick ]; then
    echo "Quick run: the report is in $out/benchmarks.md" >&2
else
    mkdir -p docs && cp "$out/benchmarks.md" docs/benchmarks.md
    echo "Wrote docs/benchmarks.md" >&2
fi
