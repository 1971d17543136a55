"""Turns one suite's samples into the table (stdout), the CSV, the machine record and the chart.

    report.py SUITE SAMPLES.jsonl FIGURES.json OUT_DIR
    report.py SUITE OUT_DIR/SUITE.csv FIGURES.json OUT_DIR   (table and chart again, from a run's CSV)

SAMPLES.jsonl: one JSON object a line, {figure, system, round, value, unit} (bench/lib/samples.mjs).
FIGURES.json: {"title", "comparisons": [...], "columns"?}: which samples are compared, and which
way is better. Each comparison:

    {"label": "...", "better": "lower" | "higher",
     "berth": {"figure", "system"},
     "baseline": {"figure", "system"},     optional: without it (a count, a memory figure) the
                                           row has "—" for the baseline and the ratio, and the
                                           chart draws Berth's bar alone
     "target": {"max": N} | {"min": N} | {"ratio": N},
                                           optional: met when Berth's median is ≤ N (max) or
                                           ≥ N (min), or the ratio is ≥ N (ratio: needs a
                                           baseline); the table's last column says which
                                           ("≤ 200: met", "ratio ≥ 1.25: missed"), empty without one
     "tail": 0.99}                         optional: the tail quantile (default 0.95), shown as
                                           "1234 (p99)" in the p95 columns and the whiskers

A comparison whose samples are missing is left out with a note on stderr. "columns" (optional):
how many charts a row of the PNG has (default: all of them in one row).

Writes OUT_DIR/SUITE.csv (suite, figure, system, round, value, unit; one row a sample),
OUT_DIR/SUITE.md (the table), OUT_DIR/SUITE.machine.json and, with matplotlib, OUT_DIR/SUITE.png.
Only the standard library is needed for everything but the chart.
"""
import csv
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time


DEFAULT_TAIL = 0.95


def tail(values, better, q=DEFAULT_TAIL):
    """The slow tail: the 95th percentile of a 'lower is better' figure (ms), the 5th of a 'higher
    is better' one (MiB/s), nearest rank: the value 95% of the samples do at least as well as.
    Another q (a comparison's "tail", e.g. 0.99) moves the percentile alike (99th; 1st)."""
    ordered = sorted(values)
    if better == "higher":
        ordered.reverse()
    return ordered[math.ceil(q * len(ordered)) - 1]


def summary(samples, ref, better, q=DEFAULT_TAIL):
    values = [s["value"] for s in samples if s["figure"] == ref["figure"] and s["system"] == ref["system"]]
    if not values:
        return None
    units = {s["unit"] for s in samples if s["figure"] == ref["figure"]}
    return {"system": ref["system"], "n": len(values), "median": statistics.median(values),
            "tail": tail(values, better, q), "unit": units.pop()}


def check(c):
    """A comparison's optional keys, or a SystemExit saying what is wrong with them."""
    label = c.get("label")
    if c.get("better") not in ("lower", "higher"):
        raise SystemExit(f"report: comparison {label!r}: better must be lower or higher, not {c.get('better')!r}")
    q = c.get("tail", DEFAULT_TAIL)
    if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q < 1:
        raise SystemExit(f"report: comparison {label!r}: tail must be a number between 0 and 1 (e.g. 0.99), not {q!r}")
    target = c.get("target")
    if target is not None:
        ok = isinstance(target, dict) and len(target) == 1 and set(target) <= {"max", "min", "ratio"}
        ok = ok and ("ratio" not in target or bool(c.get("baseline")))
        value = next(iter(target.values())) if ok else None
        if not ok or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SystemExit(f"report: comparison {label!r}: target must be {{\"max\": number}}, "
                             f"{{\"min\": number}} or (with a baseline) {{\"ratio\": number}}, not {json.dumps(target)}")
    return q, target


def compare(samples, comparisons):
    rows = []
    for c in comparisons:
        q, target = check(c)
        berth = summary(samples, c["berth"], c["better"], q)
        base = summary(samples, c["baseline"], c["better"], q) if c.get("baseline") else None
        if berth is None or (c.get("baseline") and base is None):
            print(f"report: no samples for {c['label']!r}: left out", file=sys.stderr)
            continue
        # > 1 means Berth does better, whichever way the figure goes (none without a baseline, or
        # when the median it would divide by is 0).
        ratio = None
        if base is not None:
            num, den = (base["median"], berth["median"]) if c["better"] == "lower" else (berth["median"], base["median"])
            ratio = num / den if den else None
        met = None
        if target is not None:
            (kind, bound), = target.items()
            if kind == "ratio":
                met = ratio is not None and ratio >= bound
            else:
                met = berth["median"] <= bound if kind == "max" else berth["median"] >= bound
        rows.append({"label": c["label"], "better": c["better"], "berth": berth, "baseline": base, "ratio": ratio,
                     "q": q, "target": target, "met": met})
    return rows


