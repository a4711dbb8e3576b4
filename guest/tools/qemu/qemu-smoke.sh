#!/usr/bin/env bash
# guest/tools/qemu/qemu-smoke.sh - DEVELOPMENT AID: relink the guest programs
# against linux_shim.c (Linux syscall numbers) and run a few of them under
# qemu-riscv64, as a loose check of libc and program logic before Kfork can
# run them.  Needs guest/build.sh to have run, and qemu-riscv64 (Debian
# package qemu-user, not installed by setup.sh).  Commands that sh runs are
# the HOST's (/bin/echo etc.), since exec leaves qemu.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v qemu-riscv64 >/dev/null || { echo "qemu-riscv64 not installed (apt-get install qemu-user)"; exit 0; }
Q=build/qemu
mkdir -p $Q/bin
CFLAGS="--target=riscv64-unknown-freebsd -march=rv64ima -mabi=lp64 -mno-relax -mcmodel=medany -O2 -ffreestanding -fno-builtin -nostdlibinc -fno-pic -fno-pie -fno-stack-protector -ffunction-sections -Iinclude -w"
clang-14 $CFLAGS -c tools/qemu/linux_shim.c -o $Q/shim.o
rm -f $Q/libc.a
llvm-ar-14 rcsD $Q/libc.a $(ls build/obj/lib/*.o | grep -v syscall.o)
for p in build/obj/bin/*.o; do
	n=$(basename "$p" .o)
	ld.lld-14 -T lib/kfork.ld -static --gc-sections -o $Q/bin/$n build/crt0.o "$p" $Q/shim.o $Q/libc.a
done
R() { qemu-riscv64 "$@"; }
fail=0
expect() {	# expect NAME WANT GOT
	if [ "$2" == "$3" ]; then echo "ok - $1"; else echo "not ok - $1"; echo "  want: $(printf %q "$2")"; echo "  got:  $(printf %q "$3")"; fail=1; fi
}
expect "echo" "a b  c" "$(R $Q/bin/echo a 'b ' c)"
expect "echo -n" "x" "$(R $Q/bin/echo -n x)"
expect "wc stdin" "       4       3       9" "$(printf 'ab c\nd\n\n\n' | head -c 12 | R $Q/bin/wc)"
printf 'one two\nthree\n' > $Q/f1; printf 'x\n' > $Q/f2
expect "wc files" "$(printf '       2       3      14 %s\n       1       1       2 %s\n       3       4      16 total' $Q/f1 $Q/f2)" "$(R $Q/bin/wc $Q/f1 $Q/f2)"
expect "wc -l" "       2 $Q/f1" "$(R $Q/bin/wc -l $Q/f1)"
expect "cat files" "$(cat $Q/f1 $Q/f2)" "$(R $Q/bin/cat $Q/f1 - $Q/f2 </dev/null)"
expect "cat stdin" "hi there" "$(echo hi there | R $Q/bin/cat)"
out=$(R $Q/bin/hello)
expect "hello line 1" "hello, world" "$(head -1 <<<"$out")"
expect "hello lines" "3" "$(wc -l <<<"$out" | tr -d ' ')"
echo "$out" | sed 's/^/#   /'
expect "sh -c pipeline" "5" "$(R $Q/bin/sh -c 'echo "a  b" | cat | wc -c')"
expect "sh \$?" "1 1 0" "$(R $Q/bin/sh -c 'false; echo $? "$?"; true; echo $?' | tr '\n' ' ' | sed 's/ $//')"
expect "sh \$\$ is numeric" "ok" "$(R $Q/bin/sh -c 'echo $$' | grep -qE '^[0-9]+$' && echo ok)"
expect "sh quoting" "it's \"q\" \$x a\\b" "$(R $Q/bin/sh -c "echo it\\'s '\"q\"' '\$x' \"a\\\\b\"")"
expect "sh ; and status" "1" "$(R $Q/bin/sh -c 'false; echo $?')"
expect "sh && ||" "b d" "$(R $Q/bin/sh -c 'false && echo a; true && echo b || echo c; false || echo d' | tr '\n' ' ' | sed 's/ $//')"
set +e
R $Q/bin/sh -c 'exit 7'; expect "sh exit 7" 7 $?
R $Q/bin/sh -c 'nonexistent_cmd_xyz' 2>/dev/null; expect "sh not found 127" 127 $?
R $Q/bin/sh -c 'echo "unterminated' 2>/dev/null; expect "sh syntax error 2" 2 $?
R $Q/bin/sh -c 'true | false'; expect "sh pipeline status is last" 1 $?
R $Q/bin/sh -c 'kill -9 $$' ; expect "sh killed by signal" 137 $?
R $Q/bin/init /bin/sh -c 'exit 3'; expect "init exit code" 3 $?
R $Q/bin/init /bin/sh -c 'kill -TERM $$'; expect "init 128+signo" 143 $?
set -e
expect "sh stdin script" "x
y" "$(printf 'echo x\n# comment\necho y\n' | R $Q/bin/sh)"
expect "sh redirect" "hello" "$(R $Q/bin/sh -c "echo hello > $Q/r; cat < $Q/r")"
expect "sh append" "a b" "$(R $Q/bin/sh -c "echo a > $Q/r; echo b >> $Q/r; cat $Q/r" | tr '\n' ' ' | sed 's/ $//')"
expect "sh cd" "/" "$(R $Q/bin/sh -c 'cd /; pwd')"
expect "sleep" "" "$(R $Q/bin/sleep 0.1)"
out=$(R $Q/bin/forkbomb 50)
expect "forkbomb bounded" "forkbomb: 50 forks succeeded, stopped at the limit of 50 without a failure
forkbomb: reaped 50 children" "$out"
for t in t_fork t_cow t_pipe t_exec; do echo "# $t (under Linux; signal/sysctl bits fail by design)"; R $Q/bin/$t | sed 's/^/#   /' || true; done
exit $fail
