#!/usr/bin/env python3
"""Independent check of the two-stations equilibrium derived by hand in README.md (issue 12).

Python 3, standard library only. Run from anywhere:  python3 reference.py

Two computations of the same hours, which must agree to 1e-9 (relative):

  hand       the closed forms of README.md (sections 3-6): line current from the quadratic in l, floor load from the
             quadratic in s, DLMPs as the gradient of the cost (implicit differentiation), the station split of hour 8 from
             the scalar equation C_A(y) = C_B(D - y) solved by Newton's method, the price at the kink by indifference.

  reference  a different method: the exact DistFlow equations of each branch (P, Q, l, v) solved by Newton's method in
             (complex) floating point; the OPF value G(loads) with soft load shedding solved by bisection on the shed load;
             DLMPs as complex-step derivatives of G (exact to rounding); the station split as the minimiser of the
             hour's potential F(y_A) (design.md section 4) by golden-section search (the kink of hour 17) and by
             bisection on the drivers' cost difference (hour 8); the floor flow by bisection on v_2(y) = v_min^2.

Case data are read from the CSV tables next to this file, so a change in the case changes both computations.
"""

import csv
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def table(name):
    with open(os.path.join(HERE, name + ".csv"), newline="", encoding="utf-8") as f:
        rows = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(rows))


# ---------------------------------------------------------------------------------------------------------------------
# Case data (per unit on S_base; money in USD; time in minutes unless said otherwise)
# ---------------------------------------------------------------------------------------------------------------------
with open(os.path.join(HERE, "case.json"), encoding="utf-8") as f:
    PARAM = json.load(f)["parameters"]
S_BASE_KW = PARAM["base_mva"] * 1000.0
Z_BASE = PARAM["base_kv"] ** 2 / PARAM["base_mva"]
ETA = PARAM["charging_efficiency"]
ALPHA_Q = PARAM["queue_alpha"]
BETA_Q = PARAM["queue_beta"]
PF = PARAM["ev_power_factor"]
K = math.tan(math.acos(PF))  # tan(phi) = 7/24 at pf 0.96
FEE = PARAM["service_fee_per_kwh"]
V1 = PARAM["substation_voltage"] ** 2
PENALTY = 10.0  # CouplingOptions.UnservedPenaltyPerKwh, USD/kWh
PLAN_KW = {"A": 250.0, "B": 125.0}

LINKS = {r["link"]: r for r in table("links")}
CLASSES = {r["class"]: r for r in table("classes")}
STATIONS = {r["station"]: r for r in table("stations")}
BUSES = {r["bus"]: r for r in table("buses")}
BRANCHES = {r["to"]: r for r in table("branches")}
PROFILE = {int(r["hour"]): r for r in table("profile")}
TARIFF = {int(r["hour"]): float(r["price_per_kwh"]) for r in table("tariff")}
TRIPS = float(table("od")[0]["trips_per_day"]) * PARAM["demand_scale"]

EV = CLASSES["EV"]
ICEV = CLASSES["ICEV"]
E = float(EV["energy_per_charge_kwh"])
VOT = float(EV["vot_per_h"])
MIN_PER_USD_PER_KWH = 60.0 * E / VOT  # generalized minutes of a charging EV per USD/kWh of price
ROUTE = {"A": ("L1", "L2"), "B": ("L3", "L4")}
BUS = {s: STATIONS[s]["bus"] for s in STATIONS}
assert BUS == {"A": "2", "B": "3"}


def branch(bus):
    b = BRANCHES[bus]
    return float(b["r_ohm"]) / Z_BASE, float(b["x_ohm"]) / Z_BASE


def link_time(name, x):
    l = LINKS[name]
    t0, c, a, b = float(l["t0_min"]), float(l["capacity_vph"]), float(l["alpha"]), float(l["beta"])
    return t0 * (1 + a * (x / c) ** b)


def link_integral(name, x):
    l = LINKS[name]
    t0, c, a, b = float(l["t0_min"]), float(l["capacity_vph"]), float(l["alpha"]), float(l["beta"])
    return t0 * (x + a * c * (x / c) ** (b + 1) / (b + 1))


def station(s):
    p = PLAN_KW[s]
    m = int(STATIONS[s]["units"])
    t0 = 60.0 * E / (ETA * p)  # min
    mu = m * ETA * p / E  # EV/h
    return t0, mu


def station_time(s, y):  # min
    t0, mu = station(s)
    return t0 * (1 + ALPHA_Q * (y / mu) ** BETA_Q)


