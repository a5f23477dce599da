#!/usr/bin/env python3
"""PyTorch's CPU conv2d on the MNIST critic's layers (5x5, stride 2, pad 2, batch 50, float32), the
peer of `dotnet run -c Release --project benchmarks/Engine.Benchmarks -- quick conv`: forward,
grad-input and grad-weight, best and median of 30 calls after warm-up, GFLOP/s of the best
(2 N O Ho Wo C kh kw per pass, as quick counts).

    python3 scripts/torch_conv_layers.py [--threads 2]
"""
import argparse, os, time


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} threads, mkldnn {torch.backends.mkldnn.is_available()}")
    for c, h, o in [(1, 28, 64), (64, 14, 128), (128, 7, 256)]:
        x = torch.randn(50, c, h, h, requires_grad=True)
        conv = torch.nn.Conv2d(c, o, 5, 2, 2)
        ho = (h + 4 - 5) // 2 + 1
        flops = 2 * 50 * o * c * 25 * ho * ho
        y = conv(x)
        g = torch.randn_like(y)
        passes = {
            "forward": lambda: conv(x),
            "grad-input": lambda: torch.autograd.grad(y, x, g, retain_graph=True),
            "grad-weight": lambda: torch.autograd.grad(y, conv.weight, g, retain_graph=True),
        }
        for name, f in passes.items():
            for _ in range(5):
                f()
            times = []
            for _ in range(30):
                t = time.perf_counter()
                f()
                times.append(time.perf_counter() - t)
            times.sort()
            print(f"conv {c}x{h}->{o} {name:12s} best {times[0] * 1e3:8.3f} ms  median {times[15] * 1e3:8.3f} ms  {flops / times[0] / 1e9:7.1f} GFLOP/s")


if __name__ == "__main__":
    main()
