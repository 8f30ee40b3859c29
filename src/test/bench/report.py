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
    for option in ("started", "load-before", "load-after", "command", "relay-flags", "payara", "wildfly"):
        parser.add_argument("--" + option, default="")
    args = parser.parse_args()
    runs = {}
    for line in open(args.results):
        row = json.loads(line)
        runs[(row["server"], row["name"])] = row["result"]

    def get(server, name, key):
        return runs.get((server, name), {}).get(key)

    # Relay as deployed on each server, then the comparison; only those the run has.
    servers = [server for server in ("relay", "wildfly", "node") if any(key[0] == server for key in runs)]
    relays = [server for server in servers if server != "node"]
    label = {"relay": "Relay on Payara Micro", "wildfly": "Relay on WildFly", "node": "Node"}
    short = {"relay": "Payara Micro", "wildfly": "WildFly", "node": "Node"}

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
    say("| | %s |" % " | ".join(label[server] for server in servers))
    say("|---|" + "---|" * len(servers))
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
            ("heap per connection", "heap_per_connection_bytes", kib)):
        if key is None:
            prefix = "rss" if row_label.startswith("resident") else "heap"
            cells = []
            for server in servers:
                before, after = get(server, "hold", prefix + "_before_mib"), get(server, "hold", prefix + "_after_mib")
                cells.append("–" if before is None else "%s / %s MiB" % (fmt(before), fmt(after)))
            say("| %s | %s |" % (row_label, " | ".join(cells)))
        else:
            say("| %s | %s |" % (row_label, " | ".join(render(get(server, "hold", key)) for server in servers)))
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
    say("load: half the lowest of the peaks.")
    say("")
    say("| scenario | server | messages sent/s | delivered/s | lost | p50 | p99 | max |")
    say("|---|---|---|---|---|---|---|---|")
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
                    say("| %s, %s | %s | %s | | | | | |" % (name_title, label, label_of[server], r["error"]))
                    continue
                rate = "" if r.get("mode") != "rate" else " (at %s/s)" % fmt(r["rate"])
                say("| %s, %s%s | %s | %s | %s | %s | %s ms | %s ms | %s ms |" % (
                    name_title, label, rate, label_of[server], fmt(r["sent_per_second"]),
                    fmt(r["delivered_per_second"]), fmt(r["lost"]), fmt(r["latency_p50_ms"]),
                    fmt(r["latency_p99_ms"]), fmt(r["latency_max_ms"])))
    say("")

    say("## Targets")
    say("")
    say("| target | figure | |")
    say("|---|---|---|")
    for relay in relays:
        on = "on " + short[relay]
        held = get(relay, "hold", "held") or 0
        asked = get(relay, "hold", "clients") or 0
        say("| %s: %s concurrent connections held by one server process | %s held | %s |"
            % (on, fmt(asked), fmt(held), "met" if asked and held >= asked else "missed"))
        rss, heap = get(relay, "hold", "rss_per_connection_bytes"), get(relay, "hold", "heap_per_connection_bytes")
        node_rss = get("node", "hold", "rss_per_connection_bytes")
        if rss is not None and heap is not None:
            say("| %s: memory per idle connection, reported (Node: %s resident) | %s heap + %s outside the heap"
                " (the heap is reserved and touched at startup) | reported |" % (on, kib(node_rss), kib(heap), kib(rss)))
        for key, name_title, peak, half in scenarios:
            relay_peak, node_peak = get(relay, peak, "delivered_per_second"), get("node", peak, "delivered_per_second")
            if relay_peak is None or node_peak is None:
                failed = [label[server] for server in (relay, "node") if get(server, peak, "delivered_per_second") is None]
                say("| %s: %s: the targets | %s's run failed | missed |" % (on, name_title, " and ".join(failed)))
                continue
            say("| %s: %s: delivered/s at least Node's | %s vs %s | %s |" % (
                on, name_title, fmt(relay_peak), fmt(node_peak), "met" if relay_peak >= node_peak else "missed"))
            lost = sum(get(relay, name, "lost") or 0 for name in (peak, half))
            say("| %s: %s: no loss (peak and half rate) | %s lost | %s |" % (
                on, name_title, fmt(lost), "met" if lost == 0 else "missed"))
            relay_p99, node_p99 = get(relay, half, "latency_p99_ms"), get("node", half, "latency_p99_ms")
            if relay_p99 is not None and node_p99 is not None:
                say("| %s: %s: p99 at half rate no worse than Node's | %s ms vs %s ms | %s |" % (
                    on, name_title, fmt(relay_p99), fmt(node_p99), "met" if relay_p99 <= node_p99 else "missed"))
        calm, slow = get(relay, "big-room-half", "latency_p99_ms"), get(relay, "big-room-half-slow", "latency_p99_ms")
        if calm and slow is not None:
            size = fmt(get(relay, "big-room-half", "members"))
            say("| %s: a slow consumer in a room of %s raises the others' p99 by at most 10%% | %s ms -> %s ms (%+.0f%%) | %s |"
                % (on, size, fmt(calm), fmt(slow), 100.0 * (slow - calm) / calm, "met" if slow <= 1.1 * calm else "missed"))
    say("")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        say(open(notes).read().rstrip())
        say("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
