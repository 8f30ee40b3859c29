#!/usr/bin/env python3
"""Writes docs/benchmarks.md from the JSON lines of one run of src/test/bench/load.sh."""
import argparse
import json
import os
import platform
import re
import subprocess


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    mem = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    java = sh("java -version 2>&1 | head -n 1")
    node = sh("node --version")
    ws = json.load(open("src/test/bench/node/node_modules/ws/package.json"))["version"]
    return {
        "cpu": cpu.group(1) if cpu else "unknown",
        "cores": os.cpu_count(),
        "memory": "%.0f GiB" % (int(mem.group(1)) / 1048576) if mem else "unknown",
        "kernel": platform.release(),
        "java": java,
        "node": node,
        "ws": ws,
        "nofile": sh("ulimit -Hn"),
    }


def fmt(value, unit=""):
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return "%s%s" % (("%.2f" % value).rstrip("0").rstrip("."), unit)
    return "{:,}{}".format(int(value), unit)


def kib(value):
    return "–" if value is None else "%.1f KiB" % (value / 1024)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    for option in ("started", "load-before", "load-after", "command", "relay-flags", "payara", "wildfly", "profiles"):
        parser.add_argument("--" + option, default="")
    args = parser.parse_args()
    runs = {}
    for line in open(args.results):
        row = json.loads(line)
        runs[(row["server"], row["name"])] = row["result"]

    def get(server, name, key):
        return runs.get((server, name), {}).get(key)

    # Relay as deployed on each server, with and without relay.batch, then the comparison; only those
    # the run has.
    servers = [server for server in ("relay", "relay-batch", "wildfly", "wildfly-batch", "node")
               if any(key[0] == server for key in runs)]
    label = {"relay": "Relay on Payara Micro", "relay-batch": "Relay on Payara Micro, relay.batch",
             "wildfly": "Relay on WildFly", "wildfly-batch": "Relay on WildFly, relay.batch", "node": "Node"}
    short = {"relay": "Payara Micro", "relay-batch": "Payara Micro with relay.batch", "wildfly": "WildFly",
             "wildfly-batch": "WildFly with relay.batch", "node": "Node"}
    held_by = [server for server in servers if (server, "hold") in runs]

    m = machine()
    out = []
    say = out.append
    say("# Benchmarks")
    say("")
    say("Relay on Payara Micro and the same WAR on WildFly, against a minimal Node.js chat server on the `ws`")
    say("library that speaks the same protocol (`src/test/bench/node/server.js`: the same fan-out rules, nothing")
    say("stored), measured in one run")
    say("by the load generator in `src/test/java/org/relaychat/bench/`. Each server runs pinned to CPU 0 and the")
    say("load generator to CPU 1 (`taskset`). The figures below are from one run of:")
    say("")
    say("```sh")
    say(args.command.strip())
    say("```")
    say("")
    say("## The machine and the run")
    say("")
    say("| | |")
    say("|---|---|")
    say("| CPU | %s, %s cores (server on CPU 0, load generator on CPU 1) |" % (m["cpu"], m["cores"]))
    say("| memory | %s |" % m["memory"])
    say("| kernel | Linux %s, open files at most %s per process |" % (m["kernel"], m["nofile"]))
    say("| Relay | Payara Micro %s and WildFly %s on %s, `%s` |" % (args.payara, args.wildfly, m["java"],
                                                                args.relay_flags))
    say("| Node | Node.js %s, ws %s |" % (m["node"], m["ws"]))
    say("| run | started %s; load average (1, 5, 15 min) %s before, %s after |"
        % (args.started, args.load_before, args.load_after))
    say("")
    say("Relay runs with its production settings from `server-config/payara/` (pre- and post-boot commands) and")
    say("`server-config/wildfly/configure-server.cli`, no rate limit (the publishers are the load),")
    say("`chat.max-clients=20000`, no limit per address (the load comes from a few loopback addresses) and no")
    say("default room. Room messages are stored before they are delivered, in each server's bundled H2")
    say("database (group commit); the Node")
    say("server stores nothing. Every message carries its send time; latency is from the scheduled send to the")
    say("arrival at each member (HdrHistogram), over the measured seconds after a warm-up. Loss counts")
    say("deliveries that never arrived.")
    say("")

    say("## Idle connections")
    say("")
    say("| | %s |" % " | ".join(label[server] for server in held_by))
    say("|---|" + "---|" * len(held_by))
    for row_label, key, render in (
            ("connections asked for", "clients", fmt),
            ("connections held", "held", fmt),
            ("failed", "failed", fmt),
            ("connects per second", "connects_per_second", fmt),
            ("connect time p50", "connect_p50_ms", lambda v: fmt(v, " ms")),
            ("connect time p99", "connect_p99_ms", lambda v: fmt(v, " ms")),
            ("resident set before / after", None, None),
            ("resident set per connection", "rss_per_connection_bytes", kib),
            ("heap after a full GC before / after", None, None),
            ("heap per connection", "heap_per_connection_bytes", kib),
            ("of which Relay's own objects", "relay_heap_per_connection_bytes", kib)):
        if key is None:
            prefix = "rss" if row_label.startswith("resident") else "heap"
            cells = []
            for server in held_by:
                before, after = get(server, "hold", prefix + "_before_mib"), get(server, "hold", prefix + "_after_mib")
                cells.append("–" if before is None else "%s / %s MiB" % (fmt(before), fmt(after)))
            say("| %s | %s |" % (row_label, " | ".join(cells)))
        else:
            say("| %s | %s |" % (row_label, " | ".join(render(get(server, "hold", key)) for server in held_by)))
    say("")
    grown = get("relay", "hold", "heap_grown_most") or []
    if grown:
        say("What a connection holds on the heap of Relay on Payara Micro (the classes that grew most, per")
        say("connection):")
        say("")
        say("| class | instances | bytes |")
        say("|---|---|---|")
        for row in grown:
            say("| `%s` | %s | %s |" % (row["class"], fmt(row["instances_per_connection"]), fmt(row["bytes_per_connection"])))
        say("")

    def title(name, fallback):
        found = [runs.get((server, name)) or {} for server in servers]
        found = [r for r in found if "members" in r]
        if not found:
            return fallback
        r = found[0]
        if r["scenario"] == "broadcast":
            return "broadcast to {:,} clients, {} publishers".format(r["members"], r["publishers"])
        per_room = r["publishers"] // r["rooms"]
        return "{:,} room{} x {:,} members, {} publisher{} per room".format(
            r["rooms"], "" if r["rooms"] == 1 else "s", r["members"], per_room, "" if per_room == 1 else "s")

    scenarios = tuple((key, title(peak, key), peak, half) for key, peak, half in (
        ("rooms", "rooms-peak", "rooms-half"),
        ("big-room", "big-room-peak", "big-room-half"),
        ("broadcast", "broadcast-peak", "broadcast-half")))
    say("## Fan-out")
    say("")
    say("At peak, each publisher keeps a few messages on their way to the last member of its room (closed")
    say("loop), so the server runs as fast as it delivers. At half rate, every server gets the same open-loop")
    say("load: half of Node's peak. \"relay.batch\" rows are Relay with clients that offer that subprotocol;")
    say("the others get one event per frame; events/frame is what the clients counted. \"load CPU\" is the")
    say("load generator's share of its core over the")
    say("measured seconds; a row where it was above 90% is marked \\*, as the load generator may have been its")
    say("limit.")
    say("")
    say("| scenario | server | messages sent/s | delivered/s | events/frame | lost | p50 | p99 | max | load CPU |")
    say("|---|---|---|---|---|---|---|---|---|---|")
    slow_title = title("big-room-half-slow", "big room") + ", one member stops reading"
    label_of = label
    for _, name_title, peak, half in scenarios + (("big-room", slow_title, None, "big-room-half-slow"),):
        for label, name in (("peak", peak), ("half rate", half)):
            if name is None:
                continue
            for server in servers:
                r = runs.get((server, name))
                if r is None:
                    continue
                if "error" in r:
                    say("| %s, %s | %s | %s | | | | | | | |" % (name_title, label, label_of[server], r["error"]))
                    continue
                rate = "" if r.get("mode") != "rate" else " (at %s/s)" % fmt(r["rate"])
                cpu = r.get("load_cpu_percent", -1)
                say("| %s, %s%s | %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s |" % (
                    name_title, label, rate, label_of[server], fmt(r["sent_per_second"]),
                    fmt(r["delivered_per_second"]), fmt(r.get("events_per_frame")), fmt(r["lost"]), fmt(r["latency_p50_ms"]),
                    fmt(r["latency_p99_ms"]), fmt(r["latency_max_ms"]),
                    "–" if cpu < 0 else "%.0f%%%s" % (cpu, " \\*" if cpu > 90 else "")))
    say("")

    say("## Targets")
    say("")
    say("| target | figure | |")
    say("|---|---|---|")

    def delivered(server, name):
        return get(server, name, "delivered_per_second")

    def verdict(ok):
        return "met" if ok else "missed"

    def ratio(server, peak):
        mine, node = delivered(server, peak), delivered("node", peak)
        return None if not mine or not node else mine / node

    for relay in [server for server in held_by if server != "node"]:
        on = "on " + short[relay]
        held, asked = get(relay, "hold", "held") or 0, get(relay, "hold", "clients") or 0
        say("| %s: %s concurrent connections held by one server process | %s held | %s |"
            % (on, fmt(asked), fmt(held), verdict(asked and held >= asked)))
        rss, heap = get(relay, "hold", "rss_per_connection_bytes"), get(relay, "hold", "heap_per_connection_bytes")
        own = get(relay, "hold", "relay_heap_per_connection_bytes")
        if rss is not None and heap is not None:
            split = "" if own is None else ": %s the container's, %s Relay's" % (kib(heap - own), kib(own))
            say("| %s: memory per idle connection, reported (Node: %s resident) | %s heap%s, + %s outside the heap"
                " (the heap is reserved and touched at startup) | reported |"
                % (on, kib(get("node", "hold", "rss_per_connection_bytes")), kib(heap), split, kib(rss)))
    for key, name_title, peak, half in scenarios:
        r = ratio("relay-batch", peak)
        if r is not None:
            say("| on Payara Micro with relay.batch: %s: delivered/s at least 1.5x Node's | %s vs %s (%.2fx) | %s |"
                % (name_title, fmt(delivered("relay-batch", peak)), fmt(delivered("node", peak)), r, verdict(r >= 1.5)))
        else:
            say("| on Payara Micro with relay.batch: %s: delivered/s at least 1.5x Node's | not measured in this run"
                " | missed |" % name_title)
        mine, node = get("relay-batch", half, "latency_p99_ms"), get("node", half, "latency_p99_ms")
        if mine is not None and node is not None:
            say("| on Payara Micro with relay.batch: %s: p99 at half of Node's peak no worse than Node's | %s ms vs %s ms | %s |"
                % (name_title, fmt(mine), fmt(node), verdict(mine <= node)))
        else:
            say("| on Payara Micro with relay.batch: %s: p99 at half of Node's peak no worse than Node's | not measured"
                " in this run | missed |" % name_title)
    for key, name_title, peak, half in scenarios:
        r = ratio("wildfly", peak)
        if r is not None:
            say("| on WildFly, one event per frame: %s: delivered/s at least Node's | %s vs %s (%.2fx) | %s |"
                % (name_title, fmt(delivered("wildfly", peak)), fmt(delivered("node", peak)), r, verdict(r >= 1)))
        else:
            say("| on WildFly, one event per frame: %s: delivered/s at least Node's | not measured in this run | missed |"
                % name_title)
    for key, name_title, peak, half in scenarios:
        r = ratio("relay", peak)
        if r is not None:
            say("| on Payara Micro, one event per frame: %s: delivered/s as close to Node's as the container allows"
                " | %s vs %s (%.2fx) | reported |" % (name_title, fmt(delivered("relay", peak)),
                                                      fmt(delivered("node", peak)), r))
    relays = [server for server in servers if server != "node"]
    for relay in relays:
        rooms, broadcast = delivered(relay, "rooms-peak"), delivered(relay, "broadcast-peak")
        if rooms and broadcast:
            say("| %s: %s (every message stored) within 20%% of the broadcast | %s vs %s (%+.0f%%) | %s |"
                % (label_of[relay], scenarios[0][1], fmt(rooms), fmt(broadcast), 100.0 * (rooms - broadcast) / broadcast,
                   verdict(rooms >= 0.8 * broadcast)))
    for relay in relays:
        names = [name for (server, name) in runs if server == relay and name != "hold"]
        lost = sum(get(relay, name, "lost") or 0 for name in names)
        closed = sum(sum((get(relay, name, "closed_by_server") or {}).values()) for name in names
                     if not name.endswith("-slow"))
        say("| %s: no loss in any scenario | %s lost, %s clients closed by the server | %s |"
            % (label_of[relay], fmt(lost), fmt(closed), verdict(lost == 0 and closed == 0)))
    for relay in relays:
        calm, slow = get(relay, "big-room-half", "latency_p99_ms"), get(relay, "big-room-half-slow", "latency_p99_ms")
        if calm and slow is not None:
            size = fmt(get(relay, "big-room-half", "members"))
            say("| %s: a slow consumer in a room of %s raises the others' p99 by at most 10%% | %s ms -> %s ms (%+.0f%%) | %s |"
                % (label_of[relay], size, fmt(calm), fmt(slow), 100.0 * (slow - calm) / calm, verdict(slow <= 1.1 * calm)))
        elif relay == "relay-batch":
            say("| %s: a slow consumer raises the others' p99 by at most 10%% | not measured in this run | missed |"
                % label_of[relay])
    busy = ["%s, %s (%.0f%%)" % (label_of[server], name, r.get("load_cpu_percent", -1)) for (server, name), r in runs.items()
            if r.get("load_cpu_percent", -1) > 90]
    say("| the load generator under 90%% of its core | %s | %s |"
        % ("above in: " + "; ".join(busy) if busy else "under in every fan-out run", verdict(not busy)))
    say("")
    if args.profiles and os.path.exists(args.profiles) and os.path.getsize(args.profiles):
        say("## Profiles")
        say("")
        say("Java Flight Recorder (profile settings) over one more run of a peak on Relay on Payara Micro, after")
        say("the runs above and not counted in them: the share of the server's samples spent under each part.")
        say("")
        say(open(args.profiles).read().rstrip())
        say("")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        say(open(notes).read().rstrip())
        say("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
