package org.sysplug.policy.autoonline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sysplug.framework.Zone;
import org.sysplug.platform.MemoryBlock;

/**
 * Where the blocks that appeared on one node go under {@code online_movable}: as many as possible
 * into ZONE_MOVABLE while the node's movable memory stays within the ratio to its normal memory
 * (what is online already included), the rest into the kernel zone. The normal ones are the
 * lowest addresses, as the kernel keeps ZONE_MOVABLE above the kernel zones of a node. A block's
 * {@code valid_zones} come first: one that cannot be movable goes normal, one that can only be
 * movable goes movable, and these count towards the ratio like any other.
 */
final class ZoneSplit {

    private ZoneSplit() {
    }

    /**
     * @param blocks the offline blocks of one node, in id order
     * @param normalOnline the node's blocks online (or on their way) in a kernel zone
     * @param movableOnline the node's blocks online (or on their way) in ZONE_MOVABLE
     * @param ratio the limit, or none
     * @return each block's zone, in id order: {@link Zone#MOVABLE}, {@link Zone#NORMAL}, or
     *         {@link Zone#UNSPECIFIED} for a block whose only kernel zone is not Normal (DMA32: the kernel's default decides)
     */
    static Map<Integer, Zone> plan(List<MemoryBlock> blocks, long normalOnline, long movableOnline, Optional<Ratio> ratio) {
        Map<Integer, Zone> plan = new LinkedHashMap<>();
        List<Integer> flexible = new ArrayList<>();
        long normal = normalOnline;
        long movable = movableOnline;
        for (MemoryBlock b : blocks) {
            List<Zone> valid = b.validZones();
            boolean canMove = valid.isEmpty() || valid.contains(Zone.MOVABLE);
            boolean canNormal = valid.isEmpty() || valid.contains(Zone.NORMAL);
            boolean kernelOnly = !valid.isEmpty() && !valid.contains(Zone.MOVABLE);
            if (canMove && canNormal) {
                flexible.add(b.id());
                plan.put(b.id(), null);
            } else if (canMove) {
                plan.put(b.id(), Zone.MOVABLE);
                movable++;
            } else {
                plan.put(b.id(), kernelOnly && canNormal ? Zone.NORMAL : Zone.UNSPECIFIED);
                normal++;
            }
        }
        long toNormal = 0;
        if (ratio.isPresent()) {
            toNormal = normalNeeded(ratio.get(), flexible.size(), normal, movable);
        }
        for (int i = 0; i < flexible.size(); i++) {
            plan.put(flexible.get(i), i < toNormal ? Zone.NORMAL : Zone.MOVABLE);
        }
        return plan;
    }

    /**
     * The fewest of {@code flexible} blocks that must go normal for {@code (movable + flexible - k) :
     * (normal + k)} to stay within {@code r}: the smallest k with {@code (movable + flexible - k) * r.normal
     * <= r.movable * (normal + k)}; all of them when even that is not enough.
     */
    static long normalNeeded(Ratio r, long flexible, long normal, long movable) {
        long excess = (movable + flexible) * r.normal() - r.movable() * normal;
        if (excess <= 0) {
            return 0;
        }
        long k = (excess + r.movable() + r.normal() - 1) / (r.movable() + r.normal());
        return Math.min(k, flexible);
    }
}