def station_integral(s, y):
    t0, mu = station(s)
    return t0 * (y + ALPHA_Q * mu * (y / mu) ** (BETA_Q + 1) / (BETA_Q + 1))


class Hour:
    def __init__(self, t):
        self.t = t
        f = float(PROFILE[t]["demand_share"])
        self.blf = float(PROFILE[t]["base_load_factor"])
        self.c = TARIFF[t]
        q = TRIPS * f
        ev_share = float(EV["share"])
        phi = float(EV["charging_share"])
        self.D = q * ev_share * phi  # charging EVs, EV/h
        self.icev = q * float(ICEV["share"])
        self.ev_plain = q * ev_share * (1 - phi)
        self.N = self.icev + self.ev_plain  # non-charging vehicles (all on route 1, checked below)

    def base(self, bus):  # p.u.
        b = BUSES[bus]
        return float(b["p_kw"]) * self.blf / S_BASE_KW, float(b["q_kvar"]) * self.blf / S_BASE_KW

    def load(self, s, y):  # bus load (p.u.) with y EV/h charging at station s
        p0, q0 = self.base(BUS[s])
        kw = E * y
        return p0 + kw / S_BASE_KW, q0 + K * kw / S_BASE_KW

    def road(self, s, y):  # route time of station s's route, min
        x = self.N + y if s == "A" else y
        return sum(link_time(l, x) for l in ROUTE[s])


W = 0.95 ** 2  # v_min^2 at bus 2 (buses.csv)
assert all(float(BUSES[b]["vmin_pu"]) == 0.95 for b in ("2", "3"))


# =====================================================================================================================
# 1. HAND: the closed forms of README.md
# =====================================================================================================================
def hand_branch(bus, p, q):
    """README (3.1)-(3.3): l, P, Q, v_j and sqrt(Delta) of one branch fed at v_1 = 1."""
    r, x = branch(bus)
    z2 = r * r + x * x
    b = 1 - 2 * r * p - 2 * x * q
    sd = math.sqrt(b * b - 4 * z2 * (p * p + q * q))
    l = (b - sd) / (2 * z2)
    P, Q = p + r * l, q + x * l
    v = 1 - 2 * (r * p + x * q) - z2 * l
    return l, P, Q, v, sd


def hand_dlmp(hour, bus, p, q):
    """README (4.1): smooth DLMPs (USD/kWh, USD/kvarh) = c * gradient of P_sub."""
    r, x = branch(bus)
    l, P, Q, v, sd = hand_branch(bus, p, q)
    return hour.c * (1 + 2 * r * P / sd), hour.c * 2 * r * Q / sd


def hand_floor_flow(hour):
    """README (5.1): the charging flow at A that puts bus 2 exactly at the floor."""
    r, x = branch("2")
    a = (r * r + x * x) * (1 + K * K)
    b = r + K * x
    s = (-W * b + math.sqrt(W * W * b * b + a * W * (1 - W))) / a  # bus-2 load p at the floor, p.u.
    p0, _ = hour.base("2")
    return (s - p0) * S_BASE_KW / E, s


def hand_cost(hour, s, y, price):
    return hour.road(s, y) + station_time(s, y) + MIN_PER_USD_PER_KWH * price


def hand_price(hour, s, y):
    p, q = hour.load(s, y)
    dp, dq = hand_dlmp(hour, BUS[s], p, q)
    return dp, dq, dp + K * dq + FEE


def hand_hour8(hour):
    """README (6.1): C_A(y) - C_B(D - y) = 0, Newton with a numerical slope (any root finder will do; the function is
    increasing in y)."""

    def h(y):
        return hand_cost(hour, "A", y, hand_price(hour, "A", y)[2]) - hand_cost(hour, "B", hour.D - y, hand_price(hour, "B", hour.D - y)[2])

    y = hour.D / 2
    for _ in range(100):
        d = 1e-6
        step = h(y) / ((h(y + d) - h(y - d)) / (2 * d))
        y -= step
        if abs(step) < 1e-13:
            break
    return y


