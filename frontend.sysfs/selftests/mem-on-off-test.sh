#!/bin/bash
# Memory hot-plug selftest over a sysfs tree, in the manner of the kernel's
# tools/testing/selftests/memory-hotplug: a share of the online hot-removable memory blocks
# (removable = 1) is taken offline and online again with the state read back after each write,
# then the same writes are made with the memory notifier's error injected
# (notifier-error-inject) and must fail and change nothing; a block holding unmovable pages
# (removable = 0) must refuse to go offline with EBUSY. One PASS/FAIL/SKIP line per check; exit 0
# when no check failed, 1 when one did, 4 (kselftest's skip) when there is no block to test, 2 on
# a usage error.
#
# It writes to the tree it is given: run it against a served or copied tree (-s DIR/sys), or as
# root against /sys with -L on a machine whose memory may be taken offline (never without -L).

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	cat <<EOF
Usage: $0 [-s SYSFS] [-d DEBUGFS] [-e ERRNO] [-r PERCENT] [-S SEED] [-F] [-L]
  -s SYSFS    the sysfs root to test (or \$SYSFS): a served tree, DIR/sys of
              java -jar sysplug.jar --serve-sysfs DIR; the running kernel's /sys
              only with -L
  -d DEBUGFS  where notifier-error-inject lives (default SYSFS/kernel/debug)
  -e ERRNO    the error to inject, -4095..-1 (default -12)
  -r PERCENT  the share of online hot-removable blocks to take offline, 0..100 (default 10)
  -S SEED     seeds the choice of blocks (default: random; the run prints the seed it used)
  -L          mean it: test the running kernel's /sys (real CPUs and memory go
              offline and online)
  -F          fail, rather than skip, the fault checks when notifier-error-inject is missing
EOF
}

SYSFS=${SYSFS:-}
live=0
DEBUGFS=
error=-12
ratio=10
seed=
faults_required=0
while getopts s:d:e:r:S:FLh opt; do
	case $opt in
	s) SYSFS=$OPTARG ;;
	d) DEBUGFS=$OPTARG ;;
	e) error=$OPTARG ;;
	r) ratio=$OPTARG ;;
	S) seed=$OPTARG ;;
	F) faults_required=1 ;;
	L) live=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
if ! [[ $error =~ ^-[1-9][0-9]{0,3}$ ]] || [ "$error" -lt -4095 ]; then
	echo "$0: -e takes a negative errno (-4095..-1), not '$error'" >&2
	exit 2
fi
case $ratio in
'' | *[!0-9]*) echo "$0: -r takes a percentage 0..100, not '$ratio'" >&2; exit 2 ;;
esac
if [ "$ratio" -gt 100 ]; then
	echo "$0: -r takes a percentage 0..100, not '$ratio'" >&2
	exit 2
fi
case $seed in
'') seed=$((RANDOM * 32768 + RANDOM)) ;;
*[!0-9]*) echo "$0: -S takes a number, not '$seed'" >&2; exit 2 ;;
esac
RANDOM=$seed
DEBUGFS=${DEBUGFS:-$SYSFS/kernel/debug}
check_sysfs_root "$SYSFS" "$live"

MEMORY=$SYSFS/devices/system/memory
INJECT=$DEBUGFS/notifier-error-inject/memory/actions

# blocks REMOVABLE [online|offline]: the blocks whose removable file reads REMOVABLE, those in
# the given state when one is given
blocks() {
	local dir
	for dir in "$MEMORY"/memory[0-9]*; do
		get_attr "$dir/removable"
		[ "$ATTR" = "$1" ] || continue
		[ -n "${2:-}" ] && get_attr "$dir/state"
		if [ -z "${2:-}" ] || [ "$ATTR" = "$2" ]; then
			echo "${dir##*/memory}"
		fi
	done | sort -n
}

# the state a block's online file shows for a state file's value
online_value() { [ "$1" = online ] && echo 1 || echo 0; }

# block_set N online|offline: the write to memoryN/state must succeed, and state and online
# must read it back
block_set() {
	local n=$1 value=$2 got gotonline
	if ! sysfs_write "$MEMORY/memory$n/state" "$value"; then
		fail "$value memory$n: the write failed: $WRITE_ERROR"
		return 1
	fi
	got=$(read_attr "$MEMORY/memory$n/state")
	gotonline=$(read_attr "$MEMORY/memory$n/online")
	if [ "$got" != "$value" ]; then
		fail "$value memory$n: the write succeeded but memory$n/state reads '$got'"
	elif [ "$gotonline" != "$(online_value "$value")" ]; then
		fail "$value memory$n: memory$n/state reads $got but memory$n/online reads '$gotonline'"
	else
		pass "$value memory$n (state reads $got)"
	fi
}

# block_set_fails N online|offline WHY [ERRNO-TEXT]: the write must fail (with ERRNO-TEXT when
# given) and the block keep its state
block_set_fails() {
	local n=$1 value=$2 why=$3 want=${4:-} got before
	[ "$value" = online ] && before=offline || before=online
	if sysfs_write "$MEMORY/memory$n/state" "$value"; then
		fail "$value memory$n with $why: the write succeeded, it must fail"
		return
	fi
	got=$(read_attr "$MEMORY/memory$n/state")
	if [ -n "$want" ] && [ "$WRITE_ERROR" != "$want" ]; then
		fail "$value memory$n with $why: failed with '$WRITE_ERROR', not '$want'"
	elif [ "$got" != "$before" ]; then
		fail "$value memory$n with $why: failed ($WRITE_ERROR) but memory$n/state reads '$got', not $before"
	else
		pass "$value memory$n refused with $why: $WRITE_ERROR (state still $got)"
	fi
}

