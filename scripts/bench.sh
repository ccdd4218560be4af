#!/usr/bin/env bash
# make bench entry point: bare-metal compute benchmarks, Vireo vs QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v bc >/dev/null || { echo "bench: bc is missing (scripts/install-deps.sh)" >&2; exit 1; }
bench/run.sh "$@"
# Linux boot and busybox workloads, QEMU vs Vireo (bench/linux/run.sh).
exec bench/linux/run.sh "$@"
