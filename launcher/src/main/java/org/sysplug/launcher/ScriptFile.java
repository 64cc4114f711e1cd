package org.sysplug.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of a {@code -f FILE} run, read as commands one per line: a regular file (a FIFO or a
 * device would block the start, or never end) of at most {@value #MAX_BYTES} bytes of UTF-8; a
 * byte that is not UTF-8 is named with its line and column.
 */
final class ScriptFile {

    static final int MAX_BYTES = 1 << 20;

    /** What is wrong with a script file, in one line for the operator. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private ScriptFile() {
    }

    static List<String> read(Path file) throws Unreadable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Unreadable("no such file: " + file);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + file + ": " + ExitStatus.message(e));
        }
        if (!attributes.isRegularFile()) {
            throw new Unreadable(file + " is not a regular file (" + (attributes.isDirectory() ? "a directory"
                    : "a FIFO, socket or device") + "): give -f a file of commands");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new Unreadable(file + " has " + attributes.size() + " bytes, more than a script of commands may ("
                    + MAX_BYTES + ")");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + file + ": " + ExitStatus.message(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw new Unreadable(file + " grew past " + MAX_BYTES + " bytes while it was read");
        }
        List<String> lines = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') {
                continue;
            }
            if (i == bytes.length && start == bytes.length) {
                break;
            }
            int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            try {
                lines.add(utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
            } catch (CharacterCodingException e) {
                int column = firstBadByte(bytes, start, end);
                throw new Unreadable(String.format("%s:%d: byte 0x%02X at column %d is not UTF-8: save the file as "
                        + "UTF-8", file, lines.size() + 1, bytes[start + column] & 0xff, column + 1));
            }
            start = i + 1;
        }
        return lines;
    }

    /** The offset in the line of the first byte that starts no valid UTF-8 sequence. */
    private static int firstBadByte(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            int b = bytes[i] & 0xff;
            int more = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
            if (more < 0) {
                return i - start;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= end || (bytes[i + k] & 0xc0) != 0x80) {
                    return i - start;
                }
            }
            i += more + 1;
        }
        return 0;
    }
}
