"""The figures of the three-node benchmark (src/test/bench/cluster.sh).

  cluster.py record RESULTS OUT NAME GENERATOR...
      appends NAME's line to RESULTS: the result of each load generator (OUT/runs/NAME.GENERATOR.json)
      and, for each node, what its cluster series did over the run (OUT/metrics/NAME.before.NODE,
      NAME.after.NODE, NAME.channels)
  cluster.py field RESULTS NAME KEY
      prints KEY of the result of NAME's first load generator
  cluster.py subscriptions plain|sharded PORT...
      prints one JSON line: Redis's own view of the room channels (how many have 1, 2, 3... subscribers)
      and how many user channels have subscribers, from PUBSUB (on each shard of a Redis Cluster)
  cluster.py report RESULTS --started ... --quick yes|no
      prints the Markdown report
"""
import argparse
import json
import os
import re
import socket
import sys

NODES = "abc"
SERIES = re.compile(r"^(relay_cluster_\w+)(\{[^}]*\})?\s+(\S+)")


def series(path):
    """The relay_cluster_ series of one scrape, by name with labels; None when the scrape failed."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    values = {}
    for line in open(path):
        m = SERIES.match(line)
        if m:
            values[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return values


def redis(port, *args):
    """One command to the Redis on 127.0.0.1:PORT, its reply decoded (RESP 2)."""
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as s:
        s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)).encode())
        f = s.makefile("rb")

        def reply():
            line = f.readline().rstrip(b"\r\n").decode()
            kind, rest = line[:1], line[1:]
            if kind == "-":
                raise RuntimeError(rest)
            if kind == ":":
                return int(rest)
            if kind == "$":
                return None if int(rest) < 0 else f.read(int(rest) + 2)[:-2].decode()
            if kind == "*":
                return [reply() for _ in range(int(rest))]
            return rest

        return reply()


def subscriptions(mode, ports):
    """How many room channels have 1, 2, 3... subscribers, and how many user channels have any."""
    channels, numsub = ("SHARDCHANNELS", "SHARDNUMSUB") if mode == "sharded" else ("CHANNELS", "NUMSUB")
    rooms, users = {}, 0
    for port in ports:
        names = redis(port, "PUBSUB", channels, "relay:room:*")
        counts = redis(port, "PUBSUB", numsub, *names) if names else []
        for n in counts[1::2]:
            rooms[n] = rooms.get(n, 0) + 1
        users += len(redis(port, "PUBSUB", channels, "relay:user:*"))
    return {"rooms": {str(k): rooms[k] for k in sorted(rooms)}, "users": users}


def cluster_metrics(out, name):
    """What each node's cluster series did between the scrapes before and after NAME."""
    channels = {node: [] for node in NODES}
    in_redis = []
    polled = os.path.join(out, "metrics", name + ".channels")
    if os.path.exists(polled):
        for line in open(polled):
            node, _, text = line.rstrip("\n").partition("\t")
            m = SERIES.match(text)
            if node in channels and m:
                channels[node].append(int(float(m.group(3))))
            elif node == "redis" and text.startswith("{") and "rooms" in json.loads(text):
                in_redis.append(json.loads(text))
    nodes = {}
    for node in NODES:
        before = series(os.path.join(out, "metrics", f"{name}.before.{node}"))
        after = series(os.path.join(out, "metrics", f"{name}.after.{node}"))
        if before is None or after is None:
            nodes[node] = {"error": "no metrics"}
            continue

        def delta(key):
            return after.get(key, 0) - before.get(key, 0)

        buckets = {}
        for key in after:
            m = re.match(r'relay_cluster_redis_round_trip_seconds_bucket\{.*le="([^"]+)"', key)
            if m:
                buckets[m.group(1)] = int(delta(key))
        nodes[node] = {
            "published": int(delta("relay_cluster_events_published_total")),
            "received": int(delta("relay_cluster_events_received_total")),
            "duplicate": int(delta("relay_cluster_events_duplicate_total")),
            "channels_max": max(channels[node], default=None),
            "channels_samples": len(channels[node]),
            "round_trip_count": int(delta("relay_cluster_redis_round_trip_seconds_count")),
            "round_trip_sum_seconds": delta("relay_cluster_redis_round_trip_seconds_sum"),
            "round_trip_buckets": buckets,
        }
    after = os.path.join(out, "metrics", name + ".left")
    # Redis's own view: when most subscriptions were in place, and once the clients had gone.
    seen = {"during": max(in_redis, key=lambda r: sum(int(k) * v for k, v in r["rooms"].items()) + r["users"],
                          default=None),
            "after": json.load(open(after)) if os.path.exists(after) and os.path.getsize(after) else None}
    return nodes, seen


