#!/usr/bin/env bash
# A coldplug storm: 10,000 memory blocks appear in one second, each with its kernel 'add' uevent,
# and sysplug (Linux backend on a generated --writable tree, auto-online policy) must online every
# one of them in few requests. See BENCHMARKS.md, "Uevent burst".
#
#   mvn -q -DskipTests package && bench/uevent-burst.sh [--blocks N] [--ms MS] [--runs N] [--jar JAR] [--jfr FILE]
#
# The uevents come from bench/src/main/java/org/sysplug/bench/linux/UeventBurst.java, put first
# on sysplug's PATH as 'udevadm' (sysplug runs with -Dsysplug.monitor=udevadm, so it reads them
# exactly as it reads 'udevadm monitor --kernel --property'). It writes the blocks into the
# generated tree only; nothing here touches the real /sys.
set -euo pipefail

BLOCKS=10000
SPREAD_MS=1000
RUNS=1
JAVA_OPTS=()
JAR_OPT=
while [ $# -gt 0 ]; do
    case "$1" in
        --blocks) BLOCKS="$2"; shift ;;
        --ms) SPREAD_MS="$2"; shift ;;
        --runs) RUNS="$2"; shift ;;
        --jar) JAR_OPT="$2"; shift ;;
        --jfr) JAVA_OPTS+=("-XX:StartFlightRecording=settings=profile,filename=$2"); shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "uevent-burst.sh: unknown option $1 (--blocks N, --ms MS, --runs N, --jar JAR, --jfr FILE)" >&2; exit 2 ;;
    esac
    shift
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR="${JAR_OPT:-$REPO/launcher/target/sysplug.jar}"
GENERATOR="$REPO/platform.linux/src/test/java/org/sysplug/platform/linux/SyntheticTree.java"
BURST="$REPO/bench/src/main/java/org/sysplug/bench/linux/UeventBurst.java"
[ -f "$JAR" ] || { echo "uevent-burst.sh: no $JAR: run 'mvn -q -DskipTests package' first" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sysplug-burst.XXXXXX")
SYSPLUG_PID=
cleanup() {
    [ -n "$SYSPLUG_PID" ] && kill "$SYSPLUG_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# a compiled fake udevadm starts faster than a single source file
mkdir -p "$WORK/bin" "$WORK/classes"
javac -d "$WORK/classes" "$BURST"
cat > "$WORK/bin/udevadm" <<EOF
#!/bin/sh
exec java -XX:TieredStopAtLevel=1 -cp "$WORK/classes" org.sysplug.bench.linux.UeventBurst "\$@"
EOF
chmod +x "$WORK/bin/udevadm"

ms() { echo "scale=1; ($2 - $1) / 1000" | bc; }
epoch_micros() { date -d "$1" +%s%6N; }

for run in $(seq 1 "$RUNS"); do
    TREE="$WORK/tree$run"
    java "$GENERATOR" "$TREE" 8 0 >/dev/null
    rm -f "$WORK/go" "$WORK/done"
    mkfifo "$WORK/in$run"
    echo "run $run: $BLOCKS blocks over $SPREAD_MS ms; load $(uptime | sed 's/.*load average: //')"
    (cd "$WORK" && PATH="$WORK/bin:$PATH" BURST_TREE="$TREE" BURST_COUNT="$BLOCKS" BURST_MS="$SPREAD_MS" \
        BURST_GO="$WORK/go" BURST_DONE="$WORK/done" \
        exec java "${JAVA_OPTS[@]}" -Dsysplug.monitor=udevadm -jar "$JAR" --ephemeral --sysroot "$TREE" --writable \
        < "$WORK/in$run" > "$WORK/out$run" 2>&1) &
    SYSPLUG_PID=$!
    exec 3> "$WORK/in$run"
    # the platform is up when it answers a command
    echo 'sysplug:status' >&3
    for _ in $(seq 1 300); do
        grep -q 'queue' "$WORK/out$run" 2>/dev/null && break
        sleep 0.1
    done
    sleep 1  # the fake udevadm is a second JVM: give it time to be listening
    touch "$WORK/go"
    for _ in $(seq 1 600); do
        [ -f "$WORK/done" ] && break
        sleep 0.1
    done
    [ -f "$WORK/done" ] || { echo "the burst did not end in 60 s; sysplug printed:" >&2; cat "$WORK/out$run" >&2; exit 1; }
    # wait until every block is online (or 120 s)
    offline=$BLOCKS
    for _ in $(seq 1 1200); do
        online=$(cat "$TREE"/sys/devices/system/memory/memory*/state | grep -c '^online' || true)
        offline=$((BLOCKS - online))
        [ "$offline" -eq 0 ] && break
        sleep 0.1
    done
    echo 'sysplug:requests --json' >&3
    echo 'exit' >&3
    exec 3>&-
    wait "$SYSPLUG_PID" || true
    SYSPLUG_PID=
    read -r first last count base < "$WORK/done"
    json=$(grep -o '{"requests":.*}' "$WORK/out$run" | tail -1)
    requests=$(echo "$json" | grep -o '"origin":"uevent"' | wc -l || true)
    sizes=$(echo "$json" | grep -o '"targets":\[[^]]*\]' | awk -F, '{print NF}' | paste -sd' ')
    statuses=$(echo "$json" | grep -o '"status":"[A-Z_]*"' | sort | uniq -c | tr -s ' ' | paste -sd',')
    submitted=$(echo "$json" | grep -o '"submitted":"[^"]*"' | sed 's/"submitted":"//; s/"$//' | sort | head -1)
    runs=$(echo "$json" | grep -o '"runMs":[0-9.]*' | sed 's/"runMs"://' | paste -sd' ')
    finished=$(echo "$json" | grep -o '"finished":"[^"]*"' | sed 's/"finished":"//; s/"$//' | sort | tail -1)
    end=$(epoch_micros "$finished")
    echo "  burst: $count add uevents in $(ms "$first" "$last") ms"
    echo "  requests (origin uevent): $requests, devices each: $sizes; statuses:$statuses"
    echo "  first uevent -> first request submitted: $(ms "$first" "$(epoch_micros "$submitted")") ms; runMs each: $runs"
    echo "  first uevent -> last request finished: $(ms "$first" "$end") ms"
    echo "  blocks still offline: $offline of $BLOCKS"
done
