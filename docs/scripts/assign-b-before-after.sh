#!/bin/bash
# Whole-process `assign` timings of Algorithm B before/after (issue 15), BFW alongside; runs interleaved.
# Usage: assign-b-before-after.sh BEFORE_BIN AFTER_BIN GRID_DIR   (grid files: see docs/benchmarks.md, write-grid)
B0=$1; B1=$2; G=$3; D=${DATA:-../shared/data}/tntp
run() { # label bin net trips alg gap extra
  /usr/bin/time -f "%e %M" -o /tmp/abba.t "$2" assign "$3" "$4" --algorithm "$5" --gap "$6" --threads 1 --json $7 > /tmp/abba.json 2>/dev/null
  echo "$1 $5 gap=$6 elapsed=$(cut -d' ' -f1 /tmp/abba.t) maxrss_kb=$(cut -d' ' -f2 /tmp/abba.t) $(python3 -c "import json;d=json.load(open('/tmp/abba.json'));print('status',d['status'],'it',d['iterations'],'solve',round(d['wall_seconds'],3),'gap',d['relative_gap'])")"
}
net() { case $1 in SiouxFalls|Anaheim) echo "$D/$1/$1_net.tntp $D/$1/$1_trips.tntp";; *) echo "$G/$1_net.tntp $G/$1_trips.tntp";; esac; }
date -u; uptime
for rep in 1 2 3; do
  for n in SiouxFalls Anaheim grid25x26-110-2000 grid28x28-390-600; do
    for who in before after; do bin=$B0; [ $who = after ] && bin=$B1; run "$n $who" $bin $(net $n) b 1e-6; done
    case $n in SiouxFalls|Anaheim) run "$n after" $B1 $(net $n) bfw 1e-6;; esac
  done
done
for n in grid25x26-110-2000 grid28x28-390-600; do run "$n after" $B1 $(net $n) bfw 1e-6 "--max-seconds 120"; done
for rep in 1 2; do for who in before after; do bin=$B0; [ $who = after ] && bin=$B1; run "grid69x70-1100-550 $who" $bin $(net grid69x70-1100-550) b 1e-4; done; done
date -u; uptime