def hand_kink(hour):
    """README (5.2)-(5.5): split at the floor, price at A by indifference, its parts from the subgradient."""
    yA, s = hand_floor_flow(hour)
    yB = hour.D - yA
    pB = hand_price(hour, "B", yB)
    piB = pB[2]
    piA = piB + (hand_cost(hour, "B", yB, 0) - hand_cost(hour, "A", yA, 0)) / MIN_PER_USD_PER_KWH
    # Left gradient (no shedding) and right gradient (shedding at bus 2) of G at the kink, README (5.3)-(5.4).
    r, x = branch("2")
    p, q = hour.load("A", yA)
    l, P, Q, v, sd = hand_branch("2", p, q)
    z2 = r * r + x * x
    lp_L, lq_L = hand_dlmp(hour, "2", p, q)
    Vp = -2 * r - 2 * z2 * P / sd
    Vq = -2 * x - 2 * z2 * Q / sd
    lp_R = PENALTY
    lq_R = lq_L + (PENALTY - lp_L) * Vq / Vp
    gL, gR = lp_L + K * lq_L, lp_R + K * lq_R
    theta = (piA - FEE - gL) / (gR - gL)
    return {
        "yA": yA, "yB": yB, "v2": math.sqrt(v), "piA": piA, "piB": piB, "theta": theta,
        "dlmpP_A": (1 - theta) * lp_L + theta * lp_R, "dlmpQ_A": (1 - theta) * lq_L + theta * lq_R,
        "dlmpP_B": pB[0], "dlmpQ_B": pB[1], "piA_left": gL + FEE, "piA_right": gR + FEE,
        "v3": math.sqrt(hand_branch("3", *hour.load("B", yB))[3]),
    }


# =====================================================================================================================
# 2. REFERENCE: exact DistFlow by Newton, soft OPF by bisection, DLMPs by complex step, split from the potential
# =====================================================================================================================
def solve_linear(a, b):
    """Gaussian elimination with partial pivoting (works for complex entries)."""
    n = len(b)
    a = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda i: abs(a[i][col]))
        a[col], a[piv] = a[piv], a[col]
        for i in range(col + 1, n):
            f = a[i][col] / a[col][col]
            for j in range(col, n + 1):
                a[i][j] -= f * a[col][j]
    xs = [0] * n
    for i in reversed(range(n)):
        xs[i] = (a[i][n] - sum(a[i][j] * xs[j] for j in range(i + 1, n))) / a[i][i]
    return xs


def newton(f, jac, x0, iterations=40):
    x = list(x0)
    for _ in range(iterations):
        dx = solve_linear(jac(x), [-fi for fi in f(x)])
        x = [xi + di for xi, di in zip(x, dx)]
    return x


def distflow(bus, p, q):
    """Branch 1-j at v_1 fixed: unknowns (P, Q, l, v_j) of P = p + r l, Q = q + x l, P^2 + Q^2 = l v_1,
    v_j = v_1 - 2 (r P + x Q) + (r^2 + x^2) l. Newton from the no-loss point."""
    r, x = branch(bus)
    z2 = r * r + x * x

    def f(u):
        P, Q, l, v = u
        return [P - r * l - p, Q - x * l - q, P * P + Q * Q - l * V1, v - V1 + 2 * (r * P + x * Q) - z2 * l]

    def jac(u):
        P, Q, l, v = u
        return [[1, 0, -r, 0], [0, 1, -x, 0], [2 * P, 2 * Q, -V1, 0], [2 * r, 2 * x, -z2, 1]]

    return newton(f, jac, [p, q, p * p + q * q, V1])


def distflow_at_floor(bus, q):
    """Same branch with v_j held at v_min^2: unknowns (P, Q, l, p_served)."""
    r, x = branch(bus)
    z2 = r * r + x * x

    def f(u):
        P, Q, l, ps = u
        return [P - r * l - ps, Q - x * l - q, P * P + Q * Q - l * V1, W - V1 + 2 * (r * P + x * Q) - z2 * l]

    def jac(u):
        P, Q, l, ps = u
        return [[1, 0, -r, -1], [0, 1, -x, 0], [2 * P, 2 * Q, -V1, 0], [2 * r, 2 * x, -z2, 0]]

    return newton(f, jac, [0.2, q, 0.05, 0.2])


