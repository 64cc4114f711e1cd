#!/bin/bash
# CPU hot-plug selftest over a sysfs tree, in the manner of the kernel's
# tools/testing/selftests/cpu-hotplug: every hot-pluggable CPU (one with an online file) is taken
# offline and online again with its state read back after each write, then the same writes are
# made with the CPU notifier's error injected (notifier-error-inject) and must fail and change
# nothing. One PASS/FAIL/SKIP line per check; exit 0 when no check failed, 1 when one did,
# 4 (kselftest's skip) when there is no CPU to test, 2 on a usage error.
#
# It writes to the tree it is given: run it against a served or copied tree (-s DIR/sys), or as
# root against /sys with -L on a machine whose CPUs may be taken offline (never without -L).

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() {
	cat <<EOF
Usage: $0 [-s SYSFS] [-d DEBUGFS] [-e ERRNO] [-F] [-L]
  -s SYSFS    the sysfs root to test (or \$SYSFS): a served tree, DIR/sys of
              java -jar sysplug.jar --serve-sysfs DIR; the running kernel's /sys
              only with -L
  -d DEBUGFS  where notifier-error-inject lives (default SYSFS/kernel/debug)
  -e ERRNO    the error to inject, -4095..-1 (default -12)
  -L          mean it: test the running kernel's /sys (real CPUs and memory go
              offline and online)
  -F          fail, rather than skip, the fault checks when notifier-error-inject is missing
EOF
}

SYSFS=${SYSFS:-}
live=0
DEBUGFS=
error=-12
faults_required=0
while getopts s:d:e:FLh opt; do
	case $opt in
	s) SYSFS=$OPTARG ;;
	d) DEBUGFS=$OPTARG ;;
	e) error=$OPTARG ;;
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
DEBUGFS=${DEBUGFS:-$SYSFS/kernel/debug}
check_sysfs_root "$SYSFS" "$live"

CPU=$SYSFS/devices/system/cpu
INJECT=$DEBUGFS/notifier-error-inject/cpu/actions

