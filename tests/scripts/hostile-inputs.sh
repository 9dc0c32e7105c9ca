#!/usr/bin/env bash
# Hostile-input suite, full size: N generated inputs shared among the targets of
# tests/PlanningSolver.Cli.Tests/Reliability/HostileInputTests.cs and HostileArgumentTests.cs (CI runs their fast subset).
#
#   tests/scripts/hostile-inputs.sh [N] [SEED]       (default N = 10000, SEED = 1; SEED 0 is CI's set of inputs)
#
# Targets (share of N): mutated case folder → validate (38 %) and evaluate (2 %); mutated TNTP → assign, synthetic net
# (15 %) and SiouxFalls (5 %, skipped without ../shared/data); mutated MATPOWER → pf (10 %) and opf (5 %); generated
# command lines of every command (25 %; PROCESS of their usage errors, default 300, are re-run as real processes).
# Checks: never an internal error, a stack trace or a hang; exit code 0, 1 (one 'error:' line) or 2 with exactly one line
# naming the file/row/field or the option/value. Needs a Release build of the test project. Exit 0 when nothing broke.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${1:-10000}"
SEED="${2:-1}"
REPORT="$(mktemp /tmp/ps-hostile-XXXXXX.tsv)"
LOG="${REPORT%.tsv}.log"
cd "$ROOT"
start=$(date +%s)
PS_HOSTILE_INPUTS="$N" PS_HOSTILE_SEED="$SEED" PS_HOSTILE_REPORT="$REPORT" PS_HOSTILE_PROCESS="${PROCESS:-300}" \
  dotnet test tests/PlanningSolver.Cli.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability.HostileInputTests|FullyQualifiedName~Reliability.HostileArgumentTests" \
  --logger "console;verbosity=detailed" >"$LOG" 2>&1
status=$?
seconds=$(( $(date +%s) - start ))
printf '%-22s %8s %8s %10s %8s %9s\n' target tried "exit 0" "exit 1/2" stopped failures
awk -F'\t' '{printf "%-22s %8d %8d %10d %8d %9d\n", $1, $2, $3, $4, $5, $6; t+=$2; a+=$3; r+=$4; s+=$5; f+=$6}
  END {printf "%-22s %8d %8d %10d %8d %9d\n", "total", t, a, r, s, f}' "$REPORT"
grep -E '^\s+[0-9]+× |as a process:|broke the contract' "$LOG" | head -40
echo "seed $SEED, $seconds s, log $LOG"
if [ "$status" -ne 0 ]; then echo "FAIL (dotnet test exit $status)"; exit 1; fi
echo PASS
