package org.sysplug.remote.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRuleTest {

    private final AccessRule withToken = new AccessRule(Optional.of("s3cret"));
    private final AccessRule withoutToken = new AccessRule(Optional.empty());

    @Test
    void aLoopbackCallerNeedsNoToken() {
        assertThat(withToken.decide("127.0.0.1", null)).isEqualTo(new AccessRule.Decision(true, false, null));
        assertThat(withToken.decide("127.3.4.5", null).allowed()).isTrue();
        assertThat(withToken.decide("0:0:0:0:0:0:0:1", null).allowed()).isTrue();
        assertThat(withoutToken.decide("::1", null).allowed()).isTrue();
    }

    @Test
    void aRemoteCallerNeedsTheRightToken() {
        assertThat(withToken.decide("192.168.1.20", null).allowed()).isFalse();
        assertThat(withToken.decide("192.168.1.20", null).refusal()).contains("192.168.1.20").contains("Bearer");
        assertThat(withToken.decide("192.168.1.20", "Bearer wrong").allowed()).isFalse();
        assertThat(withToken.decide("192.168.1.20", "Bearer s3cre").allowed()).isFalse();
        assertThat(withToken.decide("192.168.1.20", "Basic czNjcmV0").allowed()).isFalse();
        assertThat(withToken.decide("192.168.1.20", "Bearer s3cret")).isEqualTo(new AccessRule.Decision(true, true, null));
        assertThat(withToken.decide("192.168.1.20", "bearer s3cret").allowed()).isTrue();
    }

    @Test
    void withoutATokenNoRemoteCallerEverPasses() {
        assertThat(withoutToken.decide("10.0.0.1", null).allowed()).isFalse();
        assertThat(withoutToken.decide("10.0.0.1", "Bearer ").allowed()).isFalse();
        assertThat(withoutToken.decide("10.0.0.1", "Bearer anything").refusal()).contains("--http-token-file");
    }

    @Test
    void aWrongTokenIsRefusedEvenFromLoopback() {
        assertThat(withToken.decide("127.0.0.1", "Bearer wrong").allowed()).isFalse();
    }

    @Test
    void aNameIsNeverResolvedToDecide() {
        assertThat(AccessRule.loopback("localhost")).isFalse();
        assertThat(AccessRule.loopback("")).isFalse();
        assertThat(AccessRule.loopback(null)).isFalse();
        assertThat(AccessRule.loopback("::ffff:127.0.0.1")).isTrue();
    }

    @Test
    void theTokenFileMustBePrivateAndNotEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "abc123\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(TokenFile.read(file)).isEqualTo("abc123");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TokenFile.read(file)).hasMessageContaining("chmod 600");

        Files.writeString(file, "  \n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> TokenFile.read(file)).hasMessageContaining("empty");
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("missing"))).hasMessageContaining("no such file");
    }
}
