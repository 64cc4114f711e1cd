package org.sysplug.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServingTest {

    @Test
    void aPortAloneListensOnLoopbackOnly() throws Exception {
        Options options = Options.parse("--http", "8080");
        assertThat(options.http()).isTrue();
        assertThat(options.properties()).containsEntry("org.apache.felix.http.host", "127.0.0.1")
                .containsEntry("org.osgi.service.http.port", "8080").containsEntry(HttpServing.PROPERTY, "127.0.0.1:8080");
        assertThat(HttpServing.Address.parse("0.0.0.0:0")).isEqualTo(new HttpServing.Address("0.0.0.0", 0));
        assertThat(HttpServing.Address.parse("[::1]:9000")).isEqualTo(new HttpServing.Address("::1", 9000));
        assertThat(HttpServing.Address.parse("[::1]:9000").toString()).isEqualTo("[::1]:9000");
    }

    @Test
    void withoutTheOptionNothingServes() throws Exception {
        assertThat(Options.parse("lb").http()).isFalse();
        assertThat(Options.parse("lb").properties()).doesNotContainKey("org.osgi.service.http.port");
        assertThat(HttpServing.problem(Options.parse("lb"))).isNull();
    }

    @Test
    void refusesWhatIsNotAPort() {
        assertThatThrownBy(() -> Options.parse("--http", "80800")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> Options.parse("--http", "web")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> Options.parse("--http", ":80")).hasMessageContaining("no address");
        assertThatThrownBy(() -> Options.parse("--http")).hasMessageContaining("needs [ADDR:]PORT");
    }

    @Test
    void refusesAnyAddressWithoutAToken() throws Exception {
        assertThat(HttpServing.problem(Options.parse("--http", "0.0.0.0:0")))
                .startsWith("--http 0.0.0.0:0: refusing to serve beyond this host without a token")
                .contains("--http-token-file");
        assertThat(HttpServing.problem(Options.parse("--http", "0"))).isNull();
        assertThat(HttpServing.problem(Options.parse("--http-token-file", "/x"))).contains("needs --http");
    }

    @Test
    void aPrivateTokenAllowsAnyAddress(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "abc\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(HttpServing.problem(Options.parse("--http", "0.0.0.0:0", "--http-token-file", token.toString()))).isNull();

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(HttpServing.problem(Options.parse("--http", "0.0.0.0:0", "--http-token-file", token.toString())))
                .contains("readable by group or others").contains("chmod 600");
        Files.writeString(token, "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(HttpServing.tokenProblem(token)).contains("empty");
        assertThat(HttpServing.tokenProblem(dir.resolve("none"))).contains("no such file");
    }

    @Test
    void aPortInUseIsOneLine() throws IOException, Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String problem = HttpServing.problem(Options.parse("--http", Integer.toString(taken.getLocalPort())));
            assertThat(problem).contains("the port is in use").doesNotContain("\n").doesNotContain("Exception");
        }
    }

    @Test
    void readsThePortOfTheWhiteboardEndpoint() {
        assertThat(HttpServing.port(new String[] { "http://127.0.0.1:41234/" })).isEqualTo(41234);
        assertThat(HttpServing.port(List.of("http://[::1]:8080/"))).isEqualTo(8080);
        assertThat(HttpServing.port("http://host:9/")).isEqualTo(9);
        assertThat(HttpServing.port(null)).isEqualTo(-1);
    }
}
