#!/usr/bin/env python3
"""Start-up and end-to-end timings of the connql binary, side by side in one run
(docs/benchmarks.md, issue 6): a one-statement `connql run` against one curl of the
same Connect endpoint, `connql --version`, and `connql explain` of a 1,000-statement
migration. Runs are interleaved so that the machine's noise hits every command alike.

    bench/start_bench.py [--base OTHER_CONNQL] [--runs 40]

It uses the running local cluster (scripts/cluster up) or CONNQL_CONNECT_URL. With
--base, the same figures for another build of connql (the previous commit's, say).
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def worker_url():
    url = os.environ.get("CONNQL_CONNECT_URL", "")
    if not url:
        env = subprocess.run([os.path.join(root, "scripts/cluster"), "env"], capture_output=True, text=True)
        for line in env.stdout.splitlines():
            if line.startswith("CONNECT_URLS="):
                url = line.split("=", 1)[1]
    if not url:
        sys.exit("start_bench: no cluster: run scripts/cluster up, or set CONNQL_CONNECT_URL")
    return url.split(",")[0]


def migration(path, statements):
    # The shape of bench/generated_script.h: USING, WITH of three keys, FORMAT, two transforms, ON ERROR.
    with open(path, "w") as out:
        for i in range(statements):
            out.write(f"CREATE SOURCE CONNECTOR orders-{i} USING 'FileStreamSource'\n"
                      f"  WITH ('file' = '/var/data/orders-{i}.txt', 'topic' = 'orders-{i}', 'tasks.max' = 1)\n"
                      "  FORMAT KEY STRING VALUE JSON\n"
                      "  TRANSFORM castId USING 'Cast$Value' WITH ('spec' = 'id:int32')\n"
                      "  TRANSFORM route USING 'RegexRouter' WITH ('regex' = '(.*)', 'replacement' = '$1-v2')\n"
                      "  ON ERROR SKIP AND LOG;\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connql", default=os.path.join(root, "build/connql"))
    parser.add_argument("--base", help="another connql binary to measure beside this one")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    url = worker_url()
    work = tempfile.mkdtemp()
    one = os.path.join(work, "one.sql")
    with open(one, "w") as f:
        f.write("SHOW CONNECTOR PLUGINS;\n")
    big = os.path.join(work, "migration.sql")
    migration(big, 1000)

    binaries = {"connql": args.connql}
    if args.base:
        binaries["base"] = args.base
    commands = {"curl GET /connector-plugins": ["curl", "-sf", url + "/connector-plugins"]}
    for label, binary in binaries.items():
        commands[f"{label} run (SHOW CONNECTOR PLUGINS)"] = [binary, "run", "--connect-url", url, one]
        commands[f"{label} --version"] = [binary, "--version"]
        commands[f"{label} explain -o json, 1,000 CREATEs"] = [binary, "explain", "-o", "json", big]
    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                sys.exit(f"start_bench: {' '.join(command)} exited {done.returncode}")
            times[name].append(elapsed)
    curl = statistics.median(times["curl GET /connector-plugins"])
    print(f"median of {args.runs} interleaved runs, ms")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = f"  ({median / curl:.2f}x curl)" if " run " in name else ""
        print(f"  {name:45s} {median:8.2f}{ratio}")


if __name__ == "__main__":
    main()
