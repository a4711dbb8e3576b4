#!/usr/bin/env bash
# guest/setup.sh - make sure the guest toolchain is installed (idempotent).
# Installs, from Debian's packages only and only when something is missing:
#   clang-14 (compiler), lld-14 (linker), llvm-14 (llvm-ar, llvm-readelf,
#   llvm-objdump), make.  Runs `apt-get update` first only in that case.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

need=()
have clang-14 || need+=(clang-14)
have ld.lld-14 || have ld.lld || need+=(lld-14)
{ have llvm-ar-14 && have llvm-readelf-14 && have llvm-objdump-14; } || need+=(llvm-14)
have make || need+=(make)

if [ ${#need[@]} -eq 0 ]; then
	echo "guest/setup.sh: toolchain present (clang-14, lld, llvm-14 tools, make)"
	exit 0
fi

echo "guest/setup.sh: installing ${need[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	have sudo || { echo "guest/setup.sh: not root and no sudo; install: ${need[*]}" >&2; exit 1; }
	SUDO=sudo
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
