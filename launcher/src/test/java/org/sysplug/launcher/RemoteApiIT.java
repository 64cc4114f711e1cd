package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote API of the packaged jar, driven by a real HTTP client ({@code java.net.http}) against
 * {@code --http 0}: one request for two submissions with one Idempotency-Key, status, topology,
 * handlers, cancel; the key kept across a restart on one data directory; and the access rule: a caller
 * from a non-loopback address refused without the token, served with it.
 */
class RemoteApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFLINE_CPU2_CPU3 = "{\"operation\":\"offline\",\"targets\":[\"cpu2\",\"cpu3\"]}";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path cwd;

    @Test
    void oneKeyTwiceIsOneRequestAndTheApiAnswersAsTheShell() throws Exception {
        try (ServedJar sysplug = ServedJar.start(cwd, "--ephemeral", "--http", "0")) {
            assertThat(sysplug.api().getHost()).isEqualTo("127.0.0.1");

            HttpResponse<String> first = send(post(sysplug.api(), "/requests?wait=30", OFFLINE_CPU2_CPU3).header("Idempotency-Key", "op-42"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode done = JSON.readTree(first.body());
            long id = done.get("id").asLong();
            assertThat(first.headers().firstValue("Location")).contains("/api/v1/requests/" + id);
            assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.get("origin").asText()).isEqualTo("http");
            assertThat(done.at("/parameters/http.remote").asText()).startsWith("127.0.0.1:");
            assertThat(done.at("/parameters/http.token").asText()).isEqualTo("false");
            assertThat(done.at("/parameters/http.idempotency-key").asText()).isEqualTo("op-42");

            HttpResponse<String> again = send(post(sysplug.api(), "/requests", OFFLINE_CPU2_CPU3).header("Idempotency-Key", "op-42"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("id").asLong()).isEqualTo(id);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");

            HttpResponse<String> other = send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cpu4\"]}")
                    .header("Idempotency-Key", "op-42"));
            assertThat(other.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(other.body()).get("error").asText()).contains("'op-42'").contains("request " + id);

            JsonNode history = JSON.readTree(get(sysplug.api(), "/requests").body()).get("requests");
            assertThat(history).as("one request for the key, none for the refused body").hasSize(1);
            assertThat(history.get(0).get("id").asLong()).isEqualTo(id);

            // the shell's own view of the request: the journal's record names the caller
            String shown = sysplug.type("sysplug:request --json " + id, "\"trace\"");
            assertThat(shown).contains("\"origin\":\"http\"").contains("\"http.remote\":\"127.0.0.1:").contains("\"http.idempotency-key\":\"op-42\"");

            HttpResponse<String> topology = get(sysplug.api(), "/topology");
            assertThat(topology.statusCode()).isEqualTo(200);
            assertThat(topology.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode cpus = JSON.readTree(topology.body()).get("cpus");
            assertThat(cpus.get(2).get("online").asBoolean()).isFalse();
            assertThat(cpus.get(4).get("online").asBoolean()).isTrue();

            JsonNode status = JSON.readTree(get(sysplug.api(), "/status").body());
            assertThat(status.get("capacity").asInt()).isPositive();
            assertThat(status.get("running").isNull()).isTrue();
            assertThat(JSON.readTree(get(sysplug.api(), "/handlers").body()).get("handlers")).isNotEmpty();

            HttpResponse<String> bad = send(post(sysplug.api(), "/requests", "{\"operation\":\"offlin\",\"targets\":[\"cpu5\"]}"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).get("error").asText())
                    .isEqualTo("unknown operation 'offlin': use one of hot-add, hot-remove (eject), online, offline");

            // what a web page in the operator's browser could send: a form-like body, a rebound host name
            HttpResponse<String> form = send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"offline\",\"targets\":[\"cpu6\"]}")));
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(rawStatusLine(sysplug.port(), "rebound.example")).contains(" 401 ");
            assertThat(rawStatusLine(sysplug.port(), "localhost")).contains(" 200 ");
            assertThat(JSON.readTree(get(sysplug.api(), "/requests").body()).get("requests")).hasSize(1);

            // cancel: a request that hangs in cpu5's offline until cancelled, rolled back
            sysplug.type("sim:fault --hang cpu.offline cpu5", "fault #1");
            HttpResponse<String> hanging = send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cpu5\"]}"));
            assertThat(hanging.statusCode()).as(hanging.body()).isEqualTo(202);
            long hung = JSON.readTree(hanging.body()).get("id").asLong();
            HttpResponse<String> cancelled = send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests/" + hung)).DELETE());
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            JsonNode ended = awaitEnd(sysplug.api(), hung);
            assertThat(ended.get("status").asText()).isEqualTo("CANCELLED");
            // who cancelled, as who submitted: the caller's address and whether it gave the token
            assertThat(ended.at("/failure/message").asText()).as(ended.toString())
                    .matches("request " + hung + " was cancelled by http \\(http.remote=127\\.0\\.0\\.1:\\d+ http.token=false\\)");
            assertThat(sysplug.type("sysplug:request " + hung, "origin:")).contains("was cancelled by http (http.remote=127.0.0.1:");
            assertThat(send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests/" + hung)).DELETE()).statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(get(sysplug.api(), "/topology").body()).get("cpus").get(5).get("online").asBoolean()).isTrue();

            assertThat(get(sysplug.api(), "/requests/999").statusCode()).isEqualTo(404);
            // the doctor's document, the one sysplug:doctor --json prints; a planned request is a dry run
            HttpResponse<String> examined = get(sysplug.api(), "/doctor");
            assertThat(examined.statusCode()).as(examined.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(examined.body());
            assertThat(report.get("checks").toString()).contains("\"policy\"", "\"zone-normal-blocks-unplug\"");
            assertThat(report.get("findings").size()).isEqualTo(report.get("errors").asInt()
                    + report.get("warnings").asInt() + report.get("notes").asInt());
            HttpResponse<String> planned = send(post(sysplug.api(), "/doctor",
                    "{\"planned\":[{\"operation\":\"hot-remove\",\"targets\":[\"node0\"]}]}"));
            assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
            assertThat(JSON.readTree(planned.body()).get("worst").asText()).as(planned.body()).isEqualTo("ERROR");
            String seventeen = String.join(",", java.util.Collections.nCopies(17, "{\"operation\":\"offline\",\"targets\":[\"cpu3\"]}"));
            HttpResponse<String> flood = send(post(sysplug.api(), "/doctor", "{\"planned\":[" + seventeen + "]}"));
            assertThat(flood.statusCode()).as(flood.body()).isEqualTo(400);
            assertThat(JSON.readTree(flood.body()).get("error").asText()).contains("at most 16");
            // a planned request is never done: asking for it not as a dry run is refused, not quietly changed
            HttpResponse<String> notDry = send(post(sysplug.api(), "/doctor",
                    "{\"planned\":[{\"operation\":\"offline\",\"targets\":[\"cpu3\"],\"dryRun\":false}]}"));
            assertThat(notDry.statusCode()).as(notDry.body()).isEqualTo(400);
            assertThat(JSON.readTree(notDry.body()).get("error").asText()).startsWith("planned[0]: 'dryRun' false");
            assertThat(sysplug.exit()).isZero();
            assertThat(sysplug.err()).doesNotContain("Exception").doesNotContain("WARN").doesNotContain("ERROR");
        }
    }

    @Test
    void everyAnswerIsTheApisJsonWhateverTheCallerSends() throws Exception {
        try (ServedJar sysplug = ServedJar.start(cwd, "--ephemeral", "--http", "0")) {
            URI root = URI.create("http://127.0.0.1:" + sysplug.port());

            // a body over 1 MiB: 413 in the API's document, whether its length is declared or it comes chunked
            String huge = "{\"operation\":\"offline\",\"targets\":[\"cpu3\"],\"parameters\":{\"x\":\"" + "a".repeat(2 << 20) + "\"}}";
            HttpResponse<String> declared = send(post(sysplug.api(), "/requests", huge));
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
            assertThat(error(declared)).startsWith("the body is " + huge.length() + " bytes, over the limit of 1048576 (1 MiB)");
            HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
            assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
            assertThat(error(chunked)).startsWith("the body is over the limit of 1048576 bytes (1 MiB)");
            // nested 100,000 deep: valid JSON, refused for its depth
            HttpResponse<String> deep = send(post(sysplug.api(), "/requests", "[".repeat(100_000) + "]".repeat(100_000)));
            assertThat(deep.statusCode()).isEqualTo(400);
            assertThat(error(deep)).startsWith("the body is nested deeper than 32 levels");

            // a charset: UTF-8 in any case is fine, another one is named and refused
            HttpResponse<String> utf16 = send(post(sysplug.api(), "/requests", OFFLINE_CPU2_CPU3).setHeader("Content-Type", "application/json; charset=utf-16"));
            assertThat(utf16.statusCode()).isEqualTo(415);
            assertThat(error(utf16)).startsWith("charset 'utf-16' is not accepted").contains("application/json; charset=utf-8");
            HttpResponse<String> utf8 = send(post(sysplug.api(), "/requests?wait=30", "{\"operation\":\"offline\",\"targets\":[\"cpu6\"],\"dryRun\":true}")
                    .setHeader("Content-Type", "Application/JSON; Charset=UTF-8"));
            assertThat(utf8.statusCode()).as(utf8.body()).isEqualTo(200);
            // a device name that is not one, in UTF-8, comes back as sent
            HttpResponse<String> umlaut = send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cp\u00fc6\"]}"));
            assertThat(umlaut.statusCode()).isEqualTo(400);
            assertThat(error(umlaut)).startsWith("invalid device name 'cp\u00fc6'");
            HttpResponse<String> longKey = send(post(sysplug.api(), "/requests", OFFLINE_CPU2_CPU3).header("Idempotency-Key", "k".repeat(4000)));
            assertThat(longKey.statusCode()).isEqualTo(400);
            assertThat(error(longKey)).contains("Idempotency-Key must be 1 to 128");

            // paths no resource serves, and the pointers at / and /api
            for (String path : new String[] { "/api/v1/nope", "/api/v1/status/", "/api/v2/status", "/favicon.ico" }) {
                HttpResponse<String> missing = get(root, path);
                assertThat(missing.statusCode()).as(path).isEqualTo(404);
                assertThat(error(missing)).as(path).startsWith("no resource at " + path + ": the API's resources are /api/v1/requests");
            }
            for (String path : new String[] { "/", "/api", "/api/" }) {
                HttpResponse<String> pointer = get(root, path);
                assertThat(pointer.statusCode()).as(path).isEqualTo(200);
                assertThat(JSON.readTree(pointer.body()).get("api").asText()).isEqualTo("/api/v1");
            }
            JsonNode index = JSON.readTree(get(sysplug.api(), "").body());
            assertThat(index.get("resources").toString()).contains("/api/v1/requests", "/api/v1/doctor", "/api/v1/topology");

            // a method a resource does not serve: 405, Allow, the document; HEAD and OPTIONS as HTTP says
            HttpResponse<String> put = send(HttpRequest.newBuilder(uri(sysplug.api(), "/status")).PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS");
            assertThat(error(put)).isEqualTo("PUT /api/v1/status is not served: use GET");
            HttpResponse<String> deleteAll = send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests")).DELETE());
            assertThat(deleteAll.statusCode()).isEqualTo(405);
            assertThat(deleteAll.headers().firstValue("Allow")).contains("GET, POST, HEAD, OPTIONS");
            HttpResponse<String> head = send(HttpRequest.newBuilder(uri(sysplug.api(), "/status")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            HttpResponse<String> options = send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests/1")).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(options.statusCode()).isEqualTo(204);
            assertThat(options.headers().firstValue("Allow")).contains("GET, DELETE, HEAD, OPTIONS");
            assertThat(options.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            assertThat(JSON.readTree(get(sysplug.api(), "/requests").body()).get("requests")).as("only the dry run was submitted").hasSize(1);
            assertThat(sysplug.exit()).isZero();
            assertThat(sysplug.err()).doesNotContain("Exception").doesNotContain("WARN").doesNotContain("ERROR");
        }
    }

    @Test
    void aKeySurvivesARestartOnTheSameDataDirectory() throws Exception {
        Path data = cwd.resolve("data");
        long id;
        long hung;
        try (ServedJar sysplug = ServedJar.start(cwd, "--data", data.toString(), "--http", "0")) {
            HttpResponse<String> first = send(post(sysplug.api(), "/requests?wait=30", OFFLINE_CPU2_CPU3).header("Idempotency-Key", "restart-1"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            id = JSON.readTree(first.body()).get("id").asLong();
            // a request cancelled over HTTP: the journal keeps who cancelled it
            sysplug.type("sim:fault --hang cpu.offline cpu5", "fault #1");
            hung = JSON.readTree(send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cpu5\"]}")).body()).get("id").asLong();
            assertThat(send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests/" + hung)).DELETE()).statusCode()).isEqualTo(200);
            assertThat(awaitEnd(sysplug.api(), hung).get("status").asText()).isEqualTo("CANCELLED");
            assertThat(sysplug.exit()).isZero();
        }
        try (ServedJar sysplug = ServedJar.start(cwd, "--data", data.toString(), "--http", "0")) {
            HttpResponse<String> retry = send(post(sysplug.api(), "/requests", OFFLINE_CPU2_CPU3).header("Idempotency-Key", "restart-1"));
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            JsonNode replayed = JSON.readTree(retry.body());
            assertThat(replayed.get("id").asLong()).isEqualTo(id);
            assertThat(replayed.at("/parameters/http.remote").asText()).startsWith("127.0.0.1:");
            assertThat(JSON.readTree(get(sysplug.api(), "/requests").body()).get("requests")).hasSize(2);
            assertThat(sysplug.type("sysplug:request " + hung, "origin:")).contains("status:  CANCELLED")
                    .contains("was cancelled by http (http.remote=127.0.0.1:");
            assertThat(sysplug.exit()).isZero();
        }
    }

    @Test
    void aCallerFromAnotherAddressNeedsTheToken() throws Exception {
        Optional<InetAddress> own = nonLoopbackAddress();
        assumeTrue(own.isPresent(), "this host has no non-loopback IPv4 address to call from");
        Path token = cwd.resolve("token");
        Files.writeString(token, "t0k3n-" + System.nanoTime() + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        String secret = Files.readString(token).strip();

        try (ServedJar sysplug = ServedJar.start(cwd, "--ephemeral", "--http", "0.0.0.0:0", "--http-token-file", token.toString())) {
            URI remote = URI.create("http://" + own.get().getHostAddress() + ":" + sysplug.port() + "/api/v1");

            HttpResponse<String> refused = get(remote, "/status");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"sysplug\"");
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("Bearer");
            assertThat(send(HttpRequest.newBuilder(uri(remote, "/status")).header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
            HttpResponse<String> refusedSubmit = send(post(remote, "/requests", OFFLINE_CPU2_CPU3));
            assertThat(refusedSubmit.statusCode()).isEqualTo(401);
            // the pointers and the 404s stand behind the same rule: nothing is learnt without the token
            for (String path : new String[] { "/", "/api", "/api/v1", "/api/v1/nope" }) {
                HttpResponse<String> refusedPath = get(URI.create("http://" + own.get().getHostAddress() + ":" + sysplug.port()), path);
                assertThat(refusedPath.statusCode()).as(path).isEqualTo(401);
            }

            HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri(remote, "/status")).header("Authorization", "Bearer " + secret));
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
            HttpResponse<String> submitted = send(post(remote, "/requests?wait=30", OFFLINE_CPU2_CPU3).header("Authorization", "Bearer " + secret));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
            JsonNode request = JSON.readTree(submitted.body());
            assertThat(request.at("/parameters/http.remote").asText()).startsWith(own.get().getHostAddress() + ":");
            assertThat(request.at("/parameters/http.token").asText()).isEqualTo("true");

            URI local = URI.create("http://127.0.0.1:" + sysplug.port() + "/api/v1");
            assertThat(get(local, "/status").statusCode()).isEqualTo(200);
            JsonNode history = JSON.readTree(get(local, "/requests").body()).get("requests");
            assertThat(history).as("the refused submission made no request").hasSize(1);
            assertThat(sysplug.exit()).isZero();
        }
    }

    @Test
    void aFullQueueIs503WithTheReason() throws Exception {
        try (ServedJar sysplug = ServedJar.start(cwd, "--ephemeral", "--http", "0")) {
            sysplug.type("sim:fault --hang cpu.offline cpu1", "fault #1");
            HttpResponse<String> hanging = send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cpu1\"]}"));
            assertThat(hanging.statusCode()).isEqualTo(202);
            int capacity = JSON.readTree(get(sysplug.api(), "/status").body()).get("capacity").asInt();
            for (int i = 0; i < capacity; i++) {
                HttpResponse<String> queued = send(post(sysplug.api(), "/requests", "{\"operation\":\"offline\",\"targets\":[\"cpu2\"]}"));
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            }
            String retried = "{\"operation\":\"online\",\"targets\":[\"cpu2\"],\"dryRun\":true}";
            HttpResponse<String> full = send(post(sysplug.api(), "/requests", retried).header("Idempotency-Key", "full-1"));
            assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
            assertThat(full.headers().firstValue("Retry-After")).isPresent();
            JsonNode body = JSON.readTree(full.body());
            assertThat(body.get("error").asText()).contains("rejected").contains("the request queue is full (" + capacity + " waiting)");
            assertThat(body.at("/request/status").asText()).isEqualTo("REJECTED");
            // let the queue drain rather than stop behind the hung call
            long hung = JSON.readTree(hanging.body()).get("id").asLong();
            assertThat(send(HttpRequest.newBuilder(uri(sysplug.api(), "/requests/" + hung)).DELETE()).statusCode()).isEqualTo(200);
            // the retry the 503 invites, with the same key: a rejected request never ran, so it is submitted anew
            long rejected = body.at("/request/id").asLong();
            // (as a client would after Retry-After: the queued requests drain within seconds)
            HttpResponse<String> again = send(post(sysplug.api(), "/requests?wait=30", retried).header("Idempotency-Key", "full-1"));
            for (long until = System.nanoTime() + 30_000_000_000L; again.statusCode() == 503 && System.nanoTime() < until; ) {
                assertThat(JSON.readTree(again.body()).at("/request/id").asLong()).isNotEqualTo(rejected);
                Thread.sleep(200);
                again = send(post(sysplug.api(), "/requests?wait=30", retried).header("Idempotency-Key", "full-1"));
            }
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(JSON.readTree(again.body()).get("id").asLong()).isNotEqualTo(rejected);
            assertThat(JSON.readTree(again.body()).get("status").asText()).isNotEqualTo("REJECTED");
            assertThat(sysplug.exit()).isZero();
        }
    }

    @Test
    void anyAddressWithoutATokenIsRefusedAtStart() throws Exception {
        JarRuns.Run run = JarRuns.run("--ephemeral", "--http", "0.0.0.0:0", "sysplug:status");
        assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("sysplug: --http 0.0.0.0:0: refusing to serve beyond this host without a token")
                .contains("--http-token-file");
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            JarRuns.Run run = JarRuns.run("--ephemeral", "--http", Integer.toString(taken.getLocalPort()), "sysplug:status");
            assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("sysplug: --http 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
        }
    }

    @Test
    void withoutTheOptionNoServerIsInstalled() throws Exception {
        JarRuns.Run run = JarRuns.run("--ephemeral", "lb");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("sysplug framework core").doesNotContain("Jetty").doesNotContain("remote HTTP");
        assertThat(run.err()).doesNotContain("serving the HTTP API");
    }

    private JsonNode awaitEnd(URI api, long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode now = JSON.readTree(get(api, "/requests/" + id).body());
            if (!now.get("finished").isNull() || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(20);
        }
    }

    /** {@code GET /api/v1/status} with this Host header (java.net.http will not send a Host of one's choosing). */
    private static String rawStatusLine(int port, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/v1/status HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code error} of the API's error document, which the answer must be. */
    private static String error(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body()).get("error").asText();
    }

    private static URI uri(URI api, String path) {
        return URI.create(api + path);
    }

    private static HttpRequest.Builder post(URI api, String path, String body) {
        return HttpRequest.newBuilder(uri(api, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> get(URI api, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(api, path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
