package org.sysplug.platform.linux.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * util-linux's sysfs dumps, unpacked for a test: the backend's reader tests and the util-linux
 * tools' conformance tests (tools.utillinux, through this module's test jar) share them.
 */
public final class Dumps {

    private Dumps() {
    }

    /** ../shared/data/util-linux, or where the surefire property {@code sysplug.shared} says. */
    public static Path utilLinux() {
        String shared = System.getProperty("sysplug.shared");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        return base.resolve("data").resolve("util-linux");
    }

    /** A folder of dumps below {@code tests/ts} ({@code lsmem/dumps}, {@code chmem/sysfs-dumps}...). */
    public static Path folder(String relative) {
        return utilLinux().resolve("tests/ts").resolve(relative);
    }

    /** The names of the dumps in a folder (tarballs with {@code suffix} cut off), sorted; empty if it is absent. */
    public static List<String> names(String folder, String suffix) throws IOException {
        Path dir = folder(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().collect(Collectors.toList());
        }
    }

    /**
     * This repository's own lsmem trees, beside util-linux's: test resources
     * {@code utillinux/lsmem/NAME.tar.bz2} with util-linux's output in {@code lsmem-NAME} (the
     * README there says how each was made). They never skip, shared folder or not.
     */
    public static final List<String> OWN_LSMEM_TREES = List.of("aarch64-virt-6g");
    private static final String OWN_LSMEM = "/utillinux/lsmem/";

    /** util-linux's lsmem dumps (when the shared folder is there), then this repository's own trees. */
    public static List<String> lsmemTrees() throws IOException {
        List<String> names = new ArrayList<>(names("lsmem/dumps", ".tar.bz2"));
        names.addAll(OWN_LSMEM_TREES);
        return names;
    }

    /** Unpacks an lsmem tree of {@link #lsmemTrees()} into {@code into} and returns its sysroot. */
    public static Path unpackLsmem(String tree, Path into) throws Exception {
        if (!OWN_LSMEM_TREES.contains(tree)) {
            return unpack("lsmem/dumps", tree, ".tar.bz2", into);
        }
        // read as a stream: from another module's tests this resource is inside this module's test jar
        Path tarball = into.resolve(tree + ".tar.bz2");
        try (InputStream in = ownResource(tree + ".tar.bz2")) {
            Files.copy(in, tarball);
        }
        return unpack(tarball, tree, into);
    }

    /** util-linux's expected lsmem output for a tree of {@link #lsmemTrees()}. */
    public static String lsmemExpected(String tree) throws IOException {
        if (!OWN_LSMEM_TREES.contains(tree)) {
            return Files.readString(utilLinux().resolve("tests/expected/lsmem/lsmem-" + tree));
        }
        try (InputStream in = ownResource("lsmem-" + tree)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream ownResource(String name) throws IOException {
        InputStream in = Dumps.class.getResourceAsStream(OWN_LSMEM + name);
        if (in == null) {
            throw new IOException("no test resource " + OWN_LSMEM + name);
        }
        return in;
    }

    /** One argument per dump, or a single null (the test then reports itself skipped). */
    public static Stream<Arguments> arguments(List<String> names) {
        return names.isEmpty() ? Stream.of(Arguments.of((Object) null)) : names.stream().map(Arguments::of);
    }

    /** Unpacks {@code folder/dump + suffix} into {@code into}. */
    public static Path unpack(String folder, String dump, String suffix, Path into) throws Exception {
        return unpack(folder(folder).resolve(dump + suffix), dump, into);
    }

    /**
     * Unpacks a dump tarball with the system's tar (which keeps its dangling and looping links as
     * links) into {@code into}, and returns the sysroot it holds, {@code into/NAME}.
     */
    public static Path unpack(Path tarball, String name, Path into) throws Exception {
        String flags = tarball.toString().endsWith(".bz2") ? "-xjf" : "-xzf";
        Process p;
        try {
            p = new ProcessBuilder("tar", flags, tarball.toAbsolutePath().toString(), "-C", into.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noTar) {
            assumeTrue(false, "tar is not available: " + noTar.getMessage());
            throw noTar;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tar: " + log).isZero();
        Path root = into.resolve(name);
        assertThat(root.resolve("sys")).isDirectory();
        return root;
    }
}
