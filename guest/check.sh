#!/usr/bin/env bash
# guest/check.sh FILE... - verify each file is what the Kfork loader accepts
# (GUEST_ABI.md "Machine and image"): ELF64, ET_EXEC, EM_RISCV, e_flags
# without RVC or a float ABI, only PT_LOAD (+ PT_GNU_STACK) segments, no
# PT_INTERP/PT_DYNAMIC, page-congruent segments, and no compressed or
# undecodable instructions.
set -euo pipefail
READELF=${READELF:-llvm-readelf-14}
OBJDUMP=${OBJDUMP:-llvm-objdump-14}

fail=0
bad() { echo "check: $1: $2" >&2; fail=1; }

for f in "$@"; do
	h=$("$READELF" -h "$f")
	grep -q 'Class: *ELF64' <<<"$h" || bad "$f" "not ELF64"
	grep -q 'Type: *EXEC' <<<"$h" || bad "$f" "not ET_EXEC"
	grep -q 'Machine: *RISC-V' <<<"$h" || bad "$f" "not EM_RISCV"
	grep -q 'Flags: *0x0$' <<<"$h" || bad "$f" "e_flags not 0 (RVC or float ABI set)"

	# Program headers: "  TYPE OFFSET VADDR PADDR FILESZ MEMSZ FLG ALIGN"
	ph=$("$READELF" -lW "$f" | awk '$1 ~ /^(LOAD|GNU_STACK|INTERP|DYNAMIC|PHDR|NOTE|TLS|GNU_RELRO|GNU_EH_FRAME|ATTRIBUTES|RISCV_ATTRIBUTES|0x)/')
	while read -r type off vaddr _ filesz memsz rest; do
		case $type in
		LOAD)
			if (( (off - vaddr) % 4096 != 0 )); then bad "$f" "LOAD at $vaddr not congruent to offset $off"; fi ;;
		GNU_STACK)
			grep -q 'E' <<<"$rest" && bad "$f" "executable stack" ;;
		*)	bad "$f" "unexpected segment $type" ;;
		esac
	done <<<"$ph"

	# With +c, a real compressed instruction decodes as a 2-byte one; our
	# 4-byte instructions all end in binary 11 so they decode the same.
	# (Output is captured first: grep -q closing the pipe early would make
	# objdump die of SIGPIPE and pipefail turn a hit into a miss.)
	dis=$("$OBJDUMP" -d --mattr=+m,+a,+c "$f")
	if grep -Eq '^ +[0-9a-f]+: ([0-9a-f]{2} ){2} {2,}' <<<"$dis"; then
		bad "$f" "compressed instructions present"
	fi
	dis=$("$OBJDUMP" -d --mattr=+m,+a,-c "$f")
	if grep -q '<unknown>' <<<"$dis"; then
		bad "$f" "undecodable words in text"
	fi
done
if [ $fail -ne 0 ]; then
	echo "check: FAILED" >&2
	exit 1
fi
echo "check: $# program(s) OK (ELF64 EXEC RISC-V, rv64ima, PT_LOAD only)"
