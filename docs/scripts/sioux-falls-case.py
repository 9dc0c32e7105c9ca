#!/usr/bin/env python3
"""Builds the built-in case cases/sioux-falls from public data (cases/sioux-falls/README.md says why each choice).

usage: sioux-falls-case.py CLI DATA OUT
  CLI   the planning-solver command, e.g. "dotnet src/PlanningSolver.Cli/bin/Release/net10.0/planning-solver.dll"
  DATA  ../shared/data (tntp/SiouxFalls, matpower/case33bw.m, matpower/case69.m)
  OUT   a new folder for the case

Steps: `cases import` of the Sioux Falls network and trips with two feeders (north = case33bw, south = case69) and
the 12 stations below (node positions for the maps from SiouxFalls_node.tntp), then the calibration edits: the EV
fast-charging share, the substation voltages, and the case's name, description, budget and uniform plan.
"""
import os, shlex, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from case_edits import set_manifest, set_substation_voltages  # noqa: E402

# station, TNTP node, feeder, MATPOWER bus of that feeder
STATIONS = [
    ("S1", 1, "north", 3), ("S2", 2, "north", 6), ("S3", 3, "north", 24), ("S4", 4, "north", 12),
    ("S5", 5, "north", 17), ("S6", 11, "north", 30),
    ("S7", 10, "south", 8), ("S8", 15, "south", 27), ("S9", 16, "south", 50), ("S10", 19, "south", 61),
    ("S11", 20, "south", 65), ("S12", 22, "south", 35),
]
UNITS = 2
LEVELS = "0;60;90;120;180;240;350"
FIXED_COST = 150000
CHARGING_SHARE = 0.0008          # phi of the EV class
SUBSTATION_VOLTAGE = {"north": 1.03, "south": 1.03}
PARAMETERS = {"budget": 5000000, "uniform_kw": 180}
DESCRIPTION = ("Sioux Falls (TNTP; 24 nodes, 76 links, 24 zones, the peak-hour trips at 17:00) with 12 two-unit candidate "
               "stations on two feeders: north = case33bw (Baran & Wu 1989), south = case69 (Baran & Wu 1989), each at 1.03 p.u.")


def main(cli, data, out):
    tntp = os.path.join(data, "tntp", "SiouxFalls")
    with tempfile.TemporaryDirectory() as tmp:
        stations = os.path.join(tmp, "stations.csv")
        with open(stations, "w") as f:
            f.write("station,node,feeder,bus,units,levels_kw,fixed_cost\n")
            for s, node, feeder, bus in STATIONS:
                f.write(f"{s},{node},{feeder},{bus},{UNITS},{LEVELS},{FIXED_COST}\n")
        subprocess.run(shlex.split(cli) + [
            "cases", "import", out, "--network", os.path.join(tntp, "SiouxFalls_net.tntp"),
            "--trips", os.path.join(tntp, "SiouxFalls_trips.tntp"), "--nodes", os.path.join(tntp, "SiouxFalls_node.tntp"),
            "--feeder", "north=" + os.path.join(data, "matpower", "case33bw.m"),
            "--feeder", "south=" + os.path.join(data, "matpower", "case69.m"),
            "--stations", stations, "--trips-period", "hour", "--length-unit", "km", "-q"], check=True)

    # phi: the EV class's share of trips that charge once en route.
    rows = open(os.path.join(out, "classes.csv")).read().splitlines()
    header = rows[0].split(",")
    phi, kind = header.index("charging_share"), header.index("kind")
    edited = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        if cells[kind] == "ev":
            cells[phi] = repr(CHARGING_SHARE)
        edited.append(",".join(cells))
    open(os.path.join(out, "classes.csv"), "w").write("\n".join(edited) + "\n")

    set_substation_voltages(out, SUBSTATION_VOLTAGE)
    set_manifest(out, "sioux-falls", DESCRIPTION, PARAMETERS)
    os.remove(os.path.join(out, "README.md"))  # the case's own README replaces the import's


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
