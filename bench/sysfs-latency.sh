#!/usr/bin/env bash
# One `echo 1 > cpuN/online` through the served sysfs tree against the same request submitted
# in-process, both against ONE running platform in one run. See BENCHMARKS.md, "One write through
# the sysfs mount against the same request in-process".
#
#   mvn -o -B -q package -DskipTests -pl launcher -am && bench/sysfs-latency.sh [--rounds R] [--per-round M]
#       [--warmup W] [--sh S] [--cpu cpuN] [--jar JAR] [--jfr FILE]
#
# The packaged launcher runs the default simulated machine with --serve-sysfs (a FUSE mount under
# a temporary directory) and a deploy folder holding a small bench bundle
# (bench/src/main/java/org/sysplug/bench/sysfs/SubmitLatency.java) whose Gogo commands time
# requests inside the platform's JVM. Then R rounds, each of M accesses of every kind, in turn:
#   write     bench/sysfs-writer.c: open + write("0\n" / "1\n" in turn) + close of cpuN/online,
#             one request each (a C process of its own: no fork and no JVM counted)
#   history   the queue's own times of those M requests (waiting, running, handler calls)
#   submit    the same requests (OFFLINE / ONLINE cpuN) submitted in-process and waited for
#   same      "1\n" to the online CPU's file: no request, the FUSE round trips alone
#   read      open + read + close of the same file
#   sh        sh -c 'echo 0 > cpuN/online' (then 1) per write, process creation included (S per round)
# after W warm-up rounds of the same (not reported; 10 by default: the platform's JIT is still
# compiling after thousands of requests, and 2 rounds left both kinds ~40 % slower). Nothing here
# touches the real /sys.
set -euo pipefail

ROUNDS=5
PER_ROUND=200
WARMUP=10
SH_PER_ROUND=40
CPU=cpu3
JAVA_OPTS=()
JAR_OPT=
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift ;;
        --per-round) PER_ROUND="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --sh) SH_PER_ROUND="$2"; shift ;;
        --cpu) CPU="$2"; shift ;;
        --jar) JAR_OPT="$2"; shift ;;
        --jfr) JAVA_OPTS+=("-XX:StartFlightRecording=settings=profile,filename=$2"); shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "sysfs-latency.sh: unknown option $1 (--rounds R, --per-round M, --warmup W, --sh S, --cpu cpuN, --jar JAR, --jfr FILE)" >&2; exit 2 ;;
    esac
    shift
done
# the writes alternate offline/online from an online CPU: even counts leave it online; the
# queue's history (256 requests) must still hold a round's writes when they are read back
for n in "$PER_ROUND" "$SH_PER_ROUND"; do
    [ $((n % 2)) -eq 0 ] && [ "$n" -gt 0 ] || { echo "sysfs-latency.sh: counts must be even and positive" >&2; exit 2; }
done
[ "$PER_ROUND" -le 256 ] || { echo "sysfs-latency.sh: --per-round at most 256 (the queue's history)" >&2; exit 2; }

REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR="${JAR_OPT:-$REPO/launcher/target/sysplug.jar}"
PROBE="$REPO/bench/src/main/java/org/sysplug/bench/sysfs/SubmitLatency.java"
[ -f "$JAR" ] || { echo "sysfs-latency.sh: no $JAR: run 'mvn -o -B -q package -DskipTests -pl launcher -am' first" >&2; exit 2; }
for tool in cc javac jar fusermount unzip; do
    command -v "$tool" >/dev/null || { echo "sysfs-latency.sh: needs $tool" >&2; exit 2; }
