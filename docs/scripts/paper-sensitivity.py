#!/usr/bin/env python3
"""F1 sensitivity of the default case (docs/paper-comparison.md): the saving of a fixed Case 1 plan against Case 2 when
one input moves, from pairs of `sweep` folders, one with --capacities CASE1 and one with --uniform, over the same axis.

usage: paper-sensitivity.py OUT.svg BASE_CASE1_COST BASE_CASE2_COST BASE_CASE2_PLAN_DEPENDENT AXIS=C1_DIR,C2_DIR [...]

Prints a markdown table (axis, value, saving, share of Case 2's plan-dependent costs, statuses) and writes a bar chart
as SVG (no plotting package needed): one group of bars per axis value, the base case's saving as a dashed line.
"""
import csv
import sys


def rows(folder):
    with open(f"{folder}/results.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    out, base1, base2, base_dep = sys.argv[1], *map(float, sys.argv[2:5])
    base = base2 - base1
    points = []
    for spec in sys.argv[5:]:
        axis, dirs = spec.split("=")
        c1, c2 = dirs.split(",")
        for a, b in zip(rows(c1), rows(c2)):
            assert a[axis] == b[axis]
            dep = float(b["charging_time_usd_per_day"]) + float(b["investment_usd_per_day"]) + float(b["grid_operation_usd_per_day"])
            saving = float(b["social_cost_usd_per_day"]) - float(a["social_cost_usd_per_day"])
            points.append((axis, float(a[axis]), saving, saving / dep, a["status"], b["status"]))
    print("| input | value | saving (USD/day) | share of Case 2's plan-dependent costs | status Case 1 / Case 2 |")
    print("|---|---:|---:|---:|---|")
    print(f"| (base) | | {base:,.0f} | {100 * base / base_dep:.1f} % | |")
    for axis, value, saving, share, s1, s2 in points:
        print(f"| `{axis}` | {value:g} | {saving:,.0f} | {100 * share:.1f} % | {s1} / {s2} |")

    width, height, left, bottom, top = 760, 380, 70, 70, 40
    top_value = max([base] + [p[2] for p in points]) * 1.15
    bar = (width - left - 20) / (len(points) + 1)

    def y(v):
        return top + (height - top - bottom) * (1 - v / top_value)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="DejaVu Sans, Arial" font-size="12">',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">Saving of Case 1 (fixed plan) over Case 2 when one input moves</text>',
           f'<line x1="{left}" y1="{y(0)}" x2="{width - 20}" y2="{y(0)}" stroke="#333"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{y(0)}" stroke="#333"/>']
    for k in range(0, int(top_value) + 1, 500):
        svg.append(f'<text x="{left - 6}" y="{y(k) + 4}" text-anchor="end">{k:,}</text>')
        svg.append(f'<line x1="{left}" y1="{y(k)}" x2="{width - 20}" y2="{y(k)}" stroke="#ddd"/>')
    svg.append(f'<text x="16" y="{(top + y(0)) / 2}" transform="rotate(-90 16 {(top + y(0)) / 2})" text-anchor="middle">saving (USD/day)</text>')
    svg.append(f'<line x1="{left}" y1="{y(base)}" x2="{width - 20}" y2="{y(base)}" stroke="#c33" stroke-dasharray="6,4"/>')
    svg.append(f'<text x="{width - 24}" y="{y(base) - 6}" text-anchor="end" fill="#c33">base {base:,.0f}</text>')
    for i, (axis, value, saving, share, _, _) in enumerate(points):
        x = left + bar * (i + 0.6)
        svg.append(f'<rect x="{x}" y="{y(saving)}" width="{bar * 0.7}" height="{y(0) - y(saving)}" fill="#1f77b4"/>')
        svg.append(f'<text x="{x + bar * 0.35}" y="{y(saving) - 4}" text-anchor="middle">{saving:,.0f}</text>')
        svg.append(f'<text x="{x + bar * 0.35}" y="{y(0) + 16}" text-anchor="middle">{axis}</text>')
        svg.append(f'<text x="{x + bar * 0.35}" y="{y(0) + 32}" text-anchor="middle">= {value:g}</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


main()