def fmt(value, unit=None):
    if unit == "count":  # a whole number of things (a median of two may be a half)
        return f"{value:g}"
    if unit == "cores":  # CPU, mostly below 1
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


NONE = "—"


def fmt_tail(value, q, unit=None):
    """A tail value, marked with its percentile when it is not the default p95."""
    return fmt(value, unit) if q == DEFAULT_TAIL else f"{fmt(value, unit)} (p{q * 100:g})"


def fmt_target(target, met):
    if target is None:
        return ""
    (kind, bound), = target.items()
    what = {"max": "≤", "min": "≥", "ratio": "ratio ≥"}[kind]
    return f"{what} {bound:g}: {'met' if met else 'missed'}"


def table(rows, machine):
    lines = [
        "| figure | unit | Berth | median | p95 | baseline | median | p95 | ratio (>1: Berth better) | target |",
        "|---|---|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        b, k = r["berth"], r["baseline"]
        base = (f"{k['system']} | {fmt(k['median'], k['unit'])} | {fmt_tail(k['tail'], r['q'], k['unit'])}" if k
                else f"{NONE} | {NONE} | {NONE}")
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else NONE
        lines.append(f"| {r['label']} | {b['unit']} | {b['system']} | {fmt(b['median'], b['unit'])} "
                     f"| {fmt_tail(b['tail'], r['q'], b['unit'])} "
                     f"| {base} | {ratio} | {fmt_target(r['target'], r['met'])} |")
    # Figures may have different numbers of samples (a count has one, a level of N sessions N).
    counts = [s["n"] for r in rows for s in (r["berth"], r["baseline"]) if s]
    n = str(counts[0]) if min(counts) == max(counts) else f"{min(counts)}–{max(counts)}"
    notes = ""
    marks = sorted({f"(p{r['q'] * 100:g})" for r in rows if r["q"] != DEFAULT_TAIL})
    if marks:
        notes += f" A tail marked {' or '.join(marks)} is that percentile instead."
    if any(r["baseline"] is None for r in rows):
        notes += f" {NONE}: no baseline for that figure."
    if any(r["target"] for r in rows):
        notes += " Target: on Berth's median (ratio targets: on the ratio)."
    lines += [
        "",
        f"{machine['nproc']} CPUs ({machine['cpu']}), {machine['memoryGiB']} GiB, Linux {machine['kernel']}, "
        f"{machine['date']}{cpu_probe_note(machine)}; {n} samples a figure. Ratio: Berth/baseline for throughput, "
        "baseline/Berth for times in ms (medians). p95: the slow tail (95th percentile of ms, "
        "5th percentile of MiB/s)." + notes,
    ]
    return "\n".join(lines)


CPU_PROBE_LOOPS = 2_000_000


def cpu_probe_ms():
    """How fast one core ran when the figures were taken: the best of 3 runs of a fixed loop.

    Machines of the same kind differ from day to day (a shared host); figures taken on different
    days compare only after this.
    """
    best = None
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(CPU_PROBE_LOOPS):
            total += i
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return round(best)


def cpu_probe_note(machine):
    probe = machine.get("cpuProbeMs")
    return f", CPU probe {probe} ms (a fixed Python loop, lower is faster)" if probe else ""


def machine_record(rounds):
    meminfo = dict(line.split(":", 1) for line in open("/proc/meminfo"))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memoryGiB": round(int(meminfo["MemTotal"].split()[0]) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "kubectl": first_line(["kubectl", "version", "--client", "-o", "json"], json_key="clientVersion"),
        "node": first_line(["node", "--version"]),
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "rounds": rounds,
        "cpuProbeMs": cpu_probe_ms(),
    }


def first_line(command, json_key=None):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20).stdout
    except OSError:
        return None
    if json_key:
        try:
            return json.loads(out)[json_key]["gitVersion"]
        except (ValueError, KeyError):
            return None
    return out.strip().splitlines()[0] if out.strip() else None


