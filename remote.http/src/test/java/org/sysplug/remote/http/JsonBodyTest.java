package org.sysplug.remote.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** How every body of the API is read: its type, its size, its depth and its encoding. */
class JsonBodyTest {

    private static final String OFFLINE_CPU3 = "{\"operation\":\"offline\",\"targets\":[\"cpu3\"]}";

    private static JsonNode read(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return JsonBody.read(new ByteArrayInputStream(bytes), bytes.length);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(int status, ThrowingCall call) {
        return assertThatThrownBy(call::run).isInstanceOf(ApiServlet.Refusal.class)
                .satisfies(e -> assertThat(((ApiServlet.Refusal) e).status).isEqualTo(status))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception")
                        .doesNotContain("com.fasterxml"));
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void jsonWithoutCharsetOrWithUtf8InAnyCaseIsAccepted() {
        for (String type : new String[] { "application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "application/json; foo=bar" }) {
            assertThatCode(() -> JsonBody.checkType(type)).as(type).doesNotThrowAnyException();
        }
    }

    @Test
    void anotherCharsetIs415NamingItAndWhatIsAccepted() {
        refused(415, () -> JsonBody.checkType("application/json; charset=utf-16"))
                .hasMessageContaining("charset 'utf-16' is not accepted").hasMessageContaining("charset=utf-8");
        refused(415, () -> JsonBody.checkType("application/json;CHARSET=ISO-8859-1"))
                .hasMessageContaining("'ISO-8859-1'");
    }

    @Test
    void anotherTypeOrNoneIs415() {
        refused(415, () -> JsonBody.checkType(null)).hasMessageContaining("(got none)");
        refused(415, () -> JsonBody.checkType("text/plain")).hasMessageContaining("got 'text/plain'");
        // a prefix is not the type: what a browser may send without asking must never pass
        refused(415, () -> JsonBody.checkType("application/jsonp"));
        refused(415, () -> JsonBody.checkType("application/x-www-form-urlencoded"));
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() {
        InputStream never = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new AssertionError("a body whose declared length is over the limit is not read");
            }
        };
        refused(413, () -> JsonBody.read(never, 50L << 20)).hasMessage("the body is 52428800 bytes, over the limit of "
                + "1048576 (1 MiB): name fewer devices in one request, or send several");
    }

    @Test
    void aBodyWithoutLengthIsReadOnlyUpToTheLimit() {
        // chunked: no Content-Length; a stream of spaces that would never end
        long[] served = { 0 };
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                served[0] += len;
                return len;
            }
        };
        refused(413, () -> JsonBody.read(endless, -1)).hasMessageStartingWith("the body is over the limit of 1048576 bytes (1 MiB)");
        assertThat(served[0]).as("bytes taken from the client").isLessThan(JsonBody.MAX_BYTES + 64 * 1024);
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() throws Exception {
        String padded = OFFLINE_CPU3 + " ".repeat(JsonBody.MAX_BYTES - OFFLINE_CPU3.length());
        assertThat(read(padded).get("operation").asText()).isEqualTo("offline");
    }

    @Test
    void deepNestingIs400SayingSo() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        refused(400, () -> read(deep)).hasMessageContaining("nested deeper than 32 levels");
        String justDeepEnough = "{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}";
        assertThatCode(() -> read(justDeepEnough)).doesNotThrowAnyException();
    }

    @Test
    void invalidJsonIs400WithWhereAndWhy() {
        refused(400, () -> read("{\"operation\":\n\"offline\",,}")).hasMessage("the body is not valid JSON (at line 2, column 11)");
        refused(400, () -> read(OFFLINE_CPU3 + " {}")).hasMessage("the body holds more than one JSON value: send one object");
    }

    @Test
    void aFieldGivenTwiceIs400() {
        refused(400, () -> read("{\"operation\":\"offline\",\"targets\":[\"cpu3\"],\"dryRun\":true,\"dryRun\":false}"))
                .hasMessage("the body gives a field twice (field 'dryRun')");
    }

    @Test
    void aBodyThatIsNotUtf8Is400() {
        byte[] utf16 = OFFLINE_CPU3.getBytes(StandardCharsets.UTF_16);
        refused(400, () -> JsonBody.read(new ByteArrayInputStream(utf16), utf16.length)).hasMessageContaining("not UTF-8");
        byte[] latin1 = "{\"operation\":\"offline\",\"targets\":[\"cp\u00fc3\"]}".getBytes(StandardCharsets.ISO_8859_1);
        refused(400, () -> JsonBody.read(new ByteArrayInputStream(latin1), latin1.length)).hasMessageContaining("not UTF-8");
    }

    @Test
    void aLeadingByteOrderMarkIsIgnoredAndAnEmptyBodyIsNoValue() throws Exception {
        assertThat(read("\uFEFF" + OFFLINE_CPU3).get("operation").asText()).isEqualTo("offline");
        JsonNode empty = read("");
        assertThat(empty == null || empty.isMissingNode()).isTrue();
    }

    @Test
    void nonAsciiNamesInUtf8AreReadAsSent() throws Exception {
        assertThat(read("{\"targets\":[\"cp\u00fc3\"]}").at("/targets/0").asText()).isEqualTo("cp\u00fc3");
    }
}
