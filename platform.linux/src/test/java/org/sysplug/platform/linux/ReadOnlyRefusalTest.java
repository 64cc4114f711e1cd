package org.sysplug.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.platform.linux.sysfs.Sysroot;

/** A read-only tree refuses a change at validate, as its write would at execute; a writable one does not. */
class ReadOnlyRefusalTest {

    private static HotplugRequest request(Operation op, String... targets) {
        return HotplugRequest.of(op, targets).build();
    }

    @Test
    void aReadOnlyTreeRefusesAnOfflineWithEpermAndTheFix(@TempDir Path dir) throws Exception {
        Path root = SyntheticTree.build(dir.resolve("t"), 2, true, 4, true);
        LinuxMachine readOnly = new LinuxMachine(Sysroot.of(root));

        assertThatThrownBy(() -> ReadOnlyRefusal.check(readOnly, request(Operation.OFFLINE, "memory2", "memory3")))
                .isInstanceOf(HotplugException.class)
                .satisfies(e -> {
                    HotplugException h = (HotplugException) e;
                    assertThat(h.code()).isEqualTo(HotplugException.EPERM);
                    assertThat(h.device()).isEqualTo("memory2");
                    assertThat(h.getMessage()).contains("read-only sysroot", "offline of memory2 and 1 more device(s) refused",
                            "--writable", "--live");
                });
        assertThatThrownBy(() -> ReadOnlyRefusal.check(readOnly, request(Operation.HOT_REMOVE, "\\_SB.NOD1")))
                .isInstanceOf(HotplugException.class);
    }

    @Test
    void anOnlineOfDevicesOnlineAlreadyWritesNothingAndPasses(@TempDir Path dir) throws Exception {
        Path root = SyntheticTree.build(dir.resolve("t"), 2, false, 4, true);
        LinuxMachine readOnly = new LinuxMachine(Sysroot.of(root));

        assertThatCode(() -> ReadOnlyRefusal.check(readOnly, request(Operation.ONLINE, "memory1", "memory2")))
                .doesNotThrowAnyException();
        // cpu1 is offline: onlining it would write
        assertThatThrownBy(() -> ReadOnlyRefusal.check(readOnly, request(Operation.ONLINE, "memory1", "cpu1")))
                .isInstanceOf(HotplugException.class);
    }

    @Test
    void aWritableTreePassesEveryRequest(@TempDir Path dir) throws Exception {
        Path root = SyntheticTree.build(dir.resolve("t"), 2, true, 4, true);
        LinuxMachine writable = new LinuxMachine(Sysroot.of(root, Sysroot.Access.WRITABLE));

        assertThatCode(() -> ReadOnlyRefusal.check(writable, request(Operation.OFFLINE, "memory2"))).doesNotThrowAnyException();
    }
}
