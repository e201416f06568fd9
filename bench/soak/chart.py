#!/usr/bin/env python3
"""chart.py SOAK.CSV -- one panel per column of bench/soak's CSV against the minute: soak.png with
matplotlib (Debian python3-matplotlib), or soak.svg written by hand when matplotlib is missing."""
import csv, os, sys

COLUMNS = [("heap_after_gc_mib", "heap after GC (MiB)"), ("fds", "open fds"), ("threads", "threads"),
           ("calls_per_s", "calls/s"), ("failed_calls", "failed calls (total)"), ("uac_503", "503s to the caller (total)")]


def load(path):
    rows = list(csv.DictReader(open(path)))
    return [int(r["minute"]) for r in rows], {k: [float(r[k]) for r in rows] for k, _ in COLUMNS}


def png(x, series, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(len(COLUMNS), 1, figsize=(9, 2 * len(COLUMNS)), sharex=True)
    for ax, (k, label) in zip(axes, COLUMNS):
        ax.plot(x, series[k], marker=".")
        ax.set_ylabel(label, fontsize=8)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel("minute")
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def svg(x, series, out):
    w, h, pad = 720, 110, 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h * len(COLUMNS)}" font-size="11">']
    for i, (k, label) in enumerate(COLUMNS):
        y0, ys = i * h, series[k]
        top = max(ys + [1]) * 1.1
        sx = lambda v: pad + (v - x[0]) * (w - 2 * pad) / max(1, x[-1] - x[0])
        sy = lambda v: y0 + h - 20 - v * (h - 35) / top
        pts = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(x, ys))
        parts.append(f'<text x="{pad}" y="{y0 + 12}">{label} (max {max(ys):g})</text>')
        parts.append(f'<line x1="{pad}" y1="{sy(0):.1f}" x2="{w - pad}" y2="{sy(0):.1f}" stroke="#999"/>')
        parts.append(f'<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="{pts}"/>')
    parts.append("</svg>")
    open(out, "w").write("\n".join(parts))


def main():
    path = sys.argv[1]
    x, series = load(path)
    if not x:
        print("chart: no rows")
        return
    base = os.path.splitext(path)[0]
    try:
        png(x, series, base + ".png")
        print(f"chart: {base}.png")
    except ImportError:
        svg(x, series, base + ".svg")
        print(f"chart: {base}.svg")


if __name__ == "__main__":
    main()
