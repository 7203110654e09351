#!/usr/bin/env bash
# End-to-end latency of `optgrid serve` (HTTP request to last byte) for the viewer's maps:
# Adam on Ackley, 300 steps, at 128² and 512², through /api/map (what the page asks for) and
# /api/sweep (result.npz). Median and range of 15 requests each, after one warm-up.
# Usage: bash benches/serve_latency.sh [--backend cpu|gpu|auto]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
port=18765
./target/release/optgrid serve --port $port "${@:---backend=cpu}" > /tmp/optgrid-serve-bench.log 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
head -1 /tmp/optgrid-serve-bench.log
for res in 128 512; do
  body="{\"fn\":\"ackley\",\"opt\":\"adam\",\"params\":{\"lr\":0.05},\"res\":$res,\"steps\":300}"
  for api in map sweep; do
    curl -s -o /dev/null -X POST "http://127.0.0.1:$port/api/$api" -d "$body"
    times=$(for i in $(seq 15); do
      curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$port/api/$api" -d "$body"
    done | sort -n)
    echo "$times" | awk -v res="$res" -v api="$api" \
      '{ t[NR] = $1 * 1000 } END { printf "%4s² /api/%-5s median %.0f ms (%.0f–%.0f ms)\n", res, api, t[8], t[1], t[NR] }'
  done
done