# hotpluggable_cpus [0|1]: the CPUs with an online file, those in the given state when one is given
hotpluggable_cpus() {
	local dir n
	for dir in "$CPU"/cpu[0-9]*; do
		n=${dir##*/cpu}
		[ -f "$dir/online" ] || continue
		get_attr "$dir/online"
		if [ -z "${1:-}" ] || [ "$ATTR" = "$1" ]; then
			echo "$n"
		fi
	done | sort -n
}

# online_count: how many CPUs cpu/online lists
online_count() {
	local part count=0 IFS=,
	for part in $(read_attr "$CPU/online"); do
		case $part in
		*-*) count=$((count + ${part#*-} - ${part%-*} + 1)) ;;
		*) count=$((count + 1)) ;;
		esac
	done
	echo "$count"
}

# cpu_set N 0|1: the write must succeed, cpuN/online must read it back, and cpu/online and
# cpu/offline must agree
cpu_set() {
	local n=$1 value=$2 what got
	[ "$value" = 1 ] && what="online cpu$n" || what="offline cpu$n"
	if ! sysfs_write "$CPU/cpu$n/online" "$value"; then
		fail "$what: the write failed: $WRITE_ERROR"
		return
	fi
	got=$(read_attr "$CPU/cpu$n/online")
	if [ "$got" != "$value" ]; then
		fail "$what: the write succeeded but cpu$n/online reads '$got'"
	elif [ "$value" = 1 ] && ! in_list "$n" "$(read_attr "$CPU/online")"; then
		fail "$what: cpu/online ($(read_attr "$CPU/online")) does not list it"
	elif [ "$value" = 0 ] && in_list "$n" "$(read_attr "$CPU/online")"; then
		fail "$what: cpu/online ($(read_attr "$CPU/online")) still lists it"
	elif [ "$value" = 0 ] && ! in_list "$n" "$(read_attr "$CPU/offline")"; then
		fail "$what: cpu/offline ($(read_attr "$CPU/offline")) does not list it"
	else
		pass "$what (cpu$n/online reads $got)"
	fi
}

# cpu_set_fails N 0|1 WHY: the write must fail and cpuN/online keep its value
cpu_set_fails() {
	local n=$1 value=$2 why=$3 what got before
	[ "$value" = 1 ] && what="online cpu$n" || what="offline cpu$n"
	before=$((1 - value))
	if sysfs_write "$CPU/cpu$n/online" "$value"; then
		fail "$what with $why: the write succeeded, it must fail"
		return
	fi
	got=$(read_attr "$CPU/cpu$n/online")
	if [ "$got" != "$before" ]; then
		fail "$what with $why: failed ($WRITE_ERROR) but cpu$n/online reads '$got', not $before"
	else
		pass "$what refused with $why: $WRITE_ERROR (cpu$n/online still $got)"
	fi
}

# a run stopped half-way must not leave a fault behind
injected=0
clear_faults() {
	if [ "$injected" = 1 ]; then
		sysfs_write "$INJECT/CPU_UP_PREPARE/error" 0
		sysfs_write "$INJECT/CPU_DOWN_PREPARE/error" 0
	fi
}
trap clear_faults EXIT

echo "cpu-on-off-test: sysfs at $SYSFS"
echo "  online: $(read_attr "$CPU/online")  offline: $(read_attr "$CPU/offline")  present: $(read_attr "$CPU/present")"
all=$(hotpluggable_cpus)
if [ -z "$all" ]; then
	echo "SKIP: no hot-pluggable CPU (no cpuN/online file) below $CPU"
	exit "$KSFT_SKIP"
fi
echo "  hot-pluggable: $(echo $all)"

echo "# online every offline hot-pluggable CPU"
for n in $(hotpluggable_cpus 0); do
	cpu_set "$n" 1
done

echo "# offline and online again every online hot-pluggable CPU, one at a time"
for n in $(hotpluggable_cpus 1); do
	if [ "$(online_count)" -le 1 ]; then
		skip "offline cpu$n: it is the last online CPU"
		continue
	fi
	cpu_set "$n" 0
	cpu_set "$n" 1
done

echo "# offline every online hot-pluggable CPU (the last online CPU stays)"
for n in $(hotpluggable_cpus 1); do
	if [ "$(online_count)" -le 1 ]; then
		skip "offline cpu$n: it is the last online CPU"
		continue
	fi
	cpu_set "$n" 0
done

echo "# notifier error injection"
if [ ! -d "$INJECT" ]; then
	if [ "$faults_required" = 1 ]; then
		fail "notifier-error-inject: $INJECT is missing"
	else
		skip "notifier-error-inject: $INJECT is missing (cpu-notifier-error-inject not loaded?)"
	fi
	for n in $(hotpluggable_cpus 0); do
		cpu_set "$n" 1
	done
	summary cpu-on-off-test
	exit
fi

injected=1
echo "# online with CPU_UP_PREPARE error $error: every write fails, every CPU stays offline"
if inject CPU_UP_PREPARE "$error"; then
	for n in $(hotpluggable_cpus 0); do
		cpu_set_fails "$n" 1 "CPU_UP_PREPARE=$error"
	done
fi
inject CPU_UP_PREPARE 0

echo "# online every offline hot-pluggable CPU, no error injected"
for n in $(hotpluggable_cpus 0); do
	cpu_set "$n" 1
done

echo "# offline with CPU_DOWN_PREPARE error $error: every write fails, every CPU stays online"
if inject CPU_DOWN_PREPARE "$error"; then
	for n in $(hotpluggable_cpus 1); do
		cpu_set_fails "$n" 0 "CPU_DOWN_PREPARE=$error"
	done
fi
inject CPU_DOWN_PREPARE 0

echo "# offline and online again with the error removed"
for n in $(hotpluggable_cpus 1); do
	if [ "$(online_count)" -le 1 ]; then
		skip "offline cpu$n: it is the last online CPU"
		continue
	fi
	cpu_set "$n" 0
	cpu_set "$n" 1
	break
done
injected=0

summary cpu-on-off-test
