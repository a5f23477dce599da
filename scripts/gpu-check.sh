#!/usr/bin/env bash
# Run on an NVIDIA GPU machine that has no .NET: the self-contained CLI published by
#   dotnet publish src/Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
#     -p:InvariantGlobalization=true -o out/gpu
# (no trimming, no NativeAOT: ILGPU generates its kernels and launchers at run time; --device cuda
# is the ILGPU backend, compiled to PTX and loaded by the driver, libcuda.so; no NVRTC needed)
# and carried to out/gpu/engine. Checks every op on CUDA (forward, first and second derivatives
# against the CPU), times the critic steps on CUDA, and times PyTorch eager CUDA on the same steps.
# Results go to ${OUT:-out/gpu-results}.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-out/gpu-results}"
mkdir -p "$out"
engine=out/gpu/engine
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
"$engine" selftest --device cuda 2>&1 | tee "$out/selftest-cuda.txt"
"$engine" selftest --device opencl 2>&1 | tail -3 | tee "$out/selftest-opencl.txt"   # ILGPU on OpenCL; NVIDIA's OpenCL is refused, naming the device
"$engine" bench --device cuda --model toy-mlp --model mnist-dcgan --penalty gp --seconds "${SECONDS_PER_MODEL:-10}" 2>&1 | tee "$out/bench-cuda.txt"
python3 scripts/torch_critic_step.py --device cuda --seconds "${SECONDS_PER_MODEL:-10}" 2>&1 | tee "$out/torch-cuda.txt"
