#!/usr/bin/env python3
"""Summarises a Chromium .cpuprofile (from `WAYLINE_BENCH_PROFILE=1 make bench`): self time and
total time per function, heaviest first, so a profile can be read without DevTools.

    scripts/cpuprofile-summary.py target/bench/remote-edit-2000.cpuprofile [rows]
"""
import json
import sys
from collections import defaultdict


def main() -> None:
    profile = json.load(open(sys.argv[1]))
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {}
    for n in profile["nodes"]:
        for c in n.get("children", []):
            parent[c] = n["id"]
    # Each sample is charged the interval that follows it.
    times = profile["timeDeltas"][1:] + [0]
    self_us = defaultdict(float)
    total_us = defaultdict(float)

    def label(node):
        f = node["callFrame"]
        url = f["url"].rsplit("/", 1)[-1]
        return f"{f['functionName'] or '(anonymous)'} {url}:{f['lineNumber'] + 1}" if url else f["functionName"]

    for sample, dt in zip(profile["samples"], times):
        node = nodes[sample]
        self_us[label(node)] += dt
        seen = set()
        at = sample
        while at is not None:
            name = label(nodes[at])
            if name not in seen:
                total_us[name] += dt
                seen.add(name)
            at = parent.get(at)
    span = sum(times) / 1000
    idle = self_us.get("(idle)", 0) / 1000
    print(f"{span:.0f} ms sampled, {span - idle:.0f} ms busy")
    print("self ms   total ms  function")
    for name, us in sorted(self_us.items(), key=lambda kv: -kv[1])[:rows]:
        print(f"{us / 1000:8.1f}  {total_us[name] / 1000:8.1f}  {name}")
    print("\nheaviest by total (inclusive):")
    for name, us in sorted(total_us.items(), key=lambda kv: -kv[1])[:rows]:
        if name in ("(root)", "(idle)"):
            continue
        print(f"{us / 1000:8.1f}  {name}")


if __name__ == "__main__":
    main()
