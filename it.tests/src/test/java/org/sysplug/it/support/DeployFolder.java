package org.sysplug.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;

/**
 * The folder FileInstall watches in this container, as an operator uses it: files are copied in
 * whole (written beside the folder, then moved in, as {@code cp} to another name and {@code mv}
 * would), replaced and deleted. What FileInstall then does is observed, never assumed: the tests
 * wait for its effect.
 */
public final class DeployFolder implements AutoCloseable {

    /** How long a test waits for FileInstall to act on a change (it polls every 100 ms here). */
    private static final long WAIT_NANOS = 20_000_000_000L;

    private final Path folder;

    private DeployFolder(Path folder) {
        this.folder = folder;
    }

    public static DeployFolder of(BundleContext context) {
        String dir = context.getProperty(SysplugOptions.DEPLOY_DIR);
        if (dir == null) {
            throw new IllegalStateException("no " + SysplugOptions.DEPLOY_DIR + ": configure the container with SysplugOptions");
        }
        return new DeployFolder(Path.of(dir));
    }

    public Path path() {
        return folder;
    }

    /** Copies {@code content} in as {@code name}, replacing a file of that name in one step. */
    public Path put(String name, InputStream content) throws IOException {
        Path staged = Files.createTempFile(folder.getParent(), "staged-", ".part");
        try (InputStream in = content) {
            Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.move(staged, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes a text file in, such as a {@code PID.cfg}. */
    public Path put(String name, String text) throws IOException {
        return put(name, new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    public void delete(String name) throws IOException {
        Files.delete(folder.resolve(name));
    }

    /** Waits until {@code condition} holds; fails naming {@code what} when FileInstall never makes it so. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("FileInstall never made this true: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Empties the folder (FileInstall then uninstalls what it installed from it). */
    @Override
    public void close() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.forEach(files::add);
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }
}
