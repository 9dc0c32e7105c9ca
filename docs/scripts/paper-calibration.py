#!/usr/bin/env python3
"""Calibration figures of an `evaluate --out DIR` folder (cases/paper-8/README.md).

usage: paper-calibration.py OUT_DIR CASE_DIR [CASE_DIR...]

OUT_DIR: an `evaluate --out` folder, or a `plan --out` folder (its hourly tables are Case 1's).

CASE_DIR: the folders to read links.csv and stations.csv from, first match wins (a variant case, then its base);
`planning-solver cases export NAME DIR` writes a built-in case to a folder.

Prints, from the files the evaluation wrote (docs/outputs.md):
- per station: daily charges, share of all charges, peak utilisation max_t y_s,t / mu_s with the service rate
  mu_s = m_s * eta * P_s / E (design.md section 2), and the queue factor 1 + alpha_q (y/mu)^beta_q at that hour;
- the detour share: extra road km driven by a charging EV against a non-charging EV of the same OD mix (the charging
  part is the share phi of every OD pair, so both would drive the same km without a detour);
- the feeder: lowest voltage of the day and its hour/bus, unserved energy, generator energy, binding limits.
"""
import csv
import json
import os
import sys


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]


def find(name, dirs):
    for d in dirs:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f"{name} not found in {dirs}")


def main():
    out, dirs = sys.argv[1], sys.argv[2:]
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    if "best" in summary:  # a plan folder: the hourly tables are Case 1's
        summary = summary["best"]
    params = {}
    for d in reversed(dirs):
        m = os.path.join(d, "case.json")
        if os.path.exists(m):
            params.update(json.load(open(m, encoding="utf-8")).get("parameters", {}))
    eta = params.get("charging_efficiency", 0.92)
    qa, qb = params.get("queue_alpha", 1.0), params.get("queue_beta", 4.0)
    classes = read(find("classes.csv", dirs))
    energy = max(float(c["energy_per_charge_kwh"]) for c in classes)
    stations = {s["station"]: s for s in read(find("stations.csv", dirs))}
    kw = summary["capacities_kw"]
    hourly = read(os.path.join(out, "stations_hourly.csv"))
    total = sum(float(r["flow_ev_per_h"]) for r in hourly)
    print(f"charges/day {total:.1f}   plan {','.join(f'{k}={v:g}' for k, v in kw.items())}")
    print("station   kW  charges  share  peak_util  queue_factor  peak_hour")
    for sid, s in stations.items():
        rows = [r for r in hourly if r["station"] == sid]
        daily = sum(float(r["flow_ev_per_h"]) for r in rows)
        p = kw[sid]
        if p > 0:
            mu = int(s["units"]) * eta * p / energy
            peak = max(rows, key=lambda r: float(r["flow_ev_per_h"]) / mu)
            u = float(peak["flow_ev_per_h"]) / mu
            print(f"{sid:7} {p:5g} {daily:8.1f} {daily / max(total, 1e-12):6.3f} {u:10.3f} {1 + qa * u ** qb:13.3f} {peak['hour']:>10}")
        else:
            print(f"{sid:7} {p:5g} {daily:8.1f} {daily / max(total, 1e-12):6.3f}   not built")
    links = {l["link"]: float(l["length_km"]) for l in read(find("links.csv", dirs))}
    ev_km = ev_trips = ch_km = 0.0
    for r in read(os.path.join(out, "links_hourly.csv")):
        length = links[r["link"]]
        ev_km += length * float(r["ev_flow_veh_per_h"])
        ch_km += length * (float(r["charging_before_flow_veh_per_h"]) + float(r["charging_after_flow_veh_per_h"]))
    shares = {c["class"]: c for c in classes}
    ev = [c for c in classes if c["kind"] == "ev"][0]
    phi = float(ev["charging_share"])
    # charging trips = total charges; non-charging EV trips = charges * (1 - phi) / phi
    ev_trips = total * (1 - phi) / phi
    if total > 0:
        per_charging, per_ev = ch_km / total, ev_km / ev_trips
        print(f"km per trip: charging EV {per_charging:.3f}, other EV {per_ev:.3f}; detour share {per_charging / per_ev - 1:.4f}")
    feeder = read(os.path.join(out, "feeder_hourly.csv"))
    low = min(feeder, key=lambda r: float(r["vmin_pu"]))
    unserved = sum(float(r["unserved_kw"]) for r in feeder)
    gens = [k for k in feeder[0] if k.endswith("_p_kw")]
    gen = sum(float(r[g]) for r in feeder for g in gens)
    binding = sorted({b for r in feeder for b in r["binding_limits"].split() if b.startswith("vmin") or b.startswith("imax")})
    print(f"min voltage {float(low['vmin_pu']):.4f} p.u. at hour {low['hour']} bus {low['vmin_bus']}; unserved {unserved:.1f} kWh; "
          f"generator energy {gen:.1f} kWh; peak import {max(float(r['import_kw']) for r in feeder):.0f} kW; binding {' '.join(binding) or 'none'}")
    c = summary["components"]
    dep = c["charging_time_usd_per_day"] + c["investment_usd_per_day"] + c["grid_operation_usd_per_day"]
    print(f"social cost {summary['social_cost_usd_per_day']:.0f}; charging time {c['charging_time_usd_per_day']:.0f}, investment {c['investment_usd_per_day']:.0f}, "
          f"grid {c['grid_operation_usd_per_day']:.0f} (plan-dependent {dep:.0f}); status {summary['status']}; grid_ok {summary['grid_ok']}")


main()
