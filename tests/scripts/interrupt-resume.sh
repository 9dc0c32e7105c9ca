#!/usr/bin/env bash
# Interruption test: stop `plan` and `sweep` at random moments with a signal, resume, and compare with an
# uninterrupted run.
#
#   tests/scripts/interrupt-resume.sh [KILLS]        (default 20 stops in total: ~60% plan, ~40% sweep)
#
# Needs a Release build (dotnet build PlanningSolver.sln -c Release). Env: PS_DLL (the CLI dll), WORK (scratch
# folder, default a new temp dir), SEED (bash RANDOM seed, default 1), SIGNALS (the signals drawn from at random,
# default "KILL INT TERM"). Exit 0 when every check passes.
# Checks: evaluations.csv / results.csv hold exactly the rows of the reference run (every column but wall_seconds),
# no duplicate rows, no *.tmp left, every CSV parses (same field count on every row, header intact); a run stopped
# by SIGINT / SIGTERM exits 130 / 143 and its last stderr line is "interrupted; resume with: planning-solver …".
set -u
set -m # job control: background runs get the default SIGINT disposition (a non-interactive shell ignores it otherwise)
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DLL="${PS_DLL:-$ROOT/src/PlanningSolver.Cli/bin/Release/net10.0/planning-solver.dll}"
KILLS="${1:-20}"
WORK="${WORK:-$(mktemp -d /tmp/ps-interrupt-XXXXXX)}"
RANDOM="${SEED:-1}"
read -r -a SIGNAL_LIST <<<"${SIGNALS:-KILL INT TERM}"
graceful=0; graceful_bad=0
[ -f "$DLL" ] || { echo "missing $DLL: build first (dotnet build PlanningSolver.sln -c Release)"; exit 2; }
mkdir -p "$WORK"
ps() { dotnet "$DLL" "$@"; }

PLAN_ARGS=(plan ring-33-s4 --evaluations 16 --threads 1 -q)
SWEEP_ARGS=(sweep --set ev_share=0.1,0.2,0.3,0.4 --pricing tou --threads 1 -q)

ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "work folder: $WORK"
# Reference (uninterrupted) runs; kept when the work folder already has them.
if [ ! -f "$WORK/plan-ref/summary.json" ]; then
  t0=$(ms); ps "${PLAN_ARGS[@]}" --out "$WORK/plan-ref" >/dev/null 2>"$WORK/plan-ref.err"; rc=$?
  echo $(( $(ms) - t0 )) >"$WORK/plan-ref.ms"; echo "reference plan: exit $rc in $(cat "$WORK/plan-ref.ms") ms"
fi
if [ ! -f "$WORK/sweep-ref/results.csv" ]; then
  t0=$(ms); ps "${SWEEP_ARGS[@]}" --out "$WORK/sweep-ref" >/dev/null 2>"$WORK/sweep-ref.err"; rc=$?
  echo $(( $(ms) - t0 )) >"$WORK/sweep-ref.ms"; echo "reference sweep: exit $rc in $(cat "$WORK/sweep-ref.ms") ms"
fi
PLAN_MS=$(cat "$WORK/plan-ref.ms"); SWEEP_MS=$(cat "$WORK/sweep-ref.ms")

kills=0; resumes=0; fails=0
PLAN_KILLS=$(( (KILLS * 6 + 9) / 10 )); SWEEP_KILLS=$(( KILLS - PLAN_KILLS ))

# Starts a command in the background and sends it a random signal of SIGNAL_LIST after a random delay of
# 200 ms .. MAX ms. Returns 0 when it was stopped, 1 when it finished first (its exit code in LAST_RC).
# A graceful stop (INT, TERM) must exit 130 / 143 with the one "interrupted; resume with:" line.
kill_at_random() {
  local max="$1"; shift
  local delay=$(( 200 + (RANDOM * 32768 + RANDOM) % (max > 300 ? max - 200 : 100) ))
  local sig="${SIGNAL_LIST[$(( RANDOM % ${#SIGNAL_LIST[@]} ))]}"
  local err="$WORK/run.err"
  "$@" >/dev/null 2>"$err" &
  local pid=$! start; start=$(ms)
  while kill -0 "$pid" 2>/dev/null; do
    if [ $(( $(ms) - start )) -ge "$delay" ]; then
      if kill -"$sig" "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null; local rc=$?
        cat "$err" >>"$WORK/killed.err"
        echo "SIG$sig after ${delay} ms (exit $rc): $*" >>"$WORK/log"
        if [ "$sig" != KILL ]; then
          graceful=$((graceful + 1))
          local want=130; [ "$sig" = TERM ] && want=143
          if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
            echo "  finished before the signal took effect" >>"$WORK/log"; LAST_RC=$rc; return 1
          fi
          if [ "$rc" -ne "$want" ] || ! tail -n 1 "$err" | grep -q '^interrupted; resume with: planning-solver '; then
            echo "SIG$sig: exit $rc (expected $want), last stderr line: $(tail -n 1 "$err")"; graceful_bad=$((graceful_bad + 1))
          fi
        fi
        return 0
      fi
    fi
    sleep 0.05
  done
  wait "$pid"; LAST_RC=$?
  cat "$err" >>"$WORK/killed.err"
  echo "finished (exit $LAST_RC) before the signal at ${delay} ms: $*" >>"$WORK/log"
  return 1
}

