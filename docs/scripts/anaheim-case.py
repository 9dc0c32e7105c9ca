#!/usr/bin/env python3
"""Builds the Anaheim study case from public data (docs/anaheim.md says why each choice).

usage: anaheim-case.py CLI DATA OUT
  CLI   the planning-solver command, e.g. "dotnet src/PlanningSolver.Cli/bin/Release/net10.0/planning-solver.dll"
  DATA  ../shared/data (tntp/Anaheim, matpower/case69.m, matpower/case141.m)
  OUT   a new folder for the case

Steps: one `cases import` of the Anaheim network and trips (GeoJSON node positions) with two feeders (west = case69,
east = case141) and the stations of docs/data/anaheim/stations.csv, then the calibration edits of CALIBRATION below
(each feeder's substation voltage, the case's name, description, budget and uniform plan).
"""
import os, shlex, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from case_edits import set_manifest, set_substation_voltages  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
STATIONS = os.path.join(HERE, "..", "data", "anaheim", "stations.csv")
SUBSTATION_VOLTAGE = {"west": 1.03, "east": 1.0}
PARAMETERS = {"budget": 5000000, "uniform_kw": 180}
DESCRIPTION = ("Anaheim (TNTP; 416 nodes, 914 links, 38 zones, the trips as the 17:00 hour) with 12 two-unit candidate "
               "stations on two feeders: west = case69 (Baran & Wu 1989), east = case141 (Khodr et al. 2008), at 1.03 and 1.00 p.u.")


def main(cli, data, out):
    tntp = os.path.join(data, "tntp", "Anaheim")
    subprocess.run(shlex.split(cli) + [
        "cases", "import", out,
        "--network", os.path.join(tntp, "Anaheim_net.tntp"),
        "--trips", os.path.join(tntp, "Anaheim_trips.tntp"),
        "--nodes", os.path.join(tntp, "anaheim_nodes.geojson"),
        "--feeder", "west=" + os.path.join(data, "matpower", "case69.m"),
        "--feeder", "east=" + os.path.join(data, "matpower", "case141.m"),
        "--stations", STATIONS, "--trips-period", "hour", "--length-unit", "ft", "-q"], check=True)

    set_substation_voltages(out, SUBSTATION_VOLTAGE)
    set_manifest(out, "anaheim", DESCRIPTION, PARAMETERS)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
