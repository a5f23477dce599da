#!/usr/bin/env python3
"""Engine against PyTorch on this machine's CPU: alternates `engine bench --penalty gp` and
`scripts/torch_critic_step.py --device cpu` (same models, batches, optimizer, read-backs) ROUNDS
times for each model, in one run, so drift in a shared machine's speed hits both alike. Prints each
run's medians, then a Markdown table of the medians over runs: engine / PyTorch per step, and each
step's FLOPs (the engine's graph count, the same for both) over the FMA peak `engine bench`
measured, i.e. the time a step would take at peak and what share of it each side reaches.

    python3 scripts/compare_torch.py --rounds 3 --seconds 8 [--engine "dotnet src/Cli/bin/Release/net10.0/engine.dll"] [--python /usr/bin/python3]
"""
import argparse, json, os, shlex, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in output:\n" + text[-2000:])


def run(cmd):
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return last_json(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=8)
    p.add_argument("--model", action="append", choices=["toy-mlp", "mnist-dcgan"])
    p.add_argument("--engine", default="dotnet src/Cli/bin/Release/net10.0/engine.dll")
    # Debian's python3-torch lives in the system interpreter, which a pyenv shim may hide.
    p.add_argument("--python", default="/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable)
    args = p.parse_args()
    models = args.model or ["toy-mlp", "mnist-dcgan"]
    engine = {m: {"plain": [], "gp": []} for m in models}
    torch = {m: {"plain": [], "gp": []} for m in models}
    flops, peaks, framework = {}, [], ""
    for r in range(args.rounds):
        for m in models:
            e = run(shlex.split(args.engine) + ["bench", "--model", m, "--penalty", "gp", "--seconds", str(args.seconds)])
            em = e["models"][m]
            engine[m]["plain"].append(em["plain_ms"])
            engine[m]["gp"].append(em["gp_ms"])
            flops[m] = {"plain": em["penalties"]["plain"]["gflop"], "gp": em["penalties"]["gp"]["gflop"]}
            peaks.append(e["peak_gflops"])
            t = run([args.python, "scripts/torch_critic_step.py", "--device", "cpu", "--model", m, "--seconds", str(args.seconds)])
            framework = t["framework"]
            tm = t["models"][m]
            torch[m]["plain"].append(tm["plain_ms"])
            torch[m]["gp"].append(tm["gp_ms"])
            print(f"round {r + 1} {m:12s} engine plain {em['plain_ms']:8.2f} gp {em['gp_ms']:8.2f} ms | "
                  f"{framework} plain {tm['plain_ms']:8.2f} gp {tm['gp_ms']:8.2f} ms | peak {e['peak_gflops']:.0f} GFLOP/s", flush=True)
    peak = statistics.median(peaks)
    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPU threads, measured FMA peak "
          f"(median of the {len(peaks)} bench starts) {peak:.0f} GFLOP/s, {args.rounds} alternated rounds of {args.seconds:g} s")
    print()
    print(f"| step | engine median ms | {framework} median ms | engine / PyTorch | GFLOP | ms at peak | engine % of peak | PyTorch % of peak |")
    print("|---|---|---|---|---|---|---|---|")
    for m in models:
        for step in ("plain", "gp"):
            e, t = statistics.median(engine[m][step]), statistics.median(torch[m][step])
            at_peak = flops[m][step] / peak * 1e3
            print(f"| {m} {step} | {e:.2f} | {t:.2f} | {e / t:.2f} | {flops[m][step]:.3f} | {at_peak:.2f} | "
                  f"{100 * at_peak / e:.0f}% | {100 * at_peak / t:.0f}% |")


if __name__ == "__main__":
    main()
