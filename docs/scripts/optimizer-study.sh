#!/usr/bin/env bash
# Reproduces the figures of docs/optimizer-study.md (run from the repository root after
# `dotnet build PlanningSolver.sln -c Release`).
#
#   docs/scripts/optimizer-study.sh [exhaustive|search|summary|all]   (default: all)
#
#   exhaustive  plan ring-33-s4 --exhaustive → $WORK/s4-exh, copied to docs/data/ring-33-s4-exhaustive.csv
#   search      DYCORS and random search, 40 evaluations, seeds 1–10, outcomes looked up in that archive
#               (only the final Case 1 / Case 2 evaluations of each run are computed) → $WORK/s4-{dycors,random}-S
#   summary     per-seed table (optimum reached at which evaluation, best merit, gap) and the medians
#
# Environment: PRICING (default tou, see the study for why), THREADS (default 2; the batch is a fixed 2 whatever the
# thread count, so THREADS changes only the wall time), WORK (default /tmp/optimizer-study), ARCHIVE (default
# docs/data/ring-33-s4-exhaustive.csv; the DLMP study: PRICING=dlmp ARCHIVE=docs/data/ring-33-s4-dlmp-exhaustive.csv).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI=(dotnet src/PlanningSolver.Cli/bin/Release/net10.0/planning-solver.dll)
PRICING=${PRICING:-tou}
THREADS=${THREADS:-2}
WORK=${WORK:-/tmp/optimizer-study}
ARCHIVE=${ARCHIVE:-docs/data/ring-33-s4-exhaustive.csv}
STEP=${1:-all}
mkdir -p "$WORK"

if [[ $STEP == exhaustive || $STEP == all ]]; then
  start=$(date +%s)
  "${CLI[@]}" plan ring-33-s4 --exhaustive --pricing "$PRICING" --threads "$THREADS" --out "$WORK/s4-exh" -q >/dev/null || true
  echo "exhaustive: $(( $(date +%s) - start )) s wall"
  cp "$WORK/s4-exh/evaluations.csv" "$ARCHIVE"
fi

if [[ $STEP == search || $STEP == all ]]; then
  for s in 1 2 3 4 5 6 7 8 9 10; do
    for strategy in dycors random; do
      "${CLI[@]}" plan ring-33-s4 --evaluations 40 --seed "$s" --strategy "$strategy" --pricing "$PRICING" \
        --threads "$THREADS" --archive "$ARCHIVE" --out "$WORK/s4-$strategy-$s" -q >/dev/null || true
    done
  done
fi

if [[ $STEP == summary || $STEP == all ]]; then
  # Columns by name; the optimum is the lowest merit among feasible rows, else among all rows (as plan reports it).
  summarize() {
    awk -F, -v want="$2" '
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^kw_/) kw[++n] = i; next }
      {
        plan = $kw[1]; for (j = 2; j <= n; j++) plan = plan ";" $kw[j]
        m = $col["merit_usd_per_day"] + 0; f = ($col["feasible"] == "true"); o = $col["order"] + 0
        if (f && (!bf || m < bfm)) { bf = 1; bfm = m; bfp = plan }
        if (!ba || m < bam) { ba = 1; bam = m; bap = plan }
        if (want != "" && plan == want && (at == "" || o + 1 < at)) at = o + 1
      }
      END {
        if (bf) { best = bfm; bp = bfp } else { best = bam; bp = bap }
        printf "%s,%.6f,%s\n", bp, best, (at == "" ? "-" : at)
      }' "$1"
  }
  IFS=, read -r OPT OPTMERIT _ < <(summarize "$ARCHIVE" "")
  printf "optimum,%s,merit,%.2f\n" "$OPT" "$OPTMERIT"
  echo "strategy,seed,optimum_at,best_merit,gap,best_plan"
  for strategy in dycors random; do
    for s in 1 2 3 4 5 6 7 8 9 10; do
      f="$WORK/s4-$strategy-$s/evaluations.csv"
      [[ -f $f ]] || { echo "$strategy,$s,missing"; continue; }
      IFS=, read -r plan best at < <(summarize "$f" "$OPT")
      echo "$strategy,$s,$at,$(awk -v a="$best" -v b="$OPTMERIT" 'BEGIN { printf "%.2f,%.2f", a, a - b }'),$plan"
    done
  done
fi
