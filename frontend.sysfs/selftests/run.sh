#!/bin/bash
# Runs the CPU and memory hot-plug selftests against the machine sysplug serves as a sysfs tree:
# starts `java -jar sysplug.jar --ephemeral --serve-sysfs TMP` (the simulated machine, nothing
# kept), waits for the tree to be served at TMP/sys, runs cpu-on-off-test.sh and
# mem-on-off-test.sh against it, ends sysplug by closing its input and checks that the mount is
# gone. Exit 0 when every check passed, 1 when one failed, 2 when sysplug or FUSE could not be
# started.
#
# Usage: run.sh [SYSPLUG_JAR]   (default: launcher/target/sysplug.jar of this repository)
# Environment: JAVA (default: java), SERVE_TIMEOUT (seconds to wait for the tree, default 60),
# MEM_RATIO (mem-on-off-test's -r, default 10), MEM_SEED (its -S, default random).

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=${1:-$repo/launcher/target/sysplug.jar}
java=${JAVA:-java}
serve_timeout=${SERVE_TIMEOUT:-60}

# FUSE is what is under test here: without it the run fails, it does not skip
if [ ! -c /dev/fuse ]; then
	echo "run.sh: FAIL: /dev/fuse is missing: sysplug cannot serve a sysfs tree here" >&2
	exit 2
fi
if ! command -v fusermount >/dev/null 2>&1 && ! command -v fusermount3 >/dev/null 2>&1; then
	echo "run.sh: FAIL: no fusermount (Debian: apt-get install fuse3): sysplug cannot mount the tree" >&2
	exit 2
fi
if [ ! -f "$jar" ]; then
	echo "run.sh: FAIL: $jar is missing: build it (mvn -o -B -q package -DskipTests -pl launcher -am) or give its path" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sysplug-selftests.XXXXXX")
sys=$tmp/sys
pid=

# /proc/self/mounts writes a blank in a path as \040
mounted() { grep -qF " ${sys// /\\040} fuse" /proc/self/mounts; }

cleanup() {
	exec 3>&-
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		sleep 1
		kill -9 "$pid" 2>/dev/null
	fi
	if mounted; then
		fusermount -u -z "$sys" 2>/dev/null || fusermount3 -u -z "$sys" 2>/dev/null
	fi
	# never remove files through a tree that is still mounted
	mounted || rm -rf "$tmp"
}
trap cleanup EXIT

# sysplug reads its commands from a fifo that this script holds open on fd 3; closing fd 3 is the
# end of input, at which sysplug unmounts the tree and exits
mkfifo "$tmp/in"
(cd "$tmp" && exec "$java" -jar "$jar" --ephemeral --serve-sysfs "$tmp" < "$tmp/in" > "$tmp/out.txt" 2> "$tmp/err.txt") &
pid=$!
exec 3> "$tmp/in"

echo "run.sh: sysplug $jar serving at $sys"
waited=0
while ! grep -q 'sysplug: serving the machine as a sysfs tree at' "$tmp/err.txt" 2>/dev/null; do
	if grep -q 'sysplug: not serving' "$tmp/err.txt" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null \
		|| [ "$waited" -ge $((serve_timeout * 10)) ]; then
		echo "FAIL: sysplug did not serve the tree at $sys; its output:"
		cat "$tmp/out.txt" "$tmp/err.txt"
		exit 2
	fi
	sleep 0.1
	waited=$((waited + 1))
done
if ! mounted; then
	echo "FAIL: sysplug says it serves $sys but nothing is mounted there"
	exit 2
fi
echo "PASS: sysplug serves the machine at $sys"

status=0
echo
"$here/cpu-on-off-test.sh" -F -s "$sys" || status=1
echo
mem_args=(-F -s "$sys" -r "${MEM_RATIO:-10}")
[ -n "${MEM_SEED:-}" ] && mem_args+=(-S "$MEM_SEED")
"$here/mem-on-off-test.sh" "${mem_args[@]}" || status=1
echo

# the writes went through the queue as requests; the list shows how many, and is kept for a failure
echo 'sysplug:requests' >&3
exec 3>&-
waited=0
while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 600 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	echo "FAIL: sysplug did not exit within 60 s of the end of its input"
	status=1
else
	wait "$pid"
	code=$?
	pid=
	if [ "$code" -eq 0 ]; then
		echo "PASS: sysplug exited 0 at the end of its input"
	else
		echo "FAIL: sysplug exited $code at the end of its input"
		status=1
	fi
fi
if mounted; then
	echo "FAIL: $sys is still mounted after sysplug ended"
	status=1
else
	echo "PASS: $sys is unmounted"
fi
requests=$(grep -cE '^(g! )?[[:space:]]*[0-9]+[[:space:]]+(ONLINE|OFFLINE)[[:space:]]' "$tmp/out.txt")
echo "run.sh: sysplug ran $requests online/offline requests"
if [ "$status" -ne 0 ]; then
	echo "run.sh: sysplug's output:"
	cat "$tmp/out.txt" "$tmp/err.txt"
fi
echo "run.sh: $([ "$status" -eq 0 ] && echo PASSED || echo FAILED)"
exit "$status"
