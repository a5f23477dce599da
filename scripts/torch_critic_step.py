#!/usr/bin/env python3
"""PyTorch eager reference for `engine bench`: one WGAN critic step, plain and with the gradient
penalty, for the official toy-mlp (8gaussians, batch 256, lambda 0.1) and mnist-dcgan (batch 50,
lambda 10) critics, timed the way `engine bench` times them: interleaved, after warm-up, each step
ended by a device synchronization, medians reported. The step mirrors Engine's: fresh real batch
uploaded from the host, generator forward without grad, critic on real and fake, the penalty's
input gradient with create_graph=True, backward, Adam (lr 1e-4, betas 0.5/0.9), and the step's
scalars read back (loss, W estimate, penalty, gradient-norm mean and std).

    python3 scripts/torch_critic_step.py --device cuda --seconds 10
Prints a table and, last, one JSON line.
"""
import argparse, json, math, os, statistics, sys, time


def blas_core_for_this_cpu():
    """OpenBLAS 0.3.21 (Debian's) does not know recent Xeons (e.g. family 6 model 207) and falls
    back to its Prescott (SSE3) kernels, a fifth of the machine's speed; PyTorch's CPU matmuls go
    through it. Name the kernel family the CPU's flags support instead, before torch loads it."""
    try:
        flags = next(l for l in open("/proc/cpuinfo") if l.startswith("flags")).split()
    except (OSError, StopIteration):
        return None
    if "avx512f" in flags and "avx512vl" in flags:
        return "SkylakeX"
    if "avx2" in flags and "fma" in flags:
        return "Haswell"
    return None


if "OPENBLAS_CORETYPE" not in os.environ and (core := blas_core_for_this_cpu()):
    os.environ["OPENBLAS_CORETYPE"] = core

import numpy as np
import torch
import torch.nn as nn


def toy_models(width=512):
    def mlp(i, o):
        return nn.Sequential(nn.Linear(i, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                             nn.Linear(width, width), nn.ReLU(), nn.Linear(width, o))
    return mlp(2, 2), mlp(2, 1)


class Crop(nn.Module):
    def forward(self, x):
        return x[:, :, :7, :7]


def mnist_models(w=64):
    critic = nn.Sequential(
        nn.Conv2d(1, w, 5, 2, 2), nn.LeakyReLU(0.2), nn.Conv2d(w, 2 * w, 5, 2, 2), nn.LeakyReLU(0.2),
        nn.Conv2d(2 * w, 4 * w, 5, 2, 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(4 * 4 * 4 * w, 1))
    generator = nn.Sequential(
        nn.Linear(128, 4 * 4 * 4 * w), nn.ReLU(), nn.Unflatten(1, (4 * w, 4, 4)),
        nn.ConvTranspose2d(4 * w, 2 * w, 5, 2, 2, output_padding=1), nn.ReLU(), Crop(),
        nn.ConvTranspose2d(2 * w, w, 5, 2, 2, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(w, 1, 5, 2, 2, output_padding=1), nn.Sigmoid())
    return generator, critic


def eight_gaussians(rng, n):
    centers = np.array([(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)], dtype=np.float64)
    centers[4:] /= math.sqrt(2)
    points = rng.normal(size=(n, 2)) * 0.02 + 2 * centers[rng.integers(0, 8, n)]
    return (points / 1.414).astype(np.float32)


class Case:
    def __init__(self, model, penalty, device):
        torch.manual_seed(1)
        self.rng = np.random.default_rng(1)
        self.model, self.penalty, self.device = model, penalty, device
        if model == "toy-mlp":
            self.generator, self.critic = toy_models()
            self.batch, self.lam, self.noise = 256, 0.1, 2
        else:
            self.generator, self.critic = mnist_models()
            self.batch, self.lam, self.noise = 50, 10.0, 128
        self.generator.to(device)
        self.critic.to(device)
        self.optimizer = torch.optim.Adam(self.critic.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def real(self):
        if self.model == "toy-mlp":
            host = eight_gaussians(self.rng, self.batch)
        else:
            host = self.rng.random((self.batch, 1, 28, 28), dtype=np.float32)
        return torch.from_numpy(host).to(self.device)

    def step(self):
        real = self.real()
        with torch.no_grad():
            fake = self.generator(torch.randn(self.batch, self.noise, device=self.device))
        w_neg = self.critic(fake).mean() - self.critic(real).mean()
        loss = w_neg
        norms = None
        if self.penalty == "gp":
            shape = (self.batch,) + (1,) * (real.dim() - 1)
            alpha = torch.rand(shape, device=self.device)
            x = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
            grad, = torch.autograd.grad(self.critic(x).sum(), x, create_graph=True)
            norms = torch.sqrt(grad.flatten(1).pow(2).sum(1) + 1e-12)
            penalty = ((norms - 1) ** 2).mean()
            loss = w_neg + self.lam * penalty
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        values = [loss.item(), -w_neg.item()]
        if norms is not None:
            values += [penalty.item(), norms.mean().item(), norms.std().item()]
        return values


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--seconds", type=float, default=10)
    # engine bench uses every CPU thread; PyTorch may default to fewer (one here), so match it.
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--model", action="append", choices=["toy-mlp", "mnist-dcgan"])
    args = parser.parse_args()
    if not args.device.startswith("cuda"):
        torch.set_num_threads(args.threads)
    result = {"framework": f"torch {torch.__version__}", "device": args.device,
              "threads": torch.get_num_threads(), "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
              "device_name": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu", "models": {}}
    for model in args.model or ["toy-mlp", "mnist-dcgan"]:
        cases = [Case(model, "plain", args.device), Case(model, "gp", args.device)]
        for _ in range(10):
            for c in cases:
                c.step()
        samples = [[], []]
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds or len(samples[0]) < 5:
            for i, c in enumerate(cases):
                sync(args.device)
                t = time.perf_counter()
                c.step()
                sync(args.device)
                samples[i].append((time.perf_counter() - t) * 1e3)
        plain, gp = statistics.median(samples[0]), statistics.median(samples[1])
        result["models"][model] = {"plain_ms": round(plain, 4), "gp_ms": round(gp, 4), "ratio": round(gp / plain, 4), "steps": len(samples[0])}
        print(f"{model:12s} plain {plain:8.3f} ms   gp {gp:8.3f} ms   ratio {gp / plain:5.2f}   ({len(samples[0])} steps each)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