def record(results, out, name, generators):
    line = {"name": name, "results": {}}
    for generator in generators:
        path = os.path.join(out, "runs", f"{name}.{generator}.json")
        try:
            line["results"][generator] = json.loads(open(path).read().strip() or '{"error":"no output"}')
        except (OSError, ValueError) as e:
            line["results"][generator] = {"error": str(e)}
    if "-node-" not in name:
        line["cluster"], line["redis"] = cluster_metrics(out, name)
    with open(results, "a") as f:
        f.write(json.dumps(line) + "\n")


def lines(results):
    return {r["name"]: r for r in map(json.loads, open(results))}


def field(results, name, key):
    r = lines(results).get(name)
    print(next(iter(r["results"].values())).get(key, 0) if r else 0)


def ms(x):
    return f"{x:,} ms"


def round_trip(nodes):
    """The mean Redis round trip over all nodes' publishes, in ms, and the publishes counted."""
    count = sum(n.get("round_trip_count", 0) for n in nodes.values())
    total = sum(n.get("round_trip_sum_seconds", 0) for n in nodes.values())
    return (round(total / count * 1000, 3) if count else None), count


def report(results, a):
    runs = lines(results)
    say = print
    rooms = runs.get("rooms-one-peak", {}).get("results", {}).get("main", {})
    big = runs.get("big-room-one-peak", {}).get("results", {}).get("main", {})
    say(f"Run started {a.started} and took {a.minutes} min; load average (1, 5, 15 min) {a.load_before} before, "
        f"{a.load_after} after. Machine: {a.machine}. {a.java}, Payara Micro nodes with `{a.relay_flags}`; "
        f"Node.js {a.node}; {a.redis}; nothing pinned." + (" A quick run (small and short)." if a.quick == "yes" else ""))
    say()
    where = {"one": "all on node A", "three": "spread over A, B and C", "node": "Node ws (one process)"}

    def row(label, name):
        r = runs.get(name)
        if r is None:
            return
        x = r["results"]["main"]
        if "error" in x:
            say(f"| {label} | {where[name.split('-')[-2]]} | {x['error']} | | | | | |")
            return
        say(f"| {label} | {where[name.split('-')[-2]]} | {x['sent_per_second']:,} | {x['delivered_per_second']:,} "
            f"| {x['lost']} | {ms(x['latency_p50_ms'])} | {ms(x['latency_p99_ms'])} | {ms(x['latency_max_ms'])} |")

    say("| scenario | clients | messages sent/s | delivered/s | lost | p50 | p99 | max |")
    say("|---|---|---|---|---|---|---|---|")
    for scenario, size in (("rooms", f"(a) {rooms.get('rooms')} rooms x {rooms.get('members')}"),
                           ("big-room", f"(c) 1 room x {big.get('members')}")):
        for name in ("one", "three", "node"):
            row(f"{size}, peak", f"{scenario}-{name}-peak")
        rate = runs.get(f"{scenario}-one-rate", {}).get("results", {}).get("main", {}).get("rate", 0)
        for name in ("one", "three", "node"):
            row(f"{size}, at {rate:g}/s", f"{scenario}-{name}-rate")
    say()

    separate = runs.get("separate")
    if separate:
        say("(b) Rooms that stay on one node, three load generators at once, each with clients on its own node "
            "only. The cluster series are the change over the run (channels: the most seen during it). No room "
            "spans nodes, so every node should receive 0 events from the others.")
        say()
        say("| node | its rooms | messages sent/s | delivered/s | lost | p50 | p99 | events published "
            "| events received from other nodes | duplicates | channels subscribed |")
        say("|---|---|---|---|---|---|---|---|---|---|---|")
        for node in NODES:
            x = separate["results"].get(node, {})
            c = separate["cluster"].get(node, {})
            if "error" in x or "error" in c:
                say(f"| {node.upper()} | {x.get('error', '')} {c.get('error', '')} | | | | | | | | | |")
                continue
            say(f"| {node.upper()} | {x['rooms']} x {x['members']} | {x['sent_per_second']:,} "
                f"| {x['delivered_per_second']:,} | {x['lost']} | {ms(x['latency_p50_ms'])} | {ms(x['latency_p99_ms'])} "
                f"| {c['published']:,} | {c['received']:,} | {c['duplicate']} | {c['channels_max']} |")
        say()

    say("The nodes' cluster series over each Relay run (published and received: the change over the run; "
        "channels: the most each node counted during it; the Redis round trip: from a publish to Redis's "
        "confirmation, _sum / _count over the three nodes), and Redis's own view from PUBSUB: the room "
        "channels by number of subscribed nodes when most were subscribed, and the room and user channels "
        "still subscribed 5 s after the clients had gone (both should be 0).")
    say()
    say("| run | published by A / B / C | received by A / B / C | duplicates | channels A / B / C "
        "| Redis round trip, mean | room channels in Redis by nodes subscribed | left subscribed (rooms, users) |")
    say("|---|---|---|---|---|---|---|---|")
    for name, r in runs.items():
        nodes = r.get("cluster")
        if not nodes:
            continue
        if any("error" in n for n in nodes.values()):
            say(f"| {name} | no metrics | | | | | | |")
            continue
        mean, count = round_trip(nodes)

        def each(key):
            return " / ".join(format(nodes[n][key], ",") if nodes[n][key] is not None else "-" for n in NODES)

        publishes = f"{mean} ms ({count:,} publishes)" if mean is not None else ""
        seen = r.get("redis") or {}
        during = seen.get("during")
        by_nodes = ", ".join(f"{v} with {k}" for k, v in during["rooms"].items()) if during else "-"
        after = seen.get("after")
        left = f"{sum(after['rooms'].values())}, {after['users']}" if after and "rooms" in after else "-"
        say(f"| {name} | {each('published')} | {each('received')} "
            f"| {sum(nodes[n]['duplicate'] for n in NODES)} | {each('channels_max')} | {publishes} "
            f"| {by_nodes} | {left} |")
    say()

    say("What a hop through Redis costs: the same scenario spread over A, B and C against all on node A "
        "(three minus one).")
    say()
    say("| scenario | p50 one node | p50 three nodes | p50 difference | p99 one node | p99 three nodes "
        "| p99 difference | Redis round trip, mean (three nodes) |")
    say("|---|---|---|---|---|---|---|---|")
    for scenario, label in (("rooms", "(a)"), ("big-room", "(c)")):
        for load in ("peak", "rate"):
            one = runs.get(f"{scenario}-one-{load}", {}).get("results", {}).get("main", {})
            three = runs.get(f"{scenario}-three-{load}", {})
            x = three.get("results", {}).get("main", {})
            if not one or not x or "error" in one or "error" in x:
                continue
            mean, _ = round_trip(three.get("cluster", {}))
            at = "peak" if load == "peak" else f"at {x['rate']:g}/s"
            say(f"| {label} {at} | {ms(one['latency_p50_ms'])} | {ms(x['latency_p50_ms'])} "
                f"| {round(x['latency_p50_ms'] - one['latency_p50_ms'], 2):+} ms | {ms(one['latency_p99_ms'])} "
                f"| {ms(x['latency_p99_ms'])} | {round(x['latency_p99_ms'] - one['latency_p99_ms'], 2):+} ms "
                f"| {'' if mean is None else f'{mean} ms'} |")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "record":
        record(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif command == "subscriptions":
        print(json.dumps(subscriptions(sys.argv[2], sys.argv[3:])))
    elif command == "field":
        field(*sys.argv[2:5])
    elif command == "report":
        p = argparse.ArgumentParser()
        for option in ("started", "minutes", "load-before", "load-after", "redis", "java", "node", "machine",
                       "relay-flags", "quick"):
            p.add_argument("--" + option, default="")
        report(sys.argv[2], p.parse_args(sys.argv[3:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
