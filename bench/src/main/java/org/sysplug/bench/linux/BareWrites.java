package org.sysplug.bench.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor under the Linux benchmark: the JVM alone writing {@code online_movable} to every
 * block's {@code state} of a generated tree, in a fresh JVM, with nothing of sysplug around it
 * (one open, one write, one close per block, as sysplug's Sysroot does after its check).
 *
 * <pre>java bench/src/main/java/org/sysplug/bench/linux/BareWrites.java TREE [BLOCKS]</pre>
 */
public final class BareWrites {

    private BareWrites() {
    }

    public static void main(String[] args) throws IOException {
        Path memory = Path.of(args[0], "sys/devices/system/memory");
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        byte[] value = "online_movable".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            try (FileChannel c = FileChannel.open(memory.resolve("memory" + i + "/state"), StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                c.write(ByteBuffer.wrap(value));
            }
        }
        System.out.printf("%d writes in a fresh JVM: %.1f ms%n", blocks, (System.nanoTime() - start) / 1e6);
    }
}
