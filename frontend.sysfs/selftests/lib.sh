# Shared by cpu-on-off-test.sh and mem-on-off-test.sh (sourced, bash): writing a sysfs attribute
# and learning the errno, reading it back, and counting checks.
#
# A write to a hot-plug attribute blocks until the operation ends, and on a broken tree it could
# block for ever; every write therefore runs in a child bash under timeout(1), and a write that
# does not return in WRITE_TIMEOUT seconds is a failure of its own ("timed out").

WRITE_TIMEOUT=${WRITE_TIMEOUT:-60}
# kselftest's code for "nothing here to test"
KSFT_SKIP=4

passed=0
failed=0
skipped=0

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# summary NAME: the closing line, and the exit status: 0 when no check failed
summary() {
	echo "$1: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# sysfs_write FILE VALUE: writes VALUE and a newline to FILE in one write(2), as echo does.
# Returns 0 on success; on failure sets WRITE_ERROR to the errno text the shell printed
# ("Device or resource busy"), or to "timed out after Ns".
WRITE_ERROR=
sysfs_write() {
	local out status
	out=$(timeout -k 5 "$WRITE_TIMEOUT" bash -c 'echo "$2" > "$1"' sysfs_write "$1" "$2" 2>&1)
	status=$?
	WRITE_ERROR=
	if [ "$status" -eq 0 ]; then
		return 0
	fi
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		WRITE_ERROR="timed out after ${WRITE_TIMEOUT}s"
	else
		# "bash: line 1: echo: write error: Device or resource busy": the text after the last ": "
		WRITE_ERROR=${out##*: }
		[ -n "$WRITE_ERROR" ] || WRITE_ERROR="exit status $status"
	fi
	return 1
}

# read_attr FILE: prints the attribute's first line, or "<unreadable>"
read_attr() {
	local value
	if { IFS= read -r value < "$1"; } 2>/dev/null; then
		echo "$value"
	else
		echo "<unreadable>"
	fi
}

# get_attr FILE: sets ATTR to the attribute's first line, or "<unreadable>"; no subshell, which
# counts when a scan reads every memory block
ATTR=
get_attr() {
	{ IFS= read -r ATTR < "$1"; } 2>/dev/null || ATTR="<unreadable>"
}

# in_list N LIST: is N in a kernel cpu/node list such as "0,2-5,8"?
in_list() {
	local n=$1 part lo hi
	local IFS=,
	for part in $2; do
		case $part in
		*-*) lo=${part%-*}; hi=${part#*-} ;;
		'') continue ;;
		*) lo=$part; hi=$part ;;
		esac
		if [ "$n" -ge "$lo" ] && [ "$n" -le "$hi" ]; then
			return 0
		fi
	done
	return 1
}

# pick_share PERCENT ITEM...: sets SHARE to a random PERCENT share of the items (at least one
# when PERCENT > 0 and there are items), in their order. $RANDOM is seeded by the caller so that
# a failing run can be repeated; bash reseeds it in a subshell, so this must not run in one.
SHARE=
pick_share() {
	local percent=$1 count want i j t
	shift
	local items=("$@")
	count=${#items[@]}
	want=$(((count * percent + 99) / 100))
	[ "$want" -le "$count" ] || want=$count
	# a partial Fisher-Yates shuffle marks WANT distinct indexes
	local idx=()
	for ((i = 0; i < count; i++)); do idx[i]=$i; done
	for ((i = 0; i < want; i++)); do
		j=$((i + RANDOM % (count - i)))
		t=${idx[i]}; idx[i]=${idx[j]}; idx[j]=$t
	done
	local chosen=()
	for ((i = 0; i < want; i++)); do chosen[idx[i]]=1; done
	SHARE=
	for ((i = 0; i < count; i++)); do
		[ -n "${chosen[i]:-}" ] && SHARE="$SHARE ${items[i]}"
	done
	return 0
}

# check_sysfs_root DIR LIVE: refuses to go on without a tree that has devices/system, and refuses
# the running kernel's /sys unless LIVE is 1 (-L): these scripts take CPUs and memory offline
check_sysfs_root() {
	if [ -z "$1" ]; then
		echo "$0: give the sysfs tree to test with -s DIR/sys (serve one with java -jar sysplug.jar --serve-sysfs DIR)" >&2
		exit 2
	fi
	if [ "$(realpath -m "$1")" = /sys ] && [ "$2" != 1 ]; then
		echo "$0: $1 is the running kernel's sysfs: its CPUs and memory would really go offline; give -L to mean it" >&2
		exit 2
	fi
	if [ ! -d "$1/devices/system" ]; then
		echo "$0: $1 is not a sysfs tree (no devices/system); give its root with -s DIR" >&2
		exit 2
	fi
}

# inject ACTION ERRNO: sets the notifier's error for ACTION (below $INJECT, the notifier's actions) and reads it back
inject() {
	local file=$INJECT/$1/error got
	if ! sysfs_write "$file" "$2"; then
		fail "set $1 error to $2: the write failed: $WRITE_ERROR"
		return 1
	fi
	got=$(read_attr "$file")
	if [ "$got" != "$2" ]; then
		fail "set $1 error to $2: it reads '$got'"
		return 1
	fi
	pass "set $1 error to $2"
}
