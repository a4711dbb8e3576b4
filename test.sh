#!/usr/bin/env bash
# The test command: installs what the tests need (the guest toolchain), builds the guest
# programs, then runs every test in Release and ends with one line "N passed, N failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/guest/setup.sh"
"$here/guest/build.sh"
# The CPU's differential test compares against Debian's qemu-riscv64 when it is there; it skips
# (and says so) when the package cannot be had.
if ! command -v qemu-riscv64 >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user; } >/dev/null 2>&1 \
    || echo "test.sh: qemu-user not installed; the qemu differential test will be skipped"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test "$here/Kfork.slnx" -c Release -nologo "$@" 2>&1 | tee "$log" || status=$?
passed=0; failed=0
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+),.*/\1 \2/p' "$log")
echo "$passed passed, $failed failed"
[ "$passed" -gt 0 ] || status=1
exit "$status"
