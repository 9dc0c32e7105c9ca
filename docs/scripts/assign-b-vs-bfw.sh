#!/bin/bash
P=/work/wt-bush/src/PlanningSolver.Cli/bin/Release/net10.0/planning-solver
D=/work/shared/data/tntp; G=/tmp/grids
run() { # name net trips alg gap extra
  /usr/bin/time -f "%e %M" -o /tmp/t.txt $P assign $2 $3 --algorithm $4 --gap $5 --threads 1 --json $6 > /tmp/o.json 2>/dev/null
  echo "$1 $4 gap=$5 elapsed=$(cut -d' ' -f1 /tmp/t.txt) maxrss_kb=$(cut -d' ' -f2 /tmp/t.txt) $(python3 -c "import json;d=json.load(open('/tmp/o.json'));print('status',d['status'],'it',d['iterations'],'solve',round(d['wall_seconds'],3),'gap',d['relative_gap'])")"
}
date -u; uptime
for rep in 1 2 3; do
 for alg in bfw b; do
  run SiouxFalls $D/SiouxFalls/SiouxFalls_net.tntp $D/SiouxFalls/SiouxFalls_trips.tntp $alg 1e-6
  run Anaheim $D/Anaheim/Anaheim_net.tntp $D/Anaheim/Anaheim_trips.tntp $alg 1e-6
 done
done
for rep in 1 2; do
 for alg in b bfw; do
  run grid25x26-110 $G/grid25x26-110-2000_net.tntp $G/grid25x26-110-2000_trips.tntp $alg 1e-6 "--max-seconds 120"
  run grid28x28-390 $G/grid28x28-390-600_net.tntp $G/grid28x28-390-600_trips.tntp $alg 1e-6 "--max-seconds 120"
 done
done
for alg in b bfw; do
 run grid69x70-1100 $G/grid69x70-1100-550_net.tntp $G/grid69x70-1100-550_trips.tntp $alg 1e-4 "--max-seconds 400"
done
date -u; uptime
