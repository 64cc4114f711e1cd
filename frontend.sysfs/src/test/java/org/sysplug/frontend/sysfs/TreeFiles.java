package org.sysplug.frontend.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.sysplug.frontend.sysfs.Node.Attribute;
import org.sysplug.frontend.sysfs.Node.Dir;
import org.sysplug.frontend.sysfs.Node.Link;

/** The served tree written out as real files, directories and links, as a reader of sysfs finds it through the mount. */
final class TreeFiles {

    private TreeFiles() {
    }

    /** Writes the whole tree below {@code root/sys}; returns how many nodes it holds. */
    static int write(MachineTree tree, Path root) throws IOException {
        return write(tree, "", root.resolve("sys"));
    }

    private static int write(MachineTree tree, String path, Path at) throws IOException {
        Optional<Node> found = tree.lookup(path);
        if (found.isEmpty()) {
            throw new AssertionError("listed but not found: " + path);
        }
        Node n = found.get();
        if (n instanceof Dir d) {
            Files.createDirectories(at);
            int count = 1;
            for (String name : d.names()) {
                count += write(tree, path.isEmpty() ? name : path + "/" + name, at.resolve(name));
            }
            return count;
        }
        if (n instanceof Link l) {
            Files.createSymbolicLink(at, Path.of(l.target()));
        } else if (n instanceof Attribute a) {
            Files.writeString(at, a.readable() ? a.show().get() : "", StandardCharsets.UTF_8);
        }
        return 1;
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
