package org.sysplug.doctor.checks;

import java.util.Collection;
import java.util.List;

import org.sysplug.framework.Zone;
import org.sysplug.platform.IdList;
import org.sysplug.platform.MemoryBlock;

/** How the checks name and count memory blocks. */
final class Blocks {

    private Blocks() {
    }

    /** {@code memory72-87,90}: the blocks as one word, as util-linux compresses lists. */
    static String names(Collection<MemoryBlock> blocks) {
        return IdList.format("memory", blocks.stream().map(MemoryBlock::id).toList());
    }

    /** The same blocks as the operand of {@code sysplug:online memory LIST}. */
    static String list(Collection<MemoryBlock> blocks) {
        return IdList.format(blocks.stream().map(MemoryBlock::id).toList());
    }

    static long bytes(Collection<MemoryBlock> blocks) {
        return blocks.stream().mapToLong(MemoryBlock::size).sum();
    }

    /**
     * Whether the kernel allocates its own memory from an online block: every zone but Movable
     * (Normal, DMA32, DMA) holds unmovable allocations, so such a block may never offline again.
     */
    static boolean inKernelZone(MemoryBlock b) {
        return b.online() && b.zone() != Zone.MOVABLE && b.zone() != Zone.UNSPECIFIED;
    }

    static boolean movable(MemoryBlock b) {
        return b.online() && b.zone() == Zone.MOVABLE;
    }

    /** {@code ZONE_NORMAL}, {@code ZONE_DMA32 and ZONE_NORMAL}: the kernel zones the blocks are in. */
    static String zones(List<MemoryBlock> blocks) {
        List<String> zones = blocks.stream().map(b -> "ZONE_" + b.zone().name()).distinct().sorted().toList();
        return String.join(" and ", zones);
    }
}