def opf(hour, p2, q2, p3, q3):
    """G (USD/h) of the soft OPF: import at the tariff + penalty x shed load; the only control is shedding active load
    (no generator, substation voltage fixed), so the optimum sheds the least u with v_2(p2 - u) >= v_min^2, found by
    bisection. Returns (G, u, v2, v3)."""
    v3 = distflow("3", p3, q3)[3]
    assert v3 >= W, "bus 3 must stay above its floor"
    u = 0.0
    if distflow("2", p2, q2)[3] < W:
        lo, hi = 0.0, p2
        while True:
            mid = 0.5 * (lo + hi)
            if mid in (lo, hi):
                break
            if distflow("2", p2 - mid, q2)[3] >= W:
                hi = mid
            else:
                lo = mid
        u = hi
    P2 = distflow("2", p2 - u, q2)[0]
    P3 = distflow("3", p3, q3)[0]
    cost = (hour.c * (P2 + P3) + PENALTY * u) * S_BASE_KW
    return cost, u, distflow("2", p2 - u, q2)[3], v3


def complex_step(fun, z, h=1e-40):
    return fun(complex(z, h)).imag / h


def piece_gradient(hour, bus, p, q, shed):
    """Gradient (USD/kWh, USD/kvarh) of one smooth piece of G in bus j's (p, q), by complex step:
    shed=False: no shedding (G = c P_sub); shed=True: bus 2 held at the floor by shedding (G = c P_sub + M u)."""

    def g(pp, qq):
        if not shed:
            return hour.c * distflow(bus, pp, qq)[0]
        P, Q, l, ps = distflow_at_floor(bus, qq)
        return hour.c * P + PENALTY * (pp - ps)

    return complex_step(lambda z: g(z, q), p), complex_step(lambda z: g(p, z), q)


def ref_price(hour, s, y):
    p, q = hour.load(s, y)
    dp, dq = piece_gradient(hour, BUS[s], p, q, shed=False)
    return dp, dq, dp + K * dq + FEE


def potential(hour, yA):
    """F_t(y_A) of design.md section 4 in generalized minutes of the charging class (terms constant in y_A dropped:
    the non-charging classes' fixed costs and the fee on the fixed total D)."""
    yB = hour.D - yA
    roads = sum(link_integral(l, hour.N + yA) for l in ROUTE["A"]) + sum(link_integral(l, yB) for l in ROUTE["B"])
    queues = station_integral("A", yA) + station_integral("B", yB)
    g = opf(hour, *hour.load("A", yA), *hour.load("B", yB))[0]
    return roads + queues + 60.0 / VOT * g


