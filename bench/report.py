#!/usr/bin/env python3
"""Merges the JSON the benchmark binaries write (`--json`) into one run, and renders it.

    report.py merge OUT.json IN.json...   one document for the run (plus `--meta KEY=VALUE`)
    report.py markdown RUN.json OUT.md    the table of ratios, p50/p99 and peak RSS
    report.py chart RUN.json OUT.png      the ratios per cell (needs matplotlib)

`bench/run` calls all three; only `chart` needs anything beyond the standard library.
"""
import json
import sys


def merge(out, inputs, meta):
    run = {"meta": meta, "benchmarks": [], "cells": [], "supplementary": [], "failed": []}
    for path in inputs:
        try:
            with open(path, encoding="utf-8") as handle:
                report = json.load(handle)
        except (OSError, ValueError) as error:
            run["failed"].append({"file": path, "error": str(error)})
            continue
        cells = report.pop("cells", [])
        supplementary = report.pop("supplementary", [])
        run["benchmarks"].append(report)
        run["cells"].extend(cells)
        run["supplementary"].extend(supplementary)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(run, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")


def figure(value, unit):
    if value is None:
        return "–"
    if value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"


def millis(value):
    if value is None:
        return None
    if value >= 100:
        return f"{value:,.0f} ms"
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def latency(ours, theirs):
    mine = millis(ours)
    if mine is None:
        return "–"
    other = millis(theirs)
    return f"{mine} ({other})" if other else mine


def ratio(value):
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if value < 0.1 else f"{value * 100:.0f}%"


def mebibytes(value):
    return "–" if value is None else f"{value / (1 << 20):,.0f} MiB"


def table(cells, first_column):
    lines = [
        f"| benchmark | cell | {first_column} | baseline | ratio | p50 (baseline) | p99 (baseline) | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for cell in cells:
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} | {} |".format(
                cell["benchmark"],
                cell["cell"],
                figure(cell.get("labledger"), cell["unit"]),
                figure(cell.get("baseline"), cell["unit"]) if cell.get("baseline") is not None else "none",
                ratio(cell.get("ratio")),
                latency(cell.get("p50Ms"), cell.get("baselineP50Ms")),
                latency(cell.get("p99Ms"), cell.get("baselineP99Ms")),
                mebibytes(cell.get("peakRSSBytes")),
            )
        )
    return lines


def markdown(source, out):
    with open(source, encoding="utf-8") as handle:
        run = json.load(handle)
    meta = run.get("meta", {})
    lines = [f"# LabLedger benchmarks, {meta.get('started', '?')}", ""]
    lines.append(
        "One command (`bench/run`{}), every benchmark beside its baseline on the same machine in the same "
        "run. Absolute figures vary between runs (fsync latency alone has varied 40× on this machine); "
        "the ratios within one run are what compare.".format(" --quick" if meta.get("quick") == "yes" else "")
    )
    lines.append("")
    facts = []
    if meta.get("commit"):
        facts.append(f"commit `{meta['commit']}`")
    if run["benchmarks"]:
        first = run["benchmarks"][0]
        facts.append(f"{first.get('cores', '?')} cores, {first.get('memoryBytes', 0) / (1 << 30):.0f} GiB")
    if meta.get("uptimeStart"):
        facts.append(f"`uptime` at start: `{meta['uptimeStart'].strip()}`")
    if meta.get("uptimeEnd"):
        facts.append(f"at end: `{meta['uptimeEnd'].strip()}`")
    lines.append("; ".join(facts) + ".")
    lines.append("")
    for bench in run["benchmarks"]:
        settings = ", ".join(f"{key} {value}" for key, value in sorted(bench.get("settings", {}).items()))
        load = ""
        if bench.get("loadAtStart") is not None:
            load = f"; 1-min load {bench['loadAtStart']:.2f} → {bench.get('loadAtEnd') or 0:.2f}"
        lines.append(f"- **{bench['benchmark']}** ({bench['startedAt']} → {bench['finishedAt']}{load}): {settings}.")
    lines.append("")
    lines.extend(table(run["cells"], "LabLedger"))
    lines.append("")
    lines.append(
        "Ratio: LabLedger ÷ baseline (higher is better). p50/p99: LabLedger's latency per operation, the "
        "baseline's in parentheses where its tool reports one. Peak RSS: of the process named below, while "
        "LabLedger's side of the cell ran."
    )
    lines.append("")
    seen = set()
    for cell in run["cells"]:
        key = (cell["benchmark"], cell["subject"], cell.get("baselineName"), cell.get("rssOf"))
        if key in seen:
            continue
        seen.add(key)
        baseline = cell.get("baselineName") or "none (PostgreSQL has no equivalent)"
        # A cell with no process's memory measured says so, rather than "peak RSS of ?".
        rss = f"peak RSS of {cell['rssOf']}" if cell.get("rssOf") else "no peak RSS measured"
        lines.append(f"- {cell['benchmark']}: {cell['subject']}; baseline: {baseline}; {rss}.")
    errors = sum(cell.get("errors") or 0 for cell in run["cells"])
    if any(cell.get("errors") is not None for cell in run["cells"]):
        lines.append(f"- HTTP errors (non-2xx or failed requests) over all API cells: {errors}.")
    if run["supplementary"]:
        lines.append("")
        lines.append("PostgreSQL alone (why the store notifies after its commit, not inside it):")
        lines.append("")
        lines.extend(table(run["supplementary"], "measured"))
    for failure in run.get("failed", []):
        lines.append("")
        lines.append(f"**Missing:** {failure['file']} ({failure['error']}).")
    text = "\n".join(lines) + "\n"
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(text)
    sys.stdout.write(text)


