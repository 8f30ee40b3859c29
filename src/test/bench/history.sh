#!/usr/bin/env bash
# Measures the message store on PostgreSQL: messages stored (acknowledged) per second through the
# protocol, and history page times in a room of 1,000,000 messages. Prints one JSON line each.
#   src/test/bench/history.sh [PUBLISHERS] [MESSAGES_PER_PUBLISHER]
# RELAY_JAVA_OPTS adds options to the server's JVM (a profiler, say).
set -euo pipefail
cd "$(dirname "$0")/../../.."
publishers=${1:-8} per_publisher=${2:-5000}
pg_port=55439 http_port=8095 work=target/bench-history

mvn -B -q -DskipTests package test-compile dependency:unpack@postgres-binaries dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath="target/test-classes:$(cat target/bench.classpath)"

bash src/test/postgres/pg.sh start "$work/postgres" "$pg_port"
java -Xmx1g ${RELAY_JAVA_OPTS:-} -Dchat.rate-limit.per-second=0 -jar target/payara-micro.jar --nocluster --port "$http_port" \
    --contextroot / --deploy target/relay.war --addLibs target/postgresql.jar \
    --postbootcommandfile "$work/postgres/post-boot.asadmin" > "$work/payara.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; bash src/test/postgres/pg.sh stop "$work/postgres"; }
trap cleanup EXIT
until curl -sf "http://localhost:$http_port/" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { echo "server failed, see $work/payara.log" >&2; exit 1; }
    sleep 1
done

endpoint="ws://localhost:$http_port/ws"
java -cp "$classpath" org.relaychat.bench.HistoryBenchmark "$endpoint" store "$publishers" "$per_publisher"

psql="psql -q -h 127.0.0.1 -p $pg_port -U relay relay"
$psql -c "INSERT INTO chat_message (id, conversation, room, sender_client_id, sender, body, created_at)
          SELECT 1000000000 + g, 'room:bench-million', 'bench-million', 'filler', 'filler', repeat('x', 100), now()
          FROM generate_series(1, 1000000) g; ANALYZE chat_message;"
java -cp "$classpath" org.relaychat.bench.HistoryBenchmark "$endpoint" query bench-million 1000000001 1001000000
$psql -At -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM chat_message WHERE conversation = 'room:bench-million'
              AND id < 1000500000 ORDER BY id DESC LIMIT 51" | python3 -c \
    'import json,sys; p=json.load(sys.stdin)[0]; print(json.dumps({"scenario": "sql_before_page", "execution_ms": p["Execution Time"], "plan": p["Plan"]["Plans"][0]["Node Type"] if "Plans" in p["Plan"] else p["Plan"]["Node Type"]}))'
