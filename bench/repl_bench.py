#!/usr/bin/env python3
"""The REPL's latencies through a pseudo-terminal, as a user meets them (docs/benchmarks.md).

  bench/repl_bench.py --connect-url URL [--runs 20] [--connectors 1000]

1. Start to first prompt: from spawning `connql` on a pty until the prompt is on it.
2. Tab completion of a connector name with N connectors on the cluster: from the Tab key
   until the completed line is drawn, the first Tab (names fetched) and then cached ones.
The connectors are created STOPPED (POST /connectors with initial_state, Kafka 3.5+), so the
workers run no task for them; the script leaves them (bench-repl-NNNN and bench-repl-target) for reruns and drops
nothing: use DROP CONNECTOR or a fresh cluster.
"""
import argparse, concurrent.futures, json, os, pty, select, statistics, sys, time, urllib.request

BINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "connql")
PROMPT = b"\x1b[?2004hconnql> "


class Pty:
    def __init__(self, args, env):
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.execv(BINARY, [BINARY] + args)
        self.out = b""

    def read_until(self, pattern, start, timeout=10.0):
        end = time.perf_counter() + timeout
        while self.out.find(pattern, start) < 0:
            if time.perf_counter() > end:
                raise RuntimeError("timed out waiting for %r in %r" % (pattern, self.out[start:]))
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                self.out += os.read(self.fd, 65536)
        return time.perf_counter()

    def first_output_after(self, start, timeout=10.0):
        end = time.perf_counter() + timeout
        while len(self.out) <= start:
            if time.perf_counter() > end:
                raise RuntimeError("no output")
            ready, _, _ = select.select([self.fd], [], [], 0.01)
            if ready:
                self.out += os.read(self.fd, 65536)
        return time.perf_counter()

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def env(home):
    return {"HOME": home, "XDG_STATE_HOME": home + "/state", "PAGER": "", "TERM": "xterm"}


def start_to_prompt(url, runs, home):
    times = []
    for _ in range(runs):
        p = Pty(["--connect-url", url], env(home))
        times.append((p.read_until(PROMPT, 0) - p.started) * 1000)
        p.close()
    return times


def create_stopped(url, count):
    first = url.split(",")[0]
    existing = set(json.load(urllib.request.urlopen(first + "/connectors")))
    def create(i):
        name = "bench-repl-%04d" % i if i < count else "bench-repl-target"
        if name in existing:
            return
        body = json.dumps({"name": name, "initial_state": "STOPPED", "config": {
            "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
            "topic": "bench-repl", "file": "/tmp/connql-bench-none", "tasks.max": "1"}}).encode()
        request = urllib.request.Request(first + "/connectors", body, {"Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(count + 1)))  # and the one the Tab completes
    return len(json.load(urllib.request.urlopen(first + "/connectors")))


def tab_times(url, runs, home, count):
    p = Pty(["--connect-url", url], env(home))
    p.read_until(PROMPT, 0)
    target = "bench-repl-target"  # typed as "bench-repl-t": one name among them begins so
    results = []
    for i in range(runs + 1):
        mark = len(p.out)
        p.send(b"\x15DESCRIBE CONNECTOR bench-repl-t")
        p.read_until(b"repl-t", mark)
        while True:  # let the echo settle
            ready, _, _ = select.select([p.fd], [], [], 0.05)
            if not ready:
                break
            p.out += os.read(p.fd, 65536)
        mark = len(p.out)
        sent = time.perf_counter()
        p.send(b"\t")
        results.append((p.first_output_after(mark) - sent) * 1000)
        # Proof that Tab completed (a beep would be output too): Enter runs the completed
        # line, and its output names the connector.
        mark = len(p.out)
        p.send(b";\r")
        p.read_until(PROMPT, mark)
        shown = p.out[mark:]
        if b"\x07" in p.out[mark - 64:mark] or b"STOPPED" not in shown:
            raise RuntimeError("Tab did not complete %s: %r" % (target, shown))
    p.close()
    return results[0], results[1:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect-url", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--connectors", type=int, default=1000)
    a = parser.parse_args()
    home = "/tmp/connql-repl-bench-%d" % os.getpid()
    os.makedirs(home, exist_ok=True)
    starts = start_to_prompt(a.connect_url, a.runs, home)
    print("start to first prompt: median %.1f ms (min %.1f, max %.1f, %d runs)"
          % (statistics.median(starts), min(starts), max(starts), len(starts)))
    total = create_stopped(a.connect_url, a.connectors)
    first, cached = tab_times(a.connect_url, a.runs, home, a.connectors)
    print("Tab on a connector name, %d connectors on the cluster: first (fetch) %.1f ms; "
          "cached: median %.1f ms (min %.1f, max %.1f, %d runs)"
          % (total, first, statistics.median(cached), min(cached), max(cached), len(cached)))


if __name__ == "__main__":
    main()
