#!/usr/bin/env python3
"""Summarizes a Java Flight Recorder file of Relay under load: where its threads' samples went.

    profile.py FILE.jfr TITLE    prints a Markdown section
"""
import collections
import re
import subprocess
import sys

# Each share counts the samples whose stack holds the marker anywhere (so they overlap).
SHARES = (
    ("Tyrus sends a frame (`TyrusRemoteEndpoint` send)", re.compile(r"TyrusRemoteEndpoint.*\.send")),
    ("of which its idle-timer task is scheduled (`restartIdleTimeoutExecutor`)",
     re.compile(r"restartIdleTimeoutExecutor")),
    ("of which the upgrade's output stream is flushed", re.compile(r"(?i)glassfish.*\.flush\(")),
    ("a client frame is read and handled (`TyrusEndpointWrapper.onMessage`)", re.compile(r"TyrusEndpointWrapper\.onMessage")),
    ("the managed executor runs a task (idle timers, closes)", re.compile(r"ManagedFutureTask\.run|ContextSetupProviderImpl")),
    ("thread context providers are looked up", re.compile(r"ThreadContextProvider|ServiceLoader")),
    ("messages are stored (EclipseLink, H2, JTA)", re.compile(r"org\.eclipse\.persistence|org\.h2\.|TransactionManager")),
    ("Relay's code anywhere on the stack", re.compile(r"org\.relaychat\.")),
)


# The recording spans the whole run: connecting and disconnecting the clients is left out.
SETUP = re.compile(r"EndpointFactory\.getEndpointInstance|ChatEndpoint\.open|ChatEndpoint\.close|ShutdownFilter\.doFilter"
                   r"|HandshakeGuard|ChatService\.connect|ChatService\.closed|ChatService\.lambda\$closed")


def samples(path):
    text = subprocess.run(["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                          capture_output=True, text=True, check=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s{4}(\S.*?)(?:\s+line:.*)?$", block.split("stackTrace = [", 1)[-1], re.M)
        frames = [frame for frame in frames if frame not in ("]", "}", "...")]
        yield (thread.group(1) if thread else "?"), frames


def main():
    path, title = sys.argv[1], sys.argv[2]
    total = 0
    shares = collections.Counter()
    leaves = collections.Counter()
    threads = collections.Counter()
    own_leaf = 0
    setup = 0
    for thread, frames in samples(path):
        if not frames:
            continue
        stack = "\n".join(frames)
        if SETUP.search(stack):
            setup += 1
            continue
        total += 1
        for label, marker in SHARES:
            if marker.search(stack):
                shares[label] += 1
        leaves[re.sub(r"\(.*", "", frames[0])] += 1
        threads[re.sub(r"\d+", "N", thread)] += 1
        own_leaf += frames[0].startswith("org.relaychat.")
    print("### %s" % title)
    print("")
    if not total:
        print("No samples.")
        print("")
        return
    pct = lambda n: "%.0f%%" % (100.0 * n / total)
    print("%d samples (and %d of connecting and disconnecting clients, left out). Share of the samples whose"
          " stack holds:" % (total, setup))
    print("")
    print("| | share |")
    print("|---|---|")
    for label, _ in SHARES:
        print("| %s | %s |" % (label, pct(shares[label])))
    print("| Relay's own methods at the top of the stack | %s |" % pct(own_leaf))
    print("")
    print("Threads: " + ", ".join("`%s` %s" % (name, pct(n)) for name, n in threads.most_common(4)) + ".")
    print("Methods at the top of the stack: " + ", ".join("`%s` %s" % (name, pct(n)) for name, n in leaves.most_common(6)) + ".")
    print("")


if __name__ == "__main__":
    main()
