package org.sysplug.frontend.sysfs;

import java.util.List;
import java.util.function.Supplier;

/** What a path of the tree is: a directory, an attribute file, or a symbolic link. */
sealed interface Node {

    /** sysfs gives every attribute this size, whatever it holds; a read ends where its text does. */
    int ATTRIBUTE_SIZE = 4096;

    /**
     * A directory and the names in it, in the order {@code ls -U} shows them. The names are listed
     * only when a reader lists the directory: a path walk (a lookup of every directory on the way,
     * the 32,768-block memory directory of a large machine included) needs to know only that it
     * is a directory.
     */
    record Dir(Supplier<List<String>> listing) implements Node {

        Dir(List<String> names) {
            this(constant(List.copyOf(names)));
        }

        private static Supplier<List<String>> constant(List<String> names) {
            return () -> names;
        }

        List<String> names() {
            return List.copyOf(listing.get());
        }
    }

    /**
     * An attribute: its permission bits (the kernel's: 0444 read-only, 0644 writable by root, 0200
     * write-only, 0600 debugfs), what a read shows (evaluated at the read, so it is the machine
     * now) and what a write does.
     */
    record Attribute(int mode, Supplier<String> show, Store store) implements Node {

        static Attribute readOnly(Supplier<String> show) {
            return new Attribute(0444, show, null);
        }

        static Attribute readOnly(String text) {
            return readOnly(() -> text);
        }

        boolean readable() {
            return (mode & 0444) != 0;
        }

        boolean writable() {
            return store != null;
        }
    }

    /** A symbolic link, relative as sysfs's are ({@code ../../node/node0}). */
    record Link(String target) implements Node {
    }

    /** What a write to an attribute does; it returns once it is done, as the kernel's store does. */
    @FunctionalInterface
    interface Store {
        /**
         * @param value what was written, as written (a trailing newline included)
         * @throws SysfsError the errno the writer gets, and why, for the log
         */
        void store(String value) throws SysfsError;
    }
}