round=0
while [ $kills -lt $PLAN_KILLS ]; do
  round=$((round + 1)); dir="$WORK/plan-$round"; started=0
  # A round: start fresh, then kill/resume until the run completes.
  while :; do
    if [ $started -eq 0 ] || [ ! -f "$dir/run.json" ]; then cmd=(dotnet "$DLL" "${PLAN_ARGS[@]}" --out "$dir"); started=1
    else cmd=(dotnet "$DLL" plan --resume "$dir" --threads 1 -q); resumes=$((resumes + 1)); fi
    if [ $kills -lt $PLAN_KILLS ] && kill_at_random $(( PLAN_MS / 3 )) "${cmd[@]}"; then kills=$((kills + 1)); continue; fi
    if [ $kills -ge $PLAN_KILLS ]; then "${cmd[@]}" >/dev/null 2>>"$WORK/final.err"; LAST_RC=$?; fi
    [ "$LAST_RC" -le 1 ] || { echo "plan round $round: exit $LAST_RC"; fails=$((fails + 1)); }
    break
  done
done
plan_rounds=$round

round=0; sweep_kills=0
while [ $sweep_kills -lt $SWEEP_KILLS ]; do
  round=$((round + 1)); dir="$WORK/sweep-$round"
  while :; do
    cmd=(dotnet "$DLL" "${SWEEP_ARGS[@]}" --out "$dir")
    [ -d "$dir" ] && resumes=$((resumes + 1))
    if [ $sweep_kills -lt $SWEEP_KILLS ] && kill_at_random $(( SWEEP_MS / 2 )) "${cmd[@]}"; then kills=$((kills + 1)); sweep_kills=$((sweep_kills + 1)); continue; fi
    if [ $sweep_kills -ge $SWEEP_KILLS ]; then "${cmd[@]}" >/dev/null 2>>"$WORK/final.err"; LAST_RC=$?; fi
    [ "$LAST_RC" -eq 0 ] || { echo "sweep round $round: exit $LAST_RC"; fails=$((fails + 1)); }
    break
  done
done
sweep_rounds=$round

python3 - "$WORK" "$plan_rounds" "$sweep_rounds" <<'PY' || fails=$((fails + 1))
import csv, glob, os, sys
work, plan_rounds, sweep_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = []
def load(path):
    with open(path, newline='', encoding='utf-8') as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith('#')]
    header, body = rows[0], rows[1:]
    for i, r in enumerate(body):
        if len(r) != len(header):
            bad.append(f"{path}: row {i + 2} has {len(r)} fields, header {len(header)}")
    keep = [i for i, h in enumerate(header) if h != 'wall_seconds']
    return header, [tuple(r[i] for i in keep) for r in body]
def compare(ref, got):
    hr, rr = load(ref); hg, rg = load(got)
    if hr != hg: bad.append(f"{got}: header differs from the reference")
    if len(set(rg)) != len(rg): bad.append(f"{got}: duplicated rows")
    if sorted(rr) != sorted(rg):
        bad.append(f"{got}: rows differ from the reference ({len(rg)} vs {len(rr)}; "
                   f"missing {len(set(rr) - set(rg))}, extra {len(set(rg) - set(rr))})")
for k in range(1, plan_rounds + 1):
    compare(f"{work}/plan-ref/evaluations.csv", f"{work}/plan-{k}/evaluations.csv")
for k in range(1, sweep_rounds + 1):
    compare(f"{work}/sweep-ref/results.csv", f"{work}/sweep-{k}/results.csv")
for path in glob.glob(f"{work}/plan-*/**/*.csv", recursive=True) + glob.glob(f"{work}/sweep-*/**/*.csv", recursive=True):
    load(path)
tmp = [p for p in glob.glob(f"{work}/**/*", recursive=True) if '.tmp' in os.path.basename(p)]
if tmp: bad.append("temporary files left: " + ", ".join(tmp))
for b in bad: print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
fails=$((fails + graceful_bad))
echo "stops: $kills (plan $((kills - sweep_kills)), sweep $sweep_kills; $graceful by SIGINT/SIGTERM, $graceful_bad of them wrong); resumes: $resumes; plan rounds $plan_rounds, sweep rounds $sweep_rounds"
if [ $fails -eq 0 ]; then echo "interrupt-resume: PASS"; exit 0; else echo "interrupt-resume: FAIL ($fails problems; see $WORK)"; exit 1; fi
