#!/usr/bin/env python3
"""A lone `engine train` critic step against the same step inside `engine bench`: alternates a short
training run (its summary.json's critic_step_ms median: every timed critic step of the run, after the
first iterations) with `engine bench --penalty <p>` (the step's median inside the bench process) ROUNDS
times, so drift in a shared machine's speed hits both alike, and prints each pair and the ratio of the
medians over rounds. The issue's bar: within 10%.

    python3 scripts/train_vs_bench.py --rounds 3 --iters 200 [--model toy-mlp] [--penalty gp]
"""
import argparse, json, os, shlex, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return out.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--iters", type=int, default=200, help="generator iterations of each training run")
    p.add_argument("--seconds", type=float, default=8, help="bench seconds")
    p.add_argument("--model", default="toy-mlp")
    p.add_argument("--penalty", default="gp")
    p.add_argument("--engine", default="dotnet src/Cli/bin/Release/net10.0/engine.dll")
    args = p.parse_args()
    engine = shlex.split(args.engine)
    dataset = [] if args.model == "toy-mlp" else ["--dataset", "mnist"]
    train_ms, bench_ms = [], []
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory() as out:
            run(engine + ["train", "--model", args.model, "--penalty", args.penalty, "--iters", str(args.iters),
                          "--eval-every", "0", "--checkpoint-every", "0", "--out", out] + dataset)
            summary = json.load(open(os.path.join(out, "summary.json")))
        train_ms.append(summary["critic_step_ms"]["median"])
        line = next(l for l in reversed(run(engine + ["bench", "--model", args.model, "--penalty", args.penalty,
                                                      "--seconds", str(args.seconds)]).splitlines()) if l.startswith("{"))
        bench_ms.append(json.loads(line)["models"][args.model][f"{args.penalty}_ms"])
        print(f"round {r + 1}: train critic step {train_ms[-1]:.2f} ms (median of {summary['critic_step_ms']['samples']}), "
              f"bench {bench_ms[-1]:.2f} ms", flush=True)
    t, b = statistics.median(train_ms), statistics.median(bench_ms)
    print(f"\n{args.model} {args.penalty}: train {t:.2f} ms, bench {b:.2f} ms, train / bench {t / b:.3f} "
          f"({'within' if abs(t / b - 1) <= 0.10 else 'outside'} 10%)")


if __name__ == "__main__":
    main()
