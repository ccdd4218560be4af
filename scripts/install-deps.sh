#!/usr/bin/env bash
# Install every Debian package that building, testing and benchmarking Vireo needs.
# Idempotent: packages already present are skipped; apt runs only when something is
# missing. Uses sudo when not root.
set -euo pipefail

PKGS=(
    build-essential make gcc clang libclang-rt-dev pkg-config
    libfdt-dev libslirp-dev libcapstone-dev libglib2.0-dev
    gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
    qemu-system-misc qemu-system-data opensbi
    device-tree-compiler cpio gzip xz-utils zstd file
    python3 bc
)

missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || $SUDO apt-get update
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
