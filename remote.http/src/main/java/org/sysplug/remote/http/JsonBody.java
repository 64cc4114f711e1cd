package org.sysplug.remote.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.sysplug.shell.ShellText;

/**
 * A request body, read as the API reads every body: declared {@code application/json} (with no charset,
 * or {@code charset=utf-8}), at most {@value #MAX_BYTES} bytes, UTF-8, one JSON value nested at most
 * {@value #MAX_DEPTH} deep, no field given twice. Anything else is refused in one line before a request
 * is built from it.
 *
 * <p>Why 1 MiB: the largest body the API has a use for is one request naming every memory block of a
 * big machine (a 4 TiB machine with 128 MiB blocks has 32,768 blocks, about 500 kB as a list of names),
 * or the doctor's 16 planned requests. A longer body is a mistake or an attack; it is refused as soon as
 * its declared length, or else its bytes read so far, pass the limit, never buffered whole.
 */
final class JsonBody {

    /** The longest body read, in bytes. */
    static final int MAX_BYTES = 1 << 20;
    /**
     * The deepest nesting read: a body's own shape is at most four deep ({"planned":[{"parameters":{}}]});
     * far deeper documents only cost the reader.
     */
    static final int MAX_DEPTH = 32;

    private static final String MEDIA_TYPE = "application/json";
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            // {"dryRun":true,"dryRun":false}: which one counts must not depend on who reads it
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBody() {
    }

    /**
     * Refuses (415) a body not declared JSON: a web page can send a form or text/plain to 127.0.0.1 from
     * the operator's browser without asking, but not application/json (the browser asks first, and no
     * answer here allows it). A charset other than UTF-8 is refused too, rather than read as UTF-8.
     */
    static void checkType(String contentType) throws ApiServlet.Refusal {
        if (contentType == null) {
            throw unsupported("send the body as JSON with 'Content-Type: " + MEDIA_TYPE + "' (got none)");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
            throw unsupported("send the body as JSON with 'Content-Type: " + MEDIA_TYPE + "' (got '"
                    + printable(contentType) + "')");
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).strip().equalsIgnoreCase("charset")) {
                continue;
            }
            String charset = parts[i].substring(eq + 1).strip();
            if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                charset = charset.substring(1, charset.length() - 1);
            }
            if (!charset.equalsIgnoreCase("utf-8")) {
                throw unsupported("charset '" + printable(charset) + "' is not accepted: send the body in UTF-8, as '"
                        + MEDIA_TYPE + "' or '" + MEDIA_TYPE + "; charset=utf-8'");
            }
        }
    }

    /**
     * Reads one JSON value; null (or a missing node) for an empty body.
     *
     * @param declaredLength the Content-Length, or -1 when the body is chunked
     * @throws ApiServlet.Refusal 413 for a body over {@value #MAX_BYTES} bytes, 400 for one that is not UTF-8,
     *         not JSON, nested too deep, or that gives a field twice
     */
    static JsonNode read(InputStream in, long declaredLength) throws IOException, ApiServlet.Refusal {
        if (declaredLength > MAX_BYTES) {
            throw tooLarge("the body is " + declaredLength + " bytes, over the limit of " + MAX_BYTES + " (1 MiB)");
        }
        var reader = new PushbackReader(new InputStreamReader(new Bounded(in), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            // a byte order mark, which JSON must not carry but a reader may ignore, as Jackson does on bytes
            int first = reader.read();
            if (first >= 0 && first != BYTE_ORDER_MARK) {
                reader.unread(first);
            }
            return READER.readTree(reader);
        } catch (Bounded.Exceeded e) {
            throw tooLarge("the body is over the limit of " + MAX_BYTES + " bytes (1 MiB)");
        } catch (StreamConstraintsException e) {
            throw bad("the body is nested deeper than " + MAX_DEPTH + " levels: a request is a flat object "
                    + "such as {\"operation\":\"offline\",\"targets\":[\"cpu3\"]}");
        } catch (JacksonException e) {
            if (cause(e, Bounded.Exceeded.class)) {
                throw tooLarge("the body is over the limit of " + MAX_BYTES + " bytes (1 MiB)");
            }
            if (cause(e, CharacterCodingException.class)) {
                throw bad("the body is not UTF-8: send JSON in UTF-8");
            }
            // Jackson's own messages name Java types: the caller gets what it can act on instead
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (original.startsWith("Duplicate field")) {
                throw bad("the body gives a field twice (" + printable(original.substring("Duplicate ".length())) + ")");
            }
            if (original.startsWith("Trailing token")) {
                throw bad("the body holds more than one JSON value: send one object");
            }
            throw bad("the body is not valid JSON (at line " + (e.getLocation() == null || e.getLocation().getLineNr() < 1
                    ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ")");
        } catch (CharacterCodingException e) {
            throw bad("the body is not UTF-8: send JSON in UTF-8");
        }
    }

    /** Whether the reader's own failure is behind what Jackson threw (it may wrap one). */
    private static boolean cause(Throwable thrown, Class<? extends IOException> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ApiServlet.Refusal tooLarge(String what) {
        return new ApiServlet.Refusal(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, what
                + ": name fewer devices in one request, or send several");
    }

    private static ApiServlet.Refusal bad(String message) {
        return new ApiServlet.Refusal(HttpServletResponse.SC_BAD_REQUEST, message);
    }

    private static ApiServlet.Refusal unsupported(String message) {
        return new ApiServlet.Refusal(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, message);
    }

    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String printable(String text) {
        return cut(ShellText.oneLine(text));
    }

    /** The body's bytes, failing once more than {@value #MAX_BYTES} have been read. */
    private static final class Bounded extends FilterInputStream {

        /** Thrown by a read past the limit; no stack trace, it is an answer, not a fault. */
        static final class Exceeded extends IOException {
            private static final long serialVersionUID = 1L;

            Exceeded() {
                super("the body passed " + MAX_BYTES + " bytes", null);
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }

        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws Exceeded {
            count += n;
            if (count > MAX_BYTES) {
                throw new Exceeded();
            }
        }
    }
}
