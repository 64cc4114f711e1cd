package org.sysplug.platform.sim.description;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;

import org.yaml.snakeyaml.reader.StreamReader;

/**
 * The text of a machine file, read within bounds before any YAML is parsed: a regular file (a
 * FIFO would block the reader for good, a device never ends) of at most {@link Limits#FILE_BYTES},
 * read whole, and decoded as UTF-8 with the line of the first byte that is not.
 */
final class MachineText {

    /** Decoded text; when the bytes are not all UTF-8, the text has U+FFFD from {@code badIndex} on. */
    record Decoded(String text, int badIndex, int badByte) {

        boolean valid() {
            return badIndex < 0;
        }
    }

    private MachineText() {
    }

    /**
     * The bytes of a machine file. Symbolic links are resolved first; the file they lead to is
     * checked and then opened without following a link, so a link swapped in after the check is
     * refused rather than followed.
     */
    static byte[] readFile(String spec, List<String> builtIn) throws DescriptionException {
        Path real;
        BasicFileAttributes attributes;
        try {
            real = Path.of(spec).toRealPath();
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            throw new DescriptionException(fileName(spec) + ": not a file name (" + e.getReason()
                    + "); name a YAML machine description or one of " + String.join(", ", builtIn));
        } catch (NoSuchFileException e) {
            throw new DescriptionException(fileName(spec) + ": no such file; name a YAML machine description or one of "
                    + String.join(", ", builtIn));
        } catch (IOException | SecurityException e) {
            throw new DescriptionException(fileName(spec) + ": cannot read it: " + reason(e));
        }
        if (attributes.isDirectory()) {
            throw new DescriptionException(fileName(spec) + ": is a directory; name a YAML machine description in it");
        }
        if (!attributes.isRegularFile()) {
            throw new DescriptionException(fileName(spec) + ": is not a regular file (a FIFO, socket or device); "
                    + "a machine file is read whole: save the description to a file and load that");
        }
        if (attributes.size() > Limits.FILE_BYTES) {
            throw tooLarge(fileName(spec), Limits.count(attributes.size()) + " bytes");
        }
        try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return readBounded(fileName(spec), in);
        } catch (IOException | SecurityException e) {
            throw new DescriptionException(fileName(spec) + ": cannot read it: " + reason(e));
        }
    }

    /** At most {@link Limits#FILE_BYTES} bytes of a stream; more is an error naming {@code source}. */
    static byte[] readBounded(String source, InputStream in) throws IOException, DescriptionException {
        byte[] bytes = in.readNBytes(Limits.FILE_BYTES + 1);
        if (bytes.length > Limits.FILE_BYTES) {
            throw tooLarge(source, "more than " + Limits.count(Limits.FILE_BYTES) + " bytes");
        }
        return bytes;
    }

    /** At most {@link Limits#FILE_BYTES} characters of a reader; more is an error naming {@code source}. */
    static String readBounded(String source, Reader reader) throws DescriptionException {
        char[] buffer = new char[8192];
        StringBuilder text = new StringBuilder();
        try {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                text.append(buffer, 0, n);
                if (text.length() > Limits.FILE_BYTES) {
                    throw tooLarge(source, "more than " + Limits.count(Limits.FILE_BYTES) + " characters");
                }
            }
        } catch (IOException e) {
            throw new DescriptionException(source + ": cannot read it: " + reason(e));
        }
        return text.toString();
    }

    /** UTF-8, strictly: a byte that is not UTF-8 is reported, not replaced. */
    static Decoded decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (!result.isError()) {
            return new Decoded(out.flip().toString(), -1, -1);
        }
        int offset = in.position();
        String valid = out.flip().toString();
        String rest = new String(Arrays.copyOfRange(bytes, offset, bytes.length), StandardCharsets.UTF_8);
        return new Decoded(valid + rest, valid.length(), bytes[offset] & 0xFF);
    }

    /**
     * The index of the first character YAML does not allow (control characters but tab and line
     * breaks, unpaired surrogates, U+FFFE and U+FFFF), or -1.
     */
    static int firstNotAllowed(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                return i;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    /** The 1-based line of {@code index}, counting line breaks as YAML does (\n, \r alone, \r\n, U+0085, U+2028, U+2029). */
    static int line(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }

    /** The 1-based column of {@code index} on its line. */
    static int column(String text, int index) {
        int start = index;
        while (start > 0 && "\n\r\u0085\u2028\u2029".indexOf(text.charAt(start - 1)) < 0) {
            start--;
        }
        return index - start + 1;
    }

    /** A value fit for a one-line message: control characters escaped, past 60 characters cut. */
    static String printable(String text) {
        return printable(text, 60);
    }

    /** A file name fit for a one-line message: control characters escaped, past PATH_MAX cut. */
    static String fileName(String text) {
        return printable(text, 4096);
    }

    private static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (++shown > max) {
                out.append("... (").append(Limits.count(text.codePointCount(0, text.length()))).append(" characters)");
                break;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || !Character.isDefined(c) || Character.getType(c) == Character.SURROGATE
                            || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static DescriptionException tooLarge(String source, String size) {
        return new DescriptionException(source + ": " + size + " is more than a machine file may hold ("
                + Limits.count(Limits.FILE_BYTES) + " bytes; the shipped scale-1024 takes 3 KiB): is it the right file?");
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof SecurityException) {
            return "not allowed by the security manager";
        }
        return e.getMessage() == null ? "an I/O error" : printable(e.getMessage());
    }
}
