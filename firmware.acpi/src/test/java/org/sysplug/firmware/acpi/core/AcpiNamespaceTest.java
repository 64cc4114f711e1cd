package org.sysplug.firmware.acpi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.CpuResource;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.MemoryResource;
import org.sysplug.framework.NodeResource;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Resource;
import org.sysplug.framework.Zone;
import org.sysplug.platform.PortException;
import org.sysplug.platform.Topology;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.OstEvent;
import org.sysplug.platform.acpi.OstStatus;
import org.sysplug.platform.sim.TestMachine;

/** The namespace on the real simulated machine: enumeration, build, destroy, restore, description. */
class AcpiNamespaceTest {

    private static final long GIB = 1L << 30;

    private final TestMachine machine = TestMachine.boot("default");
    private final TestLog log = new TestLog();
    private final AcpiNamespace namespace = new AcpiNamespace(machine.firmware(), log.logger());

    @Test
    void startEnumeratesEveryPresentDevice() {
        assertThat(namespace.objects()).extracting(AcpiObject::path).containsExactly("\\_SB.NOD0", "\\_SB.NOD0.CP00",
                "\\_SB.NOD0.CP01", "\\_SB.NOD0.CP02", "\\_SB.NOD0.CP03", "\\_SB.NOD0.CP04", "\\_SB.NOD0.CP05",
                "\\_SB.NOD0.CP06", "\\_SB.NOD0.CP07", "\\_SB.NOD0.MEM0", "\\_SB.NOD0.MEM1");
        assertThat(namespace.hasObject("\\_SB.NOD1")).isFalse();
        assertThat(namespace.hasObject("\\_SB.MEM2")).isFalse();
        assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO ACPI core started: 11 device objects")
                && l.contains("container, 2 memory, 8 processor"));
    }

    @Test
    void bootedNodeIsDescribedWithItsLogicalCpus() {
        List<Resource> resources = namespace.describe("\\_SB.NOD0", machine.topology());

        List<Resource> expected = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> expected.add(new CpuResource("\\_SB.NOD0.CP0" + i, i, 0, i)));
        expected.add(new MemoryResource("\\_SB.NOD0.MEM0", 0, 3 * GIB, 0, Zone.UNSPECIFIED));
        expected.add(new MemoryResource("\\_SB.NOD0.MEM1", 4 * GIB, 5 * GIB, 0, Zone.UNSPECIFIED));
        expected.add(new NodeResource("\\_SB.NOD0", 0));
        assertThat(resources).containsExactlyElementsOf(expected);
    }

    @Test
    void buildEnumeratesTheInsertedSubtree() throws Exception {
        machine.insert("\\_SB.NOD1");

        List<AcpiObject> built = namespace.build("\\_SB.NOD1");

        assertThat(built).hasSize(10);
        assertThat(built.get(0).path()).isEqualTo("\\_SB.NOD1");
        assertThat(built).allMatch(o -> o.node() == 1 && o.driver().isPresent());
        assertThat(namespace.object("\\_SB.NOD1.CP02").orElseThrow().driverData(ProcessorDriver.Data.class))
                .contains(new ProcessorDriver.Data(18, 1));
        // building again builds nothing
        assertThat(namespace.build("\\_SB.NOD1")).isEmpty();
    }

    @Test
    void buildRefusesAnAbsentDevice() {
        assertThatThrownBy(() -> namespace.build("\\_SB.NOD1")).isInstanceOf(HotplugException.class)
                .hasMessageContaining("not present and enabled");
        assertThatThrownBy(() -> namespace.build("\\_SB.NONE")).hasMessageContaining("no device \\_SB.NONE");
        assertThat(namespace.objects()).hasSize(11);
    }

    @Test
    void aDriverThatRefusesLeavesNothingOfTheBuild() throws Exception {
        AcpiDriver picky = new AcpiDriver() {
            private final ProcessorDriver real = new ProcessorDriver();

            @Override
            public String name() {
                return "processor";
            }

            @Override
            public boolean binds(AcpiDevice device) {
                return real.binds(device);
            }

            @Override
            public Object add(AcpiDevice device, int node) throws HotplugException {
                if (device.path().equals("\\_SB.NOD1.CP05")) {
                    throw new HotplugException(HotplugException.ENODEV, device.path(), "refused by the test");
                }
                return real.add(device, node);
            }

            @Override
            public List<Resource> resources(AcpiObject object, Topology topology) {
                return real.resources(object, topology);
            }
        };
        AcpiNamespace strict = new AcpiNamespace(machine.firmware(), log.logger(),
                List.of(picky, new MemoryDriver(), new ContainerDriver()));
        machine.insert("\\_SB.NOD1");

        assertThatThrownBy(() -> strict.build("\\_SB.NOD1")).hasMessageContaining("refused by the test");
        assertThat(strict.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(strict.objects()).hasSize(11);
    }

    @Test
    void destroyThenRestoreGivesTheSameObjects() throws Exception {
        machine.insert("\\_SB.NOD1");
        namespace.build("\\_SB.NOD1");
        List<String> before = namespace.objects().stream().map(AcpiObject::toString).toList();
        List<Resource> described = namespace.describe("\\_SB.NOD1", machine.topology());

        List<AcpiObject> gone = namespace.destroyAt("\\_SB.NOD1");

        assertThat(gone).hasSize(10);
        assertThat(gone.get(0).path()).isEqualTo("\\_SB.NOD1");
        assertThat(gone).allMatch(o -> o.driverData(Object.class).isEmpty());
        assertThat(namespace.objectsAt("\\_SB.NOD1")).isEmpty();
        assertThat(namespace.describe("\\_SB.NOD1", machine.topology())).isEmpty();

        namespace.restore(gone);

        assertThat(namespace.objects().stream().map(AcpiObject::toString).toList()).isEqualTo(before);
        assertThat(namespace.describe("\\_SB.NOD1", machine.topology())).isEqualTo(described);
    }

    @Test
    void destroyRemovesExactlyTheNamedObjects() throws Exception {
        machine.insert("\\_SB.NOD1");
        namespace.build("\\_SB.NOD1");

        namespace.destroy(List.of("\\_SB.NOD1.CP00", "\\_SB.NOD1.CP01", "\\_SB.NOPE"));

        assertThat(namespace.objectsAt("\\_SB.NOD1")).hasSize(8);
        assertThat(namespace.hasObject("\\_SB.NOD1.CP00")).isFalse();
        assertThat(namespace.hasObject("\\_SB.NOD1.CP02")).isTrue();
    }

    @Test
    void objectsAtDoesNotMistakeASiblingWithALongerName() {
        AcpiObject nod0 = namespace.object("\\_SB.NOD0").orElseThrow();
        assertThat(nod0.isAtOrBelow("\\_SB.NOD0")).isTrue();
        assertThat(nod0.isAtOrBelow("\\_SB.NOD")).isFalse();
        assertThat(namespace.objectsAt("\\_SB.NOD")).isEmpty();
    }

    @Test
    void aReplacedMachineIsEnumeratedAnewAsAtBoot() throws Exception {
        Replaceable firmware = new Replaceable(machine);
        AcpiNamespace replaced = new AcpiNamespace(firmware, log.logger());
        machine.insert("\\_SB.NOD1");
        replaced.build("\\_SB.NOD1");
        assertThat(replaced.objects()).hasSize(21);

        // sim:load: another boot of the same description, its node slot empty again
        firmware.machine = TestMachine.boot("default");

        assertThat(replaced.hasObject("\\_SB.NOD1")).isFalse();
        assertThat(replaced.objects()).extracting(AcpiObject::toString)
                .containsExactlyElementsOf(namespace.objects().stream().map(AcpiObject::toString).toList());
        assertThat(log.lines()).contains("INFO the machine was replaced: dropping 21 device objects and enumerating "
                + "the new namespace as it booted");
    }

    @Test
    void aDeviceInsertedRightAfterAReplacementIsNotTakenForOneThatBooted() throws Exception {
        // the report: sim:load default, then sim:insert '\_SB.NOD1': the first thing the namespace
        // was asked after the load was the notification's "is NOD1 enumerated?", and the namespace
        // enumerated then held NOD1, so the notification found it enumerated and no hot-add followed
        Replaceable firmware = new Replaceable(machine);
        AcpiNamespace replaced = new AcpiNamespace(firmware, log.logger());
        TestMachine loaded = TestMachine.boot("default");
        firmware.machine = loaded;

        loaded.insert("\\_SB.NOD1");

        assertThat(replaced.hasObject("\\_SB.NOD1")).isFalse();
        assertThat(replaced.objects()).extracting(AcpiObject::toString)
                .containsExactlyElementsOf(namespace.objects().stream().map(AcpiObject::toString).toList());
        // and it is hot-added as on the machine that booted first
        assertThat(replaced.build("\\_SB.NOD1")).hasSize(10);
    }

    @Test
    void aNamespaceStartedAfterAHotAddEnumeratesTheNamespaceNow() throws Exception {
        // firmware.acpi restarted on the same boot: the kernel has NOD1's CPUs, so NOD1 must stay ejectable
        machine.insert("\\_SB.NOD1");
        namespace.build("\\_SB.NOD1");

        AcpiNamespace restarted = new AcpiNamespace(machine.firmware(), log.logger());

        assertThat(restarted.hasObject("\\_SB.NOD1")).isTrue();
        assertThat(restarted.objects()).hasSize(21);
    }

    /** The firmware port of whichever machine is loaded now, as platform.sim's port follows sim:load. */
    private static final class Replaceable implements AcpiPort {
        volatile TestMachine machine;

        Replaceable(TestMachine machine) {
            this.machine = machine;
        }

        @Override
        public long bootId() {
            return machine.firmware().bootId();
        }

        @Override
        public Optional<AcpiDevice> device(String path) {
            return machine.firmware().device(path);
        }

        @Override
        public List<AcpiDevice> namespace() {
            return machine.firmware().namespace();
        }

        @Override
        public List<AcpiDevice> bootNamespace() {
            return machine.firmware().bootNamespace();
        }

        @Override
        public void powerOff(String path) throws PortException {
            machine.firmware().powerOff(path);
        }

        @Override
        public void lock(String path, boolean locked) throws PortException {
            machine.firmware().lock(path, locked);
        }

        @Override
        public void eject(String path) throws PortException {
            machine.firmware().eject(path);
        }

        @Override
        public void ost(String path, OstEvent event, OstStatus status) throws PortException {
            machine.firmware().ost(path, event, status);
        }

        @Override
        public boolean profileEnabled(String hotplugClass) {
            return machine.firmware().profileEnabled(hotplugClass);
        }

        @Override
        public void setProfileEnabled(String hotplugClass, boolean enabled) throws PortException {
            machine.firmware().setProfileEnabled(hotplugClass, enabled);
        }
    }

    @Test
    void targetPathsDropDuplicatesKernelNamesAndPathsBelowAnotherTarget() {
        HotplugRequest r = HotplugRequest.of(Operation.HOT_ADD, "\\_SB.NOD1.CP03", "\\_SB.NOD1", "\\_SB.MEM2",
                "\\_SB.NOD1", "cpu3", "\\_SB.NOD").build();

        assertThat(AcpiNamespace.targetPaths(r)).containsExactly("\\_SB.NOD1", "\\_SB.MEM2", "\\_SB.NOD");
    }
}
