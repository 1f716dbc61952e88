#!/usr/bin/env python3
"""Sums a Chromium trace (from `WAYLINE_BENCH_PROFILE=trace make bench`) by event name on each
renderer's main thread (one per tab: the benchmark's watching and editing tabs are listed apart):
where the time of style, layout, paint and scripts went.

    scripts/trace-summary.py target/bench/remote-edit-2000.trace.json [rows]

Times are each event's own (self) time: nested events are subtracted from their parent.
"""
import json
import sys
from collections import defaultdict


def main() -> None:
    raw = json.load(open(sys.argv[1]))
    events = raw["traceEvents"] if isinstance(raw, dict) else raw
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    main_threads = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    # Complete events (X) and begin/end pairs (B/E) of the main threads, as intervals.
    spans = []
    open_spans = defaultdict(list)
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if key not in main_threads:
            continue
        if e.get("ph") == "X" and "dur" in e:
            spans.append((e["ts"], e["ts"] + e["dur"], e["name"], key))
        elif e.get("ph") == "B":
            open_spans[key].append(e)
        elif e.get("ph") == "E" and open_spans[key]:
            b = open_spans[key].pop()
            spans.append((b["ts"], e["ts"], b["name"], key))
    spans.sort(key=lambda s: (s[3], s[0], -s[1]))
    for thread in sorted(main_threads):
        summarise([s for s in spans if s[3] == thread], thread, rows)


def summarise(spans, thread, rows) -> None:
    self_us = defaultdict(float)
    count = defaultdict(int)
    stack = []
    for start, end, name, key in spans:
        while stack and (stack[-1][3] != key or stack[-1][1] <= start):
            stack.pop()
        if stack:
            parent = stack[-1]
            self_us[parent[2]] -= min(end, parent[1]) - start
        self_us[name] += end - start
        count[name] += 1
        stack.append((start, end, name, key))
    top = [(n, us) for n, us in self_us.items() if n != "ThreadControllerImpl::RunTask" and n != "RunTask"]
    busy = sum(us for _, us in top)
    if busy == 0:
        return
    print(f"\nrenderer {thread[0]}: {busy / 1000:.0f} ms of self time in events on the main thread")
    print("self ms   count  event")
    for name, us in sorted(top, key=lambda kv: -kv[1])[:rows]:
        print(f"{us / 1000:8.1f}  {count[name]:6d}  {name}")


if __name__ == "__main__":
    main()