# a run stopped half-way must not leave a fault behind
injected=0
clear_faults() {
	if [ "$injected" = 1 ]; then
		sysfs_write "$INJECT/MEM_GOING_ONLINE/error" 0
		sysfs_write "$INJECT/MEM_GOING_OFFLINE/error" 0
	fi
}
trap clear_faults EXIT

echo "mem-on-off-test: sysfs at $SYSFS, $ratio% of the hot-removable blocks, seed $seed (-S $seed repeats the choice)"
echo "  block size: $(read_attr "$MEMORY/block_size_bytes")"
removable=$(blocks 1)
unmovable=$(blocks 0 online)
if [ -z "$removable" ] && [ -z "$unmovable" ]; then
	echo "SKIP: no memory block with a removable file below $MEMORY"
	exit "$KSFT_SKIP"
fi
echo "  hot-removable: $(echo $removable | wc -w) blocks; online and holding unmovable pages: $(echo $unmovable)"

echo "# a block holding unmovable pages refuses to go offline: EBUSY, still online"
if [ -z "$unmovable" ]; then
	skip "EBUSY: no online block with removable = 0"
fi
for n in $unmovable; do
	block_set_fails "$n" offline "unmovable pages" "Device or resource busy"
done
for n in $unmovable; do
	# the online file goes the same way as the state file
	if sysfs_write "$MEMORY/memory$n/online" 0; then
		fail "write 0 to memory$n/online: succeeded on a block holding unmovable pages"
	elif [ "$WRITE_ERROR" != "Device or resource busy" ]; then
		fail "write 0 to memory$n/online: failed with '$WRITE_ERROR', not 'Device or resource busy'"
	elif [ "$(read_attr "$MEMORY/memory$n/online")" != 1 ]; then
		fail "write 0 to memory$n/online: failed but online reads '$(read_attr "$MEMORY/memory$n/online")'"
	else
		pass "write 0 to memory$n/online refused: $WRITE_ERROR (online still 1)"
	fi
	break
done

if [ -z "$removable" ]; then
	skip "no hot-removable block (removable = 1): the on/off checks have nothing to take offline"
	summary mem-on-off-test
	exit
fi

echo "# online every offline hot-removable block"
for n in $(blocks 1 offline); do
	block_set "$n" online
done

echo "# offline $ratio% of the online hot-removable blocks, then online them again"
pick_share "$ratio" $(blocks 1 online)
share=$SHARE
for n in $share; do
	block_set "$n" offline
done
first=
for n in $share; do
	first=${first:-$n}
	block_set "$n" online
done

if [ -n "$first" ]; then
	echo "# the kernel's answers to a block already in the state written"
	block_set "$first" offline
	if sysfs_write "$MEMORY/memory$first/state" offline; then
		fail "offline memory$first again through state: succeeded, the kernel answers EINVAL"
	elif [ "$WRITE_ERROR" != "Invalid argument" ]; then
		fail "offline memory$first again through state: failed with '$WRITE_ERROR', not 'Invalid argument'"
	else
		pass "offline memory$first again through state refused: $WRITE_ERROR"
	fi
	if ! sysfs_write "$MEMORY/memory$first/online" 0; then
		fail "write 0 to memory$first/online when offline: failed ($WRITE_ERROR), the kernel succeeds"
	elif [ "$(read_attr "$MEMORY/memory$first/state")" != offline ]; then
		fail "write 0 to memory$first/online when offline: state reads '$(read_attr "$MEMORY/memory$first/state")'"
	else
		pass "write 0 to memory$first/online when offline: succeeds, still offline"
	fi
	# and the online file brings it back
	if ! sysfs_write "$MEMORY/memory$first/online" 1; then
		fail "write 1 to memory$first/online: the write failed: $WRITE_ERROR"
	elif [ "$(read_attr "$MEMORY/memory$first/state")" != online ]; then
		fail "write 1 to memory$first/online: state reads '$(read_attr "$MEMORY/memory$first/state")'"
	else
		pass "write 1 to memory$first/online (state reads online)"
	fi
fi

echo "# notifier error injection"
if [ ! -d "$INJECT" ]; then
	if [ "$faults_required" = 1 ]; then
		fail "notifier-error-inject: $INJECT is missing"
	else
		skip "notifier-error-inject: $INJECT is missing (memory-notifier-error-inject not loaded?)"
	fi
	summary mem-on-off-test
	exit
fi

injected=1
echo "# offline $ratio% of the online hot-removable blocks, no error injected"
inject MEM_GOING_OFFLINE 0
pick_share "$ratio" $(blocks 1 online)
share=$SHARE
for n in $share; do
	block_set "$n" offline
done

echo "# online with MEM_GOING_ONLINE error $error: every write fails, every block stays offline"
if inject MEM_GOING_ONLINE "$error"; then
	for n in $(blocks 1 offline); do
		block_set_fails "$n" online "MEM_GOING_ONLINE=$error"
	done
fi

echo "# online every offline hot-removable block, the error removed"
inject MEM_GOING_ONLINE 0
for n in $(blocks 1 offline); do
	block_set "$n" online
done

echo "# offline $ratio% with MEM_GOING_OFFLINE error $error: every write fails, every block stays online"
if inject MEM_GOING_OFFLINE "$error"; then
	pick_share "$ratio" $(blocks 1 online)
	for n in $SHARE; do
		block_set_fails "$n" offline "MEM_GOING_OFFLINE=$error"
	done
fi
inject MEM_GOING_OFFLINE 0
injected=0

summary mem-on-off-test
