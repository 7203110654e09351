#!/usr/bin/env bash
# What schedules, stochastic gradients and minibatches cost: instance-steps per second of one
# workload plain and with each feature on, measured side by side (interleaved, three rounds) on
# each backend. W1 of GPU.md (ackley/adam lr 0.05, 256², 500 steps, early stop off) and a data
# objective (fit_quadratic/sgd lr 0.5, 100 examples, 128², 200 steps).
#   bash benches/stochastic.sh [path/to/optgrid] [backends, default "cpu gpu"]
set -euo pipefail
bin=${1:-target/release/optgrid}
backends=${2:-cpu gpu}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
w1=(--fn ackley --opt adam --lr 0.05 --res 256 --steps 500 --no-early-stop)
fit=(--fn fit_quadratic --opt sgd --lr 0.5 --res 128 --steps 200 --no-early-stop)
variants=(
  "w1 plain|${w1[*]}"
  "w1 cosine schedule|${w1[*]} --schedule cosine"
  "w1 warmup_cosine schedule|${w1[*]} --schedule warmup_cosine"
  "w1 noise 0.1|${w1[*]} --param noise=0.1"
  "w1 noise 0.1 + sparsity 0.1|${w1[*]} --param noise=0.1 --param sparsity=0.1"
  "fit full batch (100 examples)|${fit[*]}"
  "fit batch 16|${fit[*]} --batch 16"
  "fit batch 1|${fit[*]} --batch 1"
)
declare -A rates
for round in 1 2 3; do
  for backend in $backends; do
    for v in "${variants[@]}"; do
      name=${v%%|*}
      args=${v#*|}
      # shellcheck disable=SC2086
      "$bin" sweep $args --backend "$backend" -q --out "$out/run"
      r=$(python3 -c "import json;print(json.load(open('$out/run/summary.json'))['instance_steps_per_second'])")
      rates["$backend|$name"]+="$r "
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | sed -n 2p; }
for backend in $backends; do
  echo "## $backend"
  printf '| %-32s | %-12s | %-8s |\n' variant "steps/s" "vs plain"
  for v in "${variants[@]}"; do
    name=${v%%|*}
    m=$(echo "${rates[$backend|$name]}" | median)
    base_name=$([[ $name == w1* ]] && echo "w1 plain" || echo "fit full batch (100 examples)")
    b=$(echo "${rates[$backend|$base_name]}" | median)
    printf '| %-32s | %-12.3g | %-8.2f |\n' "$name" "$m" "$(python3 -c "print($m/$b)")"
  done
done
