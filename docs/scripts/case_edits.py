"""Calibration edits shared by the case-building scripts (sioux-falls-case.py, anaheim-case.py)."""
import json, os


def set_substation_voltages(case, volts):
    """Writes each feeder's substation voltage (its on-load tap changer's set point) into the case's feeders.csv."""
    path = os.path.join(case, "feeders.csv")
    rows = open(path).read().splitlines()
    edited = [rows[0]]
    for row in rows[1:]:
        name, kv, _ = row.split(",")
        edited.append(f"{name},{kv},{volts[name]}")
    open(path, "w").write("\n".join(edited) + "\n")


def set_manifest(case, name, description, parameters):
    """Sets the case's name and description in case.json and updates its parameters."""
    path = os.path.join(case, "case.json")
    manifest = json.load(open(path))
    manifest["name"] = name
    manifest["description"] = description
    manifest["parameters"].update(parameters)
    json.dump(manifest, open(path, "w"), indent=2)
