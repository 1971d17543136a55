"""Turns one suite's samples into the table (stdout), the CSV, the machine record and the chart.

    report.py SUITE SAMPLES.jsonl FIGURES.json OUT_DIR
    report.py SUITE OUT_DIR/SUITE.csv FIGURES.json OUT_DIR   (table and chart again, from a run's CSV)

SAMPLES.jsonl: one JSON object a line, {figure, system, round, value, unit} (bench/lib/samples.mjs).
FIGURES.json: {"title", "comparisons": [{label, better: lower|higher, berth: {figure, system},
baseline: {figure, system}}]}: which samples are compared, and which way is better.

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


def tail(values, better):
    """The slow tail: the 95th percentile of a 'lower is better' figure (ms), the 5th of a 'higher
    is better' one (MiB/s), nearest rank: the value 95% of the samples do at least as well as."""
    ordered = sorted(values)
    if better == "higher":
        ordered.reverse()
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def summary(samples, ref, better):
    values = [s["value"] for s in samples if s["figure"] == ref["figure"] and s["system"] == ref["system"]]
    if not values:
        return None
    units = {s["unit"] for s in samples if s["figure"] == ref["figure"]}
    return {"system": ref["system"], "n": len(values), "median": statistics.median(values),
            "tail": tail(values, better), "unit": units.pop()}


def compare(samples, comparisons):
    rows = []
    for c in comparisons:
        if c["better"] not in ("lower", "higher"):
            raise SystemExit(f"report: comparison {c['label']!r}: better must be lower or higher, not {c['better']!r}")
        berth, base = summary(samples, c["berth"], c["better"]), summary(samples, c["baseline"], c["better"])
        if berth is None or base is None:
            print(f"report: no samples for {c['label']!r}: left out", file=sys.stderr)
            continue
        # > 1 means Berth does better, whichever way the figure goes.
        ratio = base["median"] / berth["median"] if c["better"] == "lower" else berth["median"] / base["median"]
        rows.append({"label": c["label"], "better": c["better"], "berth": berth, "baseline": base, "ratio": ratio})
    return rows


def fmt(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(rows, machine):
    lines = [
        "| figure | unit | Berth | median | p95 | baseline | median | p95 | ratio (>1: Berth better) |",
        "|---|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        b, k = r["berth"], r["baseline"]
        lines.append(f"| {r['label']} | {b['unit']} | {b['system']} | {fmt(b['median'])} | {fmt(b['tail'])} "
                     f"| {k['system']} | {fmt(k['median'])} | {fmt(k['tail'])} | {r['ratio']:.2f} |")
    lines += [
        "",
        f"{machine['nproc']} CPUs ({machine['cpu']}), {machine['memoryGiB']} GiB, Linux {machine['kernel']}, "
        f"{machine['date']}; {rows[0]['berth']['n']} samples a figure. Ratio: Berth/baseline for throughput, "
        "baseline/Berth for times in ms (medians). p95: the slow tail (95th percentile of ms, "
        "5th percentile of MiB/s).",
    ]
    return "\n".join(lines)


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


def chart(rows, title, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"report: matplotlib is not installed, no chart ({path}); the CSV is written", file=sys.stderr)
        return False
    fig, axes = plt.subplots(1, len(rows), figsize=(3.4 * len(rows), 4.2))
    axes = axes if len(rows) > 1 else [axes]
    for ax, r in zip(axes, rows):
        bars = [r["berth"], r["baseline"]]
        medians = [b["median"] for b in bars]
        # Whisker from the median to the slow tail: up for ms, down for MiB/s.
        below = [max(0.0, b["median"] - b["tail"]) for b in bars]
        above = [max(0.0, b["tail"] - b["median"]) for b in bars]
        ax.bar([0, 1], medians, yerr=[below, above], capsize=6, color=["#2a7ab0", "#b0b0b0"])
        ax.set_ylim(0, max(medians + [b["tail"] for b in bars]) * 1.12)
        ax.set_xticks([0, 1], [b["system"].replace(" ", "\n", 1) for b in bars], fontsize=8)
        ax.set_title(f"{r['label']}\nratio {r['ratio']:.2f} (>1: Berth better)", fontsize=9)
        ax.set_ylabel(f"{bars[0]['unit']} ({r['better']} is better)", fontsize=8)
        for x, m in enumerate(medians):
            ax.annotate(fmt(m), (x, m), textcoords="offset points", xytext=(12, 2), fontsize=8)
    fig.suptitle(f"{title}\nbars: median, whiskers: p95 (slow tail)", fontsize=10)
    fig.tight_layout()
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
    drawn = chart(rows, figures["title"], base + ".png")
    written = [base + ".md"] + ([] if again else [base + ".csv", base + ".machine.json"]) + ([base + ".png"] if drawn else [])
    print("\nwritten: " + ", ".join(written))


if __name__ == "__main__":
    main()