def golden(f, lo, hi):
    inv = (math.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - inv * (b - a), a + inv * (b - a)
    fc, fd = f(c), f(d)
    while b - a > 1e-13 * max(1.0, abs(b)):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - inv * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + inv * (b - a)
            fd = f(d)
    return 0.5 * (a + b)


def bisect(f, lo, hi):
    flo = f(lo)
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return mid
        if (f(mid) < 0) == (flo < 0):
            lo = mid
        else:
            hi = mid


def ref_cost(hour, s, y, price):
    return hour.road(s, y) + station_time(s, y) + MIN_PER_USD_PER_KWH * price


def ref_kink(hour):
    yA = golden(lambda y: potential(hour, y), 0.0, hour.D)
    # The floor flow, by bisection on v_2(y) = v_min^2 with the exact DistFlow (no shedding).
    y_floor = bisect(lambda y: distflow("2", *hour.load("A", y))[3] - W, 0.0, hour.D)
    yB = hour.D - y_floor
    pB = ref_price(hour, "B", yB)
    piA = pB[2] + (ref_cost(hour, "B", yB, 0) - ref_cost(hour, "A", y_floor, 0)) / MIN_PER_USD_PER_KWH
    p, q = hour.load("A", y_floor)
    gl = piece_gradient(hour, "2", p, q, shed=False)
    gr = piece_gradient(hour, "2", p, q, shed=True)
    piL, piR = gl[0] + K * gl[1] + FEE, gr[0] + K * gr[1] + FEE
    theta = (piA - piL) / (piR - piL)
    _, u, v2, v3 = opf(hour, p, q, *hour.load("B", yB))
    return {
        "yA": y_floor, "yB": yB, "v2": math.sqrt(v2), "piA": piA, "piB": pB[2], "theta": theta,
        "dlmpP_A": (1 - theta) * gl[0] + theta * gr[0], "dlmpQ_A": (1 - theta) * gl[1] + theta * gr[1],
        "dlmpP_B": pB[0], "dlmpQ_B": pB[1], "piA_left": piL, "piA_right": piR, "v3": math.sqrt(v3),
        "yA_golden": yA, "shed_at_floor_kw": u * S_BASE_KW,
    }


def ref_interior(hour):
    def diff(y):
        return ref_cost(hour, "A", y, ref_price(hour, "A", y)[2]) - ref_cost(hour, "B", hour.D - y, ref_price(hour, "B", hour.D - y)[2])

    return bisect(diff, 0.0, hour.D), golden(lambda y: potential(hour, y), 0.0, hour.D)


# =====================================================================================================================
# 3. Compare and print
# =====================================================================================================================
WORST = [0.0, 0.0]  # largest relative difference of the exact comparisons (tol 1e-9), of the coarse cross-checks


def row(name, unit, hand, ref, tol=1e-9):
    rel = abs(hand - ref) / max(1.0, abs(hand))
    slot = 0 if tol <= 1e-9 else 1
    WORST[slot] = max(WORST[slot], rel)
    flag = "" if rel <= tol else "   <-- DISAGREES"
    print(f"  {name:<34} {unit:<10} {hand:>22.15g} {ref:>22.15g} {rel:>9.1e}{flag}")
    return rel <= tol


def header(title):
    print()
    print(title)
    print(f"  {'quantity':<34} {'unit':<10} {'hand (README)':>22} {'reference':>22} {'rel.diff':>9}")


def details(hour, yA, yB):
    p2, q2 = hour.load("A", yA)
    p3, q3 = hour.load("B", yB)
    return {
        "L1=L2 flow (all)": hour.N + yA, "L1=L2 ICEV": hour.icev, "L1=L2 EV (plain + charging)": hour.ev_plain + yA,
        "L3=L4 flow (EV charging)": yB,
        "route 1 time": hour.road("A", yA), "route 2 time": hour.road("B", yB),
        "tau_A (station time)": station_time("A", yA), "tau_B (station time)": station_time("B", yB),
        "bus 2 load kW": p2 * S_BASE_KW, "bus 2 load kvar": q2 * S_BASE_KW,
        "bus 3 load kW": p3 * S_BASE_KW, "bus 3 load kvar": q3 * S_BASE_KW,
    }


def main():
    ok = True
    print(f"two-stations, plan A={PLAN_KW['A']:g},B={PLAN_KW['B']:g}; tan(phi) = {K:.15g}; 1 USD/kWh = {MIN_PER_USD_PER_KWH:g} min")

    # Hour 17: the kink.
    h17 = Hour(17)
    hk, rk = hand_kink(h17), ref_kink(h17)
    header(f"hour 17 (binding voltage floor at bus 2): D = {h17.D:g} charging EV/h, N = {h17.N:g} other veh/h, c = {h17.c} USD/kWh")
    for key, unit in [("yA", "EV/h"), ("yB", "EV/h"), ("v2", "p.u."), ("v3", "p.u."), ("piA", "USD/kWh"), ("dlmpP_A", "USD/kWh"),
                      ("dlmpQ_A", "USD/kvarh"), ("theta", "-"), ("piA_left", "USD/kWh"), ("piA_right", "USD/kWh"), ("piB", "USD/kWh"),
                      ("dlmpP_B", "USD/kWh"), ("dlmpQ_B", "USD/kvarh")]:
        ok &= row(key, unit, hk[key], rk[key])
    ok &= row("tanphi*dlmpQ_A", "USD/kWh", K * hk["dlmpQ_A"], K * rk["dlmpQ_A"])
    ok &= row("tanphi*dlmpQ_B", "USD/kWh", K * hk["dlmpQ_B"], K * rk["dlmpQ_B"])
    ok &= row("piA = dlmpP + tanphi dlmpQ + fee", "USD/kWh", hk["dlmpP_A"] + K * hk["dlmpQ_A"] + FEE, rk["piA"])
    ok &= row("yA: argmin of potential (golden)", "EV/h", hk["yA"], rk["yA_golden"], tol=1e-9)
    hd, rd = details(h17, hk["yA"], hk["yB"]), details(h17, rk["yA"], rk["yB"])
    for key in hd:
        ok &= row(key, "", hd[key], rd[key])
    print(f"  shed load at the floor flow: {rk['shed_at_floor_kw']:.3g} kW; 0 < theta < 1: {0 < hk['theta'] < 1}")
    costA = hand_cost(h17, "A", hk["yA"], hk["piA"])
    costB = hand_cost(h17, "B", hk["yB"], hk["piB"])
    print(f"  charging-EV cost at A = {costA:.12g} min, at B = {costB:.12g} min (equal)")
    print(f"  at the left price A would cost {hand_cost(h17, 'A', hk['yA'], hk['piA_left']):.10g} min < {costB:.10g}: more EVs want A -> the floor binds")
    # Non-charging classes: route 1 must be their cheapest (ICEV: time + 60 fuel km / VOT).
    fuel = float(ICEV["cost_per_km"]) * 60.0 / float(ICEV["vot_per_h"])
    km1 = sum(float(LINKS[l]["length_km"]) for l in ROUTE["A"])
    km2 = sum(float(LINKS[l]["length_km"]) for l in ROUTE["B"])
    print(f"  ICEV route 1 {hd['route 1 time'] + fuel * km1:.6g} < route 2 {hd['route 2 time'] + fuel * km2:.6g} min; "
          f"plain EV {hd['route 1 time']:.6g} < {hd['route 2 time']:.6g} min")

    # Hour 8: interior, no limit.
    h8 = Hour(8)
    y8 = hand_hour8(h8)
    yr8, yg8 = ref_interior(h8)
    header(f"hour 8 (no limit binds): D = {h8.D:g} charging EV/h, N = {h8.N:g} other veh/h, c = {h8.c} USD/kWh")
    ok &= row("yA", "EV/h", y8, yr8)
    ok &= row("yB", "EV/h", h8.D - y8, h8.D - yr8)
    ok &= row("yA: argmin of potential (golden)", "EV/h", y8, yg8, tol=1e-6)
    for s, y, yr in [("A", y8, yr8), ("B", h8.D - y8, h8.D - yr8)]:
        hp, rp = hand_price(h8, s, y), ref_price(h8, s, yr)
        ok &= row(f"dlmpP_{s}", "USD/kWh", hp[0], rp[0])
        ok &= row(f"dlmpQ_{s}", "USD/kvarh", hp[1], rp[1])
        ok &= row(f"tanphi*dlmpQ_{s}", "USD/kWh", K * hp[1], K * rp[1])
        ok &= row(f"pi{s}", "USD/kWh", hp[2], rp[2])
    ok &= row("v2", "p.u.", math.sqrt(hand_branch("2", *h8.load("A", y8))[3]), math.sqrt(distflow("2", *h8.load("A", yr8))[3]))
    ok &= row("v3", "p.u.", math.sqrt(hand_branch("3", *h8.load("B", h8.D - y8))[3]), math.sqrt(distflow("3", *h8.load("B", h8.D - yr8))[3]))
    hd, rd = details(h8, y8, h8.D - y8), details(h8, yr8, h8.D - yr8)
    for key in hd:
        ok &= row(key, "", hd[key], rd[key])
    print(f"  charging-EV cost at A = {hand_cost(h8, 'A', y8, hand_price(h8, 'A', y8)[2]):.12g} min, "
          f"at B = {hand_cost(h8, 'B', h8.D - y8, hand_price(h8, 'B', h8.D - y8)[2]):.12g} min")
    print(f"  floor flow of hour 8: {hand_floor_flow(h8)[0]:.12g} EV/h > y_A: the floor does not bind")

    # Every other hour: corner at A (station B unused), no limit.
    h0 = Hour(0)
    header(f"hours 0-7, 9-16, 18-23 (corner): D = {h0.D:g} charging EV/h, N = {h0.N:g}, c = {h0.c} USD/kWh")
    pA0, pB0 = hand_price(h0, "A", h0.D), hand_price(h0, "B", 0.0)
    rA0, rB0 = ref_price(h0, "A", h0.D), ref_price(h0, "B", 0.0)
    ok &= row("piA (all D at A)", "USD/kWh", pA0[2], rA0[2])
    ok &= row("dlmpP_A", "USD/kWh", pA0[0], rA0[0])
    ok &= row("dlmpQ_A", "USD/kvarh", pA0[1], rA0[1])
    ok &= row("v2", "p.u.", math.sqrt(hand_branch("2", *h0.load("A", h0.D))[3]), math.sqrt(distflow("2", *h0.load("A", h0.D))[3]))
    print(f"  C_A(D) = {hand_cost(h0, 'A', h0.D, pA0[2]):.10g} min < C_B(0) = {hand_cost(h0, 'B', 0.0, pB0[2]):.10g} min: y_B = 0")

    print()
    print(f"largest relative difference hand vs reference: {WORST[0]:.2e} (tolerance 1e-9); golden-section on the smooth"
          f" minimum of hour 8: {WORST[1]:.2e} (tolerance 1e-6) -> {'AGREE' if ok else 'DISAGREE'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
