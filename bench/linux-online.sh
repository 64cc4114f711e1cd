#!/usr/bin/env bash
# Onlining 8,192 memory blocks and 1,024 CPUs in one request on a generated file-backed sysroot,
# side by side in one run with util-linux (chmem, chcpu) and with the udev-rule way (one
# sh -c 'echo online > .../state' process per block). See BENCHMARKS.md, "Linux backend".
#
#   mvn -q -DskipTests package && bench/linux-online.sh [--runs N] [--no-udev] [--no-chcpu] [--no-warm]
#
# Every way runs on a fresh copy of the same generated tree below a temporary directory, and the
# tree's files are checked after each run. Nothing here writes to the real /sys:
#  - sysplug runs with --sysroot COPY --writable (its Sysroot refuses / and a mounted sysfs);
#  - chmem and chcpu (2.38 has no --sysroot: they use the fixed /sys/devices/system/...) run in a
#    private mount namespace where the copy's directory is bind-mounted over that path, and only
#    after the mounted directory shows this run's token in SYSPLUG_BENCH_MARKER and is not sysfs;
#    without these guards (no unshare, mount refused) they are skipped, never run plainly;
#  - the udev-rule way writes to the copy's paths directly.
set -euo pipefail

CPUS=1024
BLOCKS=8192
RUNS=3
WITH_UDEV=1
WITH_CHCPU=1
WITH_WARM=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift ;;
        --cpus) CPUS="$2"; shift ;;     # smaller trees for a quick check of the script
        --blocks) BLOCKS="$2"; shift ;;
        --no-udev) WITH_UDEV=0 ;;
        --no-chcpu) WITH_CHCPU=0 ;;
        --no-warm) WITH_WARM=0 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "linux-online.sh: unknown option $1 (--runs N, --cpus N, --blocks N, --no-udev, --no-chcpu, --no-warm)" >&2; exit 2 ;;
    esac
    shift
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR="$REPO/launcher/target/sysplug.jar"
GENERATOR="$REPO/platform.linux/src/test/java/org/sysplug/platform/linux/SyntheticTree.java"
[ -f "$JAR" ] || { echo "linux-online.sh: no $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sysplug-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
TEMPLATE="$WORK/template"
TREE="$WORK/run"
MEM=sys/devices/system/memory
CPU=sys/devices/system/cpu
MARKER=SYSPLUG_BENCH_MARKER

now() { date +%s%N; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }
load() { uptime | sed 's/.*load average: //'; }

# A fresh copy of the template with a new token in its markers; prints the token.
fresh() {
    rm -rf "$TREE"
    cp -a "$TEMPLATE" "$TREE"
    local token
    token="$(now)-$RANDOM-$RANDOM"
    echo "$token" > "$TREE/$MEM/$MARKER"
    echo "$token" > "$TREE/$CPU/$MARKER"
    echo "$token"
}

# Refuses to go on unless DIR is this run's copy on an ordinary file system.
require_tree() {
    case "$TREE" in "$WORK"/run) ;; *) echo "not the bench tree: $TREE" >&2; exit 3 ;; esac
    [ "$(stat -f -c %T "$TREE/$MEM")" != sysfs ] || { echo "$TREE/$MEM is sysfs" >&2; exit 3; }
    [ -f "$TREE/$MEM/$MARKER" ] || { echo "no marker in $TREE/$MEM" >&2; exit 3; }
}

# How many files match GLOB (below the tree) hold exactly VALUE on their first line.
count() {
    local value="$1" n=0 f line
    shift
    for f in "$@"; do
        IFS= read -r line < "$f" || true
        [ "$line" = "$value" ] && n=$((n + 1))
    done
    echo "$n"
}

verify_blocks() { # EXPECTED STATE
    local n
    n=$(count "$1" "$TREE/$MEM"/memory*/state)
    [ "$n" -eq "$BLOCKS" ] || { echo "FAILED: $n of $BLOCKS blocks say $1" >&2; exit 1; }
}

verify_zones() { # EXPECTED valid_zones
    local n
    n=$(count "$1" "$TREE/$MEM"/memory*/valid_zones)
    [ "$n" -eq "$BLOCKS" ] || { echo "FAILED: $n of $BLOCKS blocks have valid_zones $1" >&2; exit 1; }
}

