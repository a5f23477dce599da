#!/usr/bin/env bash
# Do two commits train to the same numbers? Builds the CLI at BASE (default 4498393, the commit
# before issue 15 moved Modules and Optimizers into src/Nn and src/Optim) and at HEAD (default: the
# working tree), runs the same seeded 40-iteration train on both and compares metrics.jsonl line by
# line with the timing field ("seconds") left out. Builds and runs are cached per commit in
# $CACHE (default /tmp/compare-metrics), so a bisection rebuilds each commit once.
# Usage: scripts/compare-metrics.sh [BASE [HEAD]]   (extra train options in $TRAIN_ARGS)
# Exit 0: identical; 1: different (the first differing lines are printed).
# Result on 2026-12-01 (this 2-core machine): 4498393 = 36d6d18 (the layer move) = 118a936 (the mpi
# branch with the layers, collectives and data-parallel training), bitwise; f07c7db (merging main's
# fused GEMM/conv epilogues and FMA peak) changes float32 rounding (critic loss at iteration 0
# -1.7030891060829163 -> -1.703089165687561) and the runs drift apart from there.
set -euo pipefail
shopt -s inherit_errexit # a failed build or train inside $(metrics_at ...) stops the script
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CACHE:-/tmp/compare-metrics}
args=(--iters 40 --seed 7 --log-every 1 --eval-every 0 --checkpoint-every 0 --threads 1 ${TRAIN_ARGS:-})
mkdir -p "$cache"

# Prints the path of the timing-free metrics of a run at $1 (a commit, or "worktree").
metrics_at() {
  local ref=$1 key src
  if [ "$ref" = worktree ]; then
    key=worktree; src=$root; rm -rf "$cache/worktree"
  else
    key=$(git -C "$root" rev-parse --short=10 "$ref^{commit}"); src=$cache/$key/src
  fi
  local out=$cache/$key args_key
  args_key=$(echo "${args[*]}" | sha1sum | cut -c1-8)
  if [ ! -f "$out/metrics-$args_key.jsonl" ]; then
    if [ "$ref" != worktree ] && [ ! -d "$src" ]; then
      git -C "$root" worktree add --detach "$src" "$key" >/dev/null 2>&1
    fi
    if [ ! -f "$out/bin/engine.dll" ]; then
      echo "building $key" >&2
      dotnet build -c Release "$src/src/Cli" -o "$out/bin" -v q -nologo >/dev/null
    fi
    echo "training at $key: engine train ${args[*]}" >&2
    rm -rf "$out/run"
    dotnet "$out/bin/engine.dll" train "${args[@]}" --out "$out/run" >"$out/train.log" 2>&1 ||
      { echo "train at $key failed:" >&2; tail -5 "$out/train.log" >&2; return 1; }
    # Timing fields differ run to run by nature; everything else must not move.
    python3 - "$out/run/metrics.jsonl" >"$out/metrics-$args_key.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    row = json.loads(line)
    row.pop("seconds", None)
    print(json.dumps(row, sort_keys=True))
PY
    if [ "$ref" != worktree ]; then git -C "$root" worktree remove --force "$src" >/dev/null 2>&1 || true; fi
  fi
  echo "$out/metrics-$args_key.jsonl"
}

base=${1:-4498393}
head=${2:-worktree}
a=$(metrics_at "$base")
b=$(metrics_at "$head")
for m in "$a" "$b"; do
  [ -s "$m" ] || { echo "no metrics in $m: see train.log beside it" >&2; exit 2; }
done
if cmp -s "$a" "$b"; then
  echo "identical: $(wc -l <"$b") lines of metrics.jsonl (timing left out) at $base and at $head (train ${args[*]})"
else
  echo "DIFFERENT metrics.jsonl at $base and at $head (train ${args[*]}); first lines:"
  diff "$a" "$b" | head -6
  exit 1
fi