def chart(rows, title, path, columns=None):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"report: matplotlib is not installed, no chart ({path}); the CSV is written", file=sys.stderr)
        return False
    # One row of charts unless the figures say how many a row has ("columns").
    cols = min(columns or len(rows), len(rows))
    lines = math.ceil(len(rows) / cols)
    fig, axes = plt.subplots(lines, cols, figsize=(3.4 * cols, 4.2 * lines), squeeze=False)
    axes = list(axes.flat)
    for ax in axes[len(rows):]:
        ax.set_visible(False)
    for ax, r in zip(axes, rows):
        # Berth's bar, and its baseline's next to it when there is one.
        bars = [b for b in (r["berth"], r["baseline"]) if b]
        xs = list(range(len(bars)))
        medians = [b["median"] for b in bars]
        # Whisker from the median to the slow tail: up for ms, down for MiB/s.
        below = [max(0.0, b["median"] - b["tail"]) for b in bars]
        above = [max(0.0, b["tail"] - b["median"]) for b in bars]
        ax.bar(xs, medians, yerr=[below, above], capsize=6, color=["#2a7ab0", "#b0b0b0"][:len(bars)])
        heights = medians + [b["tail"] for b in bars]
        notes = []
        if r["target"]:
            (kind, bound), = r["target"].items()
            if kind != "ratio":  # a ratio has no line on this axis; the title says it
                ax.axhline(bound, color="#c0392b", linestyle="--", linewidth=1)
                heights.append(bound)
            notes.append(fmt_target(r["target"], r["met"]))
        if r["q"] != DEFAULT_TAIL:
            notes.append(f"whisker p{r['q'] * 100:g}")
        ax.set_ylim(0, (max(heights) * 1.12) or 1)
        if len(bars) == 1:
            ax.set_xlim(-1, 1)
        ax.set_xticks(xs, [b["system"].replace(" ", "\n", 1) for b in bars], fontsize=8)
        # Without a baseline there is no ratio: the title is the label, and the target if any.
        second = "; ".join(([f"ratio {r['ratio']:.2f} (>1: Berth better)"] if r["ratio"] is not None else []) + notes)
        ax.set_title("\n".join([r["label"]] + ([second] if second else [])), fontsize=9)
        ax.set_ylabel(f"{bars[0]['unit']} ({r['better']} is better)", fontsize=8)
        for x, m in enumerate(medians):
            ax.annotate(fmt(m, bars[x]["unit"]), (x, m), textcoords="offset points", xytext=(12, 2), fontsize=8)
    whiskers = "p95 (slow tail)" if all(r["q"] == DEFAULT_TAIL for r in rows) else "p95 (slow tail) unless a chart says otherwise"
    target = ", dashed: target" if any(r["target"] for r in rows) else ""
    fig.suptitle(f"{title}\nbars: median, whiskers: {whiskers}{target}", fontsize=10)
    # More than one row of charts: keep the top 0.6 in for the title, which tight_layout ignores.
    fig.tight_layout(**({"rect": (0, 0, 1, 1 - 0.6 / (4.2 * lines))} if lines > 1 else {}))
    fig.savefig(path, dpi=110)
    return True


def main():
    suite, samples_path, figures_path, out_dir = sys.argv[1:5]
    base = os.path.join(out_dir, suite)
    # From a run's own CSV: the samples and the machine record stay as that run wrote them.
    again = samples_path.endswith(".csv")
    if again:
        samples = [dict(row, value=float(row["value"])) for row in csv.DictReader(open(samples_path))]
    else:
        samples = [json.loads(line) for line in open(samples_path) if line.strip()]
    if not samples:
        raise SystemExit(f"report: {samples_path} has no samples")
    figures = json.load(open(figures_path))
    columns = figures.get("columns")
    if columns is not None and (isinstance(columns, bool) or not isinstance(columns, int) or columns < 1):
        raise SystemExit(f"report: {figures_path}: columns must be a whole number ≥ 1, not {columns!r}")
    rows = compare(samples, figures["comparisons"])
    if not rows:
        raise SystemExit(f"report: none of the comparisons of {figures_path} has samples")
    os.makedirs(out_dir, exist_ok=True)

    if again:
        machine = json.load(open(base + ".machine.json"))
    else:
        machine = machine_record(int(os.environ.get("BENCH_ROUNDS", "10")))
        with open(base + ".csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["suite", "figure", "system", "round", "value", "unit"])
            for s in samples:
                writer.writerow([suite, s["figure"], s["system"], s["round"], f"{s['value']:.3f}", s["unit"]])
        with open(base + ".machine.json", "w") as f:
            json.dump(machine, f, indent=2)
            f.write("\n")
    text = table(rows, machine)
    with open(base + ".md", "w") as f:
        f.write(f"# {suite}: {figures['title']}\n\n{text}\n")
    print(f"\n== {suite}: {figures['title']}\n")
    print(text)
    drawn = chart(rows, figures["title"], base + ".png", columns)
    written = [base + ".md"] + ([] if again else [base + ".csv", base + ".machine.json"]) + ([base + ".png"] if drawn else [])
    print("\nwritten: " + ", ".join(written))


if __name__ == "__main__":
    main()