done
[ -c /dev/fuse ] || { echo "sysfs-latency.sh: no /dev/fuse: FUSE is not available here" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sysplug-sysfs-latency.XXXXXX")
MNT="$WORK/mnt"
ATTR="$MNT/sys/devices/system/cpu/$CPU/online"
SYSPLUG_PID=
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$SYSPLUG_PID" ]; then
        kill "$SYSPLUG_PID" 2>/dev/null || true
        wait "$SYSPLUG_PID" 2>/dev/null || true
    fi
    # a platform that died with the tree mounted leaves it behind
    if grep -qs " $MNT/sys " /proc/mounts; then fusermount -u -z "$MNT/sys" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# the writer, and the in-process probe as a bundle for the deploy folder, built against the
# framework API bundle embedded in the launcher and the OSGi API in the launcher itself
cc -O2 -Wall -o "$WORK/sysfs-writer" "$REPO/bench/sysfs-writer.c"
mkdir -p "$WORK/classes" "$WORK/deploy"
unzip -q -p "$JAR" bundles/org.sysplug.framework.api.jar > "$WORK/framework.api.jar"
javac -nowarn --release 17 -cp "$JAR:$WORK/framework.api.jar" -d "$WORK/classes" "$PROBE"
cat > "$WORK/MANIFEST.MF" <<'EOF'
Bundle-ManifestVersion: 2
Bundle-SymbolicName: org.sysplug.bench.sysfs.latency
Bundle-Version: 0.0.1
Bundle-Activator: org.sysplug.bench.sysfs.SubmitLatency
Import-Package: org.osgi.framework;version="[1.8,2)",org.sysplug.framework;version="[1.3,2)"
EOF
jar cfm "$WORK/deploy/sysplug-bench-sysfs-latency.jar" "$WORK/MANIFEST.MF" -C "$WORK/classes" .

mkfifo "$WORK/in"
(cd "$WORK" && exec java "${JAVA_OPTS[@]}" -jar "$JAR" --ephemeral --deploy "$WORK/deploy" --serve-sysfs "$MNT" \
    < "$WORK/in" > "$WORK/out" 2> "$WORK/err") &
SYSPLUG_PID=$!
exec 3> "$WORK/in"

for _ in $(seq 1 300); do
    grep -q 'serving' "$WORK/err" 2>/dev/null && break
    sleep 0.1
done
if ! grep -q 'sysplug: serving' "$WORK/err"; then
    echo "sysfs-latency.sh: the tree is not served; sysplug said:" >&2
    cat "$WORK/err" >&2
    exit 1
fi
[ -w "$ATTR" ] || { echo "sysfs-latency.sh: $ATTR is not there or not writable (a hot-pluggable, online CPU?)" >&2; exit 2; }

# runs one bench: command and waits for the file it writes (the command may not be registered
# yet at first: FileInstall starts the bundle after the platform's own)
probe() {
    local file="$1"; shift
    rm -f "$file"
    local unknown
    unknown=$(grep -c 'no such command' "$WORK/out" 2>/dev/null || true)
    echo "bench:$* $file" >&3
    for i in $(seq 1 1200); do
        [ -f "$file" ] && return 0
        if [ $((i % 20)) -eq 0 ] && [ "$(grep -c 'no such command' "$WORK/out" 2>/dev/null || true)" -gt "$unknown" ]; then
            unknown=$(grep -c 'no such command' "$WORK/out" || true)
            echo "bench:$* $file" >&3  # not registered yet: ask again
        fi
        sleep 0.05
    done
    echo "sysfs-latency.sh: bench:$* wrote nothing in 60 s; sysplug said:" >&2
    tail -n 20 "$WORK/out" "$WORK/err" >&2
    exit 1
}
probe "$WORK/ready" history 0

# the platform's CPU time so far (user + system, all its threads), in clock ticks
TICK_HZ=$(getconf CLK_TCK)
jvm_ticks() { awk '{print $14 + $15}' "/proc/$SYSPLUG_PID/stat"; }
# runs a batch of N accesses and appends "N ticks" (the JVM's CPU over the batch) to FILE.cpu
charged() {
    local file="$1" n="$2"; shift 2
    local t0; t0=$(jvm_ticks)
    "$@"
    echo "$n $(( $(jvm_ticks) - t0 ))" >> "$file.cpu"
}

# one round of each kind; appends to WORK/DIR/KIND
round() {
    local dir="$1" n="$2" s="$3"
    mkdir -p "$dir"
    charged "$dir/write" "$n" eval '"$WORK/sysfs-writer" toggle "$ATTR" "$n" >> "$dir/write"'
    probe "$dir/h" history "$n"; cat "$dir/h" >> "$dir/history"
    charged "$dir/submit" "$n" probe "$dir/s" submit "$CPU" "$n"; cat "$dir/s" >> "$dir/submit"
    charged "$dir/same" "$n" eval '"$WORK/sysfs-writer" same "$ATTR" "$n" >> "$dir/same"'
    charged "$dir/read" "$n" eval '"$WORK/sysfs-writer" read "$ATTR" "$n" >> "$dir/read"'
    "$WORK/sysfs-writer" sh "$ATTR" "$s" >> "$dir/sh"
}

echo "sysfs-latency: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; $(java -version 2>&1 | head -1)"
echo "load before: $(uptime | sed 's/.*load average: //')"
for _ in $(seq 1 "$WARMUP"); do
    round "$WORK/warmup" "$PER_ROUND" "$SH_PER_ROUND"
done
for r in $(seq 1 "$ROUNDS"); do
    round "$WORK/run" "$PER_ROUND" "$SH_PER_ROUND"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
echo 'exit' >&3
exec 3>&-
status=0
wait "$SYSPLUG_PID" || status=$?
SYSPLUG_PID=
[ "$status" -eq 0 ] || echo "sysfs-latency.sh: warning: sysplug exited with $status" >&2
if grep -qs " $MNT/sys " /proc/mounts; then echo "sysfs-latency.sh: warning: $MNT/sys still mounted after sysplug's exit" >&2; fi

# p50 p99 mean max in µs of column COL (1-based) of FILE; nearest rank
stats() {
    awk -v c="$2" '{print $c}' "$1" | sort -n | awk '
        { v[NR] = $1; sum += $1 }
        END {
            p50 = v[int(NR * 0.50 + 0.999999)]; p99 = v[int(NR * 0.99 + 0.999999)]
            printf "%d %.1f %.1f %.1f %.1f\n", NR, p50 / 1000, p99 / 1000, sum / NR / 1000, v[NR] / 1000
        }'
}
row() {
    read -r n p50 p99 mean max <<< "$(stats "$2" "$3")"
    printf '| %s | %d | %s | %s | %s | %s |\n' "$1" "$n" "$p50" "$p99" "$mean" "$max"
}
D="$WORK/run"
# per write through the mount: the time outside the queue's own stamps (writer total - queue wait - run)
paste -d' ' "$D/write" "$D/history" | awk '{print $1, $1 - $6 - $7}' > "$D/write-outside"
awk '{print $1 - $2 - $3}' "$D/submit" > "$D/submit-outside"

echo
echo "| µs per access | n | p50 | p99 | mean | max |"
echo "|---|---|---|---|---|---|"
row "(a) write through the mount: open + write + close, one request" "$D/write" 1
row "(b) the same request in-process: submit → outcome" "$D/submit" 1
row "(a) as a shell writes it: sh -c 'echo N > …' per write, process creation included" "$D/sh" 1
row "no request: \"1\" to the online CPU's file (FUSE and front-end only)" "$D/same" 1
row "read: open + read + close" "$D/read" 1
echo "| *split of (a), from the queue's stamps of the same requests* | | | | | |"
row "(a) waiting in the queue (submitted → started)" "$D/history" 2
row "(a) running (started → finished)" "$D/history" 3
row "(a) of which handler calls (the trace's sum)" "$D/history" 4
row "(a) outside the queue's stamps: FUSE, front-end, wake-ups" "$D/write-outside" 2
row "(a) its open(2)" "$D/write" 2
row "(a) its write(2)" "$D/write" 3
row "(a) its close(2)" "$D/write" 4
row "no request: its open(2)" "$D/same" 2
row "no request: its write(2)" "$D/same" 3
row "no request: its close(2)" "$D/same" 4
echo "| *split of (b)* | | | | | |"
row "(b) waiting in the queue" "$D/submit" 2
row "(b) running" "$D/submit" 3
row "(b) of which handler calls" "$D/submit" 4
row "(b) outside the queue's stamps: submit call, wake-up" "$D/submit-outside" 1

# CPU the platform spent per access, all its threads (FUSE, queue worker, EventAdmin, JIT, GC)
cpu_us() { awk -v hz="$TICK_HZ" '{n += $1; t += $2} END {printf "%.0f", t / hz * 1e6 / n}' "$1.cpu"; }
echo
echo "platform CPU per access (/proc/PID/stat, ${TICK_HZ} Hz ticks, all threads): (a) $(cpu_us "$D/write") µs," \
    "(b) $(cpu_us "$D/submit") µs, no request $(cpu_us "$D/same") µs, read $(cpu_us "$D/read") µs"

read -r _ a50 a99 amean _ <<< "$(stats "$D/write" 1)"
read -r _ b50 b99 bmean _ <<< "$(stats "$D/submit" 1)"
echo
echo "ratio (a) ÷ (b): p50 $(echo "scale=2; $a50 / $b50" | bc), p99 $(echo "scale=2; $a99 / $b99" | bc), mean $(echo "scale=2; $amean / $bmean" | bc)"