verify_cpus() {
    local n
    n=$(count 1 "$TREE/$CPU"/cpu*/online)
    [ "$n" -eq $((CPUS - 1)) ] || { echo "FAILED: $n of $((CPUS - 1)) CPUs say 1" >&2; exit 1; }
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s..%s", lo, hi }'; }

# One guarded util-linux run: DIR (memory or cpu below sys/devices/system), TOKEN, COMMAND...
# Prints the command's own time in ms (measured inside the namespace) and the wrapper's.
namespaced() {
    local dir="$1" token="$2"
    shift 2
    require_tree
    local t0 t1 inner
    t0=$(now)
    inner=$(unshare --mount --propagation private bash -c '
        set -u
        src="$1"; dst="$2"; token="$3"; shift 3
        mount --bind "$src" "$dst" || exit 90
        [ "$(cat "$dst/SYSPLUG_BENCH_MARKER" 2>/dev/null)" = "$token" ] || exit 91
        [ "$(stat -f -c %T "$dst")" != sysfs ] || exit 92
        s=$(date +%s%N)
        "$@" >/dev/null || exit 93
        e=$(date +%s%N)
        echo $(( (e - s) / 1000 ))' sh "$TREE/sys/devices/system/$dir" "/sys/devices/system/$dir" "$token" "$@") || return 1
    t1=$(now)
    echo "$(echo "scale=1; $inner / 1000" | bc) $(ms "$t0" "$t1")"
}

echo "== generating $CPUS CPUs and $BLOCKS blocks below $WORK (load $(load))"
java "$GENERATOR" "$TEMPLATE" "$CPUS" "$BLOCKS"
targets=()
for ((i = 0; i < BLOCKS; i++)); do targets+=("memory$i"); done
for ((i = 1; i < CPUS; i++)); do targets+=("cpu$i"); done

REQ=(); MEMADD=(); CPUADD=(); PROC=(); CHMEM=(); CHMEM_NS=(); CHCPU=(); CHCPU_NS=()
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" | head -1 | xargs printf '%.1f\n'; }
handler() { tr '{' '\n' | grep "\"handler\":\"$1\"" | field durationMs; }

if unshare --mount --propagation private true 2>/dev/null; then
    WITH_UL=1
else
    echo "== unshare --mount is not permitted here: chmem and chcpu skipped (they have no --sysroot)" >&2
    WITH_UL=0
fi

# One round: each way once, back to back, so that the load is about the same for the ratios.
for ((r = 1; r <= RUNS; r++)); do
    fresh > /dev/null
    require_tree
    echo "-- round $r: sysplug (load $(load))"
    t0=$(now)
    out=$(java -jar "$JAR" --ephemeral --sysroot "$TREE" --writable sysplug:submit --json online "${targets[@]}")
    t1=$(now)
    echo "$out" | grep -q '"status":"SUCCEEDED"' || { echo "FAILED: $out" | head -c 2000 >&2; exit 1; }
    # sysplug leaves a copy as a kernel shows it ("online", the zone in valid_zones); chmem, like
    # util-linux on any file, writes the ABI string over the old content
    verify_blocks online
    verify_zones Movable
    verify_cpus
    PROC+=("$(ms "$t0" "$t1")")
    REQ+=("$(echo "$out" | field runMs)")
    MEMADD+=("$(echo "$out" | handler memory.add)")
    CPUADD+=("$(echo "$out" | handler cpu.add)")
    echo "   request ${REQ[-1]} ms (memory.add ${MEMADD[-1]}, cpu.add ${CPUADD[-1]}), process ${PROC[-1]} ms"
    [ "$WITH_UL" = 1 ] || continue

    token=$(fresh)
    echo "-- round $r: chmem (load $(load))"
    read -r own whole < <(namespaced memory "$token" chmem --enable -b "0-$((BLOCKS - 1))")
    verify_blocks online_movable
    CHMEM+=("$own"); CHMEM_NS+=("$whole")
    echo "   chmem $own ms (with unshare and mount $whole ms)"
    [ "$WITH_CHCPU" = 1 ] || continue

    token=$(fresh)
    echo "-- round $r: chcpu (load $(load))"
    own=""; whole=""
    read -r own whole < <(namespaced cpu "$token" chcpu --enable "1-$((CPUS - 1))" || true) || true
    if [ -z "${own:-}" ]; then
        # chcpu sizes its CPU set from the running kernel (sched_getaffinity), not from the tree:
        # on a small machine it refuses a list beyond that size, and there is nothing to compare.
        echo "   chcpu refused the list (its message above): no CPU comparison on this machine" >&2
        WITH_CHCPU=0
        continue
    fi
    verify_cpus
    CHCPU+=("$own"); CHCPU_NS+=("$whole")
    echo "   chcpu $own ms (with unshare and mount $whole ms)"
done

# The same request a third time in one JVM (online, offline, online): what is left without
# the JIT's warm-up and the platform's start.
WARM=""
if [ "$WITH_WARM" = 1 ]; then
    fresh > /dev/null
    require_tree
    script="$WORK/warm.gosh"
    for op in online offline online; do echo "sysplug:submit --json $op ${targets[*]}"; done > "$script"
    echo "-- the request again in a warm JVM (load $(load))"
    out=$(java -jar "$JAR" --ephemeral --sysroot "$TREE" --writable -f "$script" | grep '"status"' | tail -1)
    echo "$out" | grep -q '"status":"SUCCEEDED"' || { echo "FAILED: $out" | head -c 2000 >&2; exit 1; }
    verify_blocks online
    verify_zones Movable
    verify_cpus
    WARM="$(echo "$out" | field runMs) $(echo "$out" | handler memory.add) $(echo "$out" | handler cpu.add)"
    echo "   request, memory.add, cpu.add: $WARM ms"
fi

UDEV_MS=""
if [ "$WITH_UDEV" = 1 ]; then
    fresh > /dev/null
    require_tree
    echo "-- udev-rule way, one sh per block (load $(load))"
    t0=$(now)
    for ((i = 0; i < BLOCKS; i++)); do
        sh -c "echo online > '$TREE/$MEM/memory$i/state'"
    done
    t1=$(now)
    verify_blocks online
    UDEV_MS=$(ms "$t0" "$t1")
    echo "   $UDEV_MS ms"
fi

med() { printf '%s\n' "$@" | median; }
rng() { printf '%s\n' "$@" | range; }
ratio() { [ -n "$2" ] && echo "scale=2; $1 / $2" | bc | sed 's/^\./0./' || echo "-"; }

chmem_med=""; chcpu_med=""
[ ${#CHMEM[@]} -gt 0 ] && chmem_med=$(med "${CHMEM[@]}")
[ ${#CHCPU[@]} -gt 0 ] && chcpu_med=$(med "${CHCPU[@]}")
req=$(med "${REQ[@]}"); mem=$(med "${MEMADD[@]}"); cpu=$(med "${CPUADD[@]}"); proc=$(med "${PROC[@]}")

echo
echo "== $CPUS CPUs, $BLOCKS blocks; median of $RUNS rounds (min..max), ms; load at the end $(load)"
printf '| %-52s | %9s | %-17s | %-14s |\n' "way" "median" "runs" "ratio to chmem"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..54})" "-----------" "-------------------" "---------------"
row() { printf '| %-52s | %9s | %-17s | %-14s |\n' "$1" "$2" "$3" "$4"; }
row "sysplug: the request's own time (runMs)" "$req" "$(rng "${REQ[@]}")" "$(ratio "$req" "$chmem_med")"
row "  of which memory.add ($BLOCKS blocks)" "$mem" "$(rng "${MEMADD[@]}")" "$(ratio "$mem" "$chmem_med")"
row "  of which cpu.add ($((CPUS - 1)) CPUs)" "$cpu" "$(rng "${CPUADD[@]}")" "to chcpu $(ratio "$cpu" "$chcpu_med")"
row "sysplug: the whole java -jar process" "$proc" "$(rng "${PROC[@]}")" "$(ratio "$proc" "$chmem_med")"
if [ -n "$WARM" ]; then
    read -r wreq wmem wcpu <<< "$WARM"
    row "sysplug, warm JVM (3rd request of one process)" "$wreq" "1 run" "$(ratio "$wreq" "$chmem_med")"
    row "  of which memory.add" "$wmem" "1 run" "$(ratio "$wmem" "$chmem_med")"
    row "  of which cpu.add" "$wcpu" "1 run" "to chcpu $(ratio "$wcpu" "$chcpu_med")"
fi
if [ -n "$chmem_med" ]; then
    row "chmem --enable -b 0-$((BLOCKS - 1)) (util-linux $(chmem --version | awk '{print $NF}'))" "$chmem_med" "$(rng "${CHMEM[@]}")" "1"
    row "  the same with unshare, mount and checks" "$(med "${CHMEM_NS[@]}")" "$(rng "${CHMEM_NS[@]}")" "$(ratio "$(med "${CHMEM_NS[@]}")" "$chmem_med")"
fi
if [ -n "$chcpu_med" ]; then
    row "chcpu --enable 1-$((CPUS - 1))" "$chcpu_med" "$(rng "${CHCPU[@]}")" "$(ratio "$chcpu_med" "$chmem_med")"
fi
[ -n "$UDEV_MS" ] && row "udev-rule way: one sh -c 'echo online >' per block" "$UDEV_MS" "1 run" "$(ratio "$UDEV_MS" "$chmem_med")"
echo "target: the request's own time within 1.5 × chmem's run: $(ratio "$req" "$chmem_med") ×"
