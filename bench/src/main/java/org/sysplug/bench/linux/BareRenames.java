package org.sysplug.bench.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The floor under the bulk online on a writable copy, as sysplug must write it: per block, its
 * directory opened without following links (relative to the held memory directory), then
 * {@code state} and {@code valid_zones} each replaced whole by a new file renamed over the old
 * one, so that a kill at any moment leaves either the old or the new content (the kernel never
 * shows {@code online\n\n}). The JVM alone, in a fresh JVM, nothing of sysplug around it;
 * {@code BareWrites} is the same for one write in place per block (what chmem does).
 *
 * <pre>java bench/src/main/java/org/sysplug/bench/linux/BareRenames.java TREE [BLOCKS]</pre>
 */
public final class BareRenames {

    private BareRenames() {
    }

    public static void main(String[] args) throws IOException {
        Path memory = Path.of(args[0], "sys/devices/system/memory");
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        long start = System.nanoTime();
        try (DirectoryStream<Path> held = Files.newDirectoryStream(memory)) {
            SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) held;
            for (int i = 0; i < blocks; i++) {
                try (SecureDirectoryStream<Path> block = dir.newDirectoryStream(Path.of("memory" + i),
                        LinkOption.NOFOLLOW_LINKS)) {
                    replace(block, "state", "online\n");
                    replace(block, "valid_zones", "Movable\n");
                }
            }
        }
        System.out.printf("%d blocks, two renamed replacements each, in a fresh JVM: %.1f ms%n", blocks,
                (System.nanoTime() - start) / 1e6);
    }

    private static void replace(SecureDirectoryStream<Path> dir, String name, String content) throws IOException {
        Path next = Path.of(".bench-" + name + ".new");
        try (SeekableByteChannel c = dir.newByteChannel(next,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))) {
            c.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        }
        dir.move(next, dir, Path.of(name));
    }
}
