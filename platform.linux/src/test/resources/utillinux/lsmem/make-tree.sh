#!/bin/sh
# Writes aarch64-virt-6g.tar.bz2 (in the current directory): the sysfs memory tree of an arm64
# QEMU "virt" guest with no memory0. Its RAM starts at 0x40000000, so with 128M blocks the first
# block is memory8. Boot RAM 4G (memory8-39: node0 8-23, node1 24-39; ZONE_DMA below 4G, Normal
# above); a 1G DIMM at 0x140000000 onlined movable (memory40-47, node1); the next DIMM slot was
# unplugged again (no memory48-55); a 1G DIMM at 0x1c0000000 half onlined movable (memory56-59)
# and half offline (memory60-63, both zones still possible). Each block has the entries that
# util-linux's lsmem dumps have, node and subsystem links dangling as they do there.
set -eu
name=aarch64-virt-6g
work=$(mktemp -d)
mem=$work/$name/sys/devices/system/memory

power() {
    mkdir -p "$1/power"
    : > "$1/power/autosuspend_delay_ms"
    echo auto > "$1/power/control"
    echo 0 > "$1/power/runtime_active_time"
    echo unsupported > "$1/power/runtime_status"
    echo 0 > "$1/power/runtime_suspended_time"
}

# block FIRST LAST NODE STATE VALID_ZONES
block() {
    i=$1
    while [ "$i" -le "$2" ]; do
        d=$mem/memory$i
        mkdir -p "$d"
        ln -s "../../node/node$3" "$d/node$3"
        ln -s ../../../../bus/memory "$d/subsystem"
        : > "$d/uevent"
        if [ "$4" = online ]; then echo 1 > "$d/online"; else echo 0 > "$d/online"; fi
        echo "$4" > "$d/state"
        echo 0 > "$d/phys_device"
        printf '%08x\n' "$i" > "$d/phys_index"
        echo 1 > "$d/removable"
        echo "$5" > "$d/valid_zones"
        power "$d"
        i=$((i + 1))
    done
}

mkdir -p "$mem"
echo 8000000 > "$mem/block_size_bytes"
echo offline > "$mem/auto_online_blocks"
: > "$mem/uevent"
power "$mem"
block 8 23 0 online DMA
block 24 31 1 online DMA
block 32 39 1 online Normal
block 40 47 1 online Movable
block 56 59 1 online Movable
block 60 63 1 offline "Normal Movable"

# the kernel's modes: writable attributes 644, read-only ones 444
find "$work/$name" -type d -exec chmod 755 {} +
find "$work/$name" -type f -exec chmod 444 {} +
find "$work/$name" -type f \( -name state -o -name online -o -name uevent -o -name control \
    -o -name autosuspend_delay_ms -o -name auto_online_blocks \) -exec chmod 644 {} +
tar --sort=name --mtime=2026-01-01T00:00:00Z --owner=0 --group=0 --numeric-owner \
    -C "$work" -cf - "$name" | bzip2 -9 > "$name.tar.bz2"
rm -rf "$work"