def chart(source, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(source, encoding="utf-8") as handle:
        run = json.load(handle)
    cells = [cell for cell in run["cells"] if cell.get("ratio") is not None]
    if not cells:
        raise SystemExit("no cell has a ratio to chart")
    colours = {"append": "#1f77b4", "projections": "#2ca02c", "api": "#d62728", "audit": "#9467bd"}
    labels = [f"{cell['benchmark']}: {cell['cell']}" for cell in cells]
    values = [cell["ratio"] * 100 for cell in cells]
    height = max(3.0, 0.32 * len(cells) + 1.4)
    fig, ax = plt.subplots(figsize=(10, height))
    positions = list(range(len(cells)))[::-1]
    # Ratios span from about 1% to well over 100%: a logarithmic axis keeps every bar readable.
    ax.barh(positions, values, color=[colours.get(cell["benchmark"], "#7f7f7f") for cell in cells])
    ax.set_xscale("log")
    ax.set_yticks(positions)
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(100, color="black", linewidth=0.8, linestyle="--")
    ax.set_xlabel("LabLedger ÷ baseline, % (log scale; higher is better; dashed line = baseline)")
    # The append cells' second baseline: raw INSERTs through the same Swift driver the store uses.
    driver = {position: cell["extra"]["ratioToRawViaSwiftDriver"] * 100
              for position, cell in zip(positions, cells) if "ratioToRawViaSwiftDriver" in cell.get("extra", {})}
    if driver:
        ax.scatter(list(driver.values()), list(driver.keys()), marker="D", s=14, color="black", zorder=3,
                   label="append: store ÷ raw INSERTs through the same Swift driver")
        ax.legend(loc="lower right", fontsize=7)
    everything = values + list(driver.values())
    low, high = min(everything), max(everything)
    left, right = min(0.5, low / 2), max(400.0, high * 5)
    ax.set_xlim(left, right)
    ticks = [tick for tick in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if left <= tick <= right]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{tick:g}%" for tick in ticks], fontsize=8)
    ax.minorticks_off()
    def percent(value):
        return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"

    for position, value in zip(positions, values):
        text = percent(value)
        if position in driver:
            text += f"  (◆ {percent(driver[position])} of the driver)"
        ax.text(max(value, driver.get(position, 0)) * 1.12, position, text, va="center", fontsize=7,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    meta = run.get("meta", {})
    ax.set_title(f"LabLedger beside its baselines, {meta.get('started', '')} (ratios within one run)", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    command = argv[1]
    if command == "merge":
        meta, rest = {}, []
        arguments = iter(argv[2:])
        for argument in arguments:
            if argument == "--meta":
                key, _, value = next(arguments).partition("=")
                meta[key] = value
            else:
                rest.append(argument)
        merge(rest[0], rest[1:], meta)
    elif command == "markdown":
        markdown(argv[2], argv[3])
    elif command == "chart":
        chart(argv[2], argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
