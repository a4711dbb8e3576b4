#!/usr/bin/env bash
# guest/build.sh - build the guest libc, crt0 and programs into guest/build/,
# then check every program is a static RV64IMA ET_EXEC (guest/check.sh).
#   guest/build.sh            build (incremental) and check
#   guest/build.sh clean      remove guest/build/
# Extra arguments are passed to make (e.g. `guest/build.sh -B`).
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1-}" = clean ]; then
	rm -rf build
	exit 0
fi

pick() {		# first of the named tools that is on PATH
	for t in "$@"; do
		if command -v "$t" >/dev/null 2>&1; then echo "$t"; return 0; fi
	done
	return 1
}

missing=()
CC=$(pick clang-14) || missing+=("clang-14 (package clang-14)")
LD=$(pick ld.lld-14 ld.lld) || missing+=("ld.lld-14 (package lld-14)")
AR=$(pick llvm-ar-14) || missing+=("llvm-ar-14 (package llvm-14)")
READELF=$(pick llvm-readelf-14) || missing+=("llvm-readelf-14 (package llvm-14)")
OBJDUMP=$(pick llvm-objdump-14) || missing+=("llvm-objdump-14 (package llvm-14)")
command -v make >/dev/null 2>&1 || missing+=("make (package make)")
if [ ${#missing[@]} -ne 0 ]; then
	echo "guest/build.sh: missing toolchain: ${missing[*]}" >&2
	echo "guest/build.sh: run guest/setup.sh (as root) to install it" >&2
	exit 1
fi

jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" CC="$CC" LD="$LD" AR="$AR" "$@"
READELF="$READELF" OBJDUMP="$OBJDUMP" ./check.sh build/bin/*
