package org.sysplug.platform.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;
import org.sysplug.platform.Topology;
import org.sysplug.platform.sim.description.DescriptionException;

/**
 * Machine files that used to exhaust the JVM or hang it, loaded as {@code sim:load} and a
 * ConfigAdmin update load them: the machine stays as it was, the operator gets one line, the log
 * gets the stack trace of anything unexpected, and nothing waits. A regression that hangs fails
 * on the timeout instead of hanging the build.
 */
class MachineFileLoadTest {

    /** Far beyond what any of these takes; only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static final String SMALL = """
            name: small
            firmware:
              - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
              - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 1GiB}
            """;

    @TempDir
    Path dir;

    /** What the component logged: one entry per call, the level and its arguments. */
    private final List<List<Object>> logged = new ArrayList<>();
    private final SimulatedMachineComponent sim = new SimulatedMachineComponent(config("default"), logger());

    @Test
    void aFifoIsRefusedAtOnceAndTheMachineStaysAsItWas() throws Exception {
        Path fifo = fifo("machine.yaml");
        Topology before = sim.topology();

        // sim:load of a FIFO waited for a writer for good
        String message = loadError(fifo.toString());

        assertThat(message).isEqualTo(fifo + ": is not a regular file (a FIFO, socket or device); a machine file is read whole: "
                + "save the description to a file and load that");
        assertThat(sim.topology()).isSameAs(before);
        assertThat(sim.source()).isEqualTo("default");
    }

    @Test
    void aMachineTooLargeForTheHeapIsRefusedBeforeAnythingIsBuilt() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.yaml"), """
                name: huge
                block-size: 4KiB
                firmware:
                  - {path: \\_SB.CPU0, type: processor, node: 0, apic-id: 0}
                  - {path: \\_SB.MEM0, type: memory, node: 0, start: 0, size: 512GiB}
                """);
        Topology before = sim.topology();

        // it ran out of heap after 65 s
        String message = loadError(file.toString());

        assertThat(message).startsWith(file + ":5: firmware[1].size: 512GiB is 134,217,728 blocks of 4KiB, more than the 262,144 "
                + "memory blocks a machine may have");
        assertThat(sim.topology()).isSameAs(before);
    }

    @Test
    void aConfiguredFifoBootsTheDefaultMachineWithoutBlockingActivation() throws Exception {
        Path fifo = fifo("configured.yaml");

        SimulatedMachineComponent configured = assertTimeoutPreemptively(HANG,
                () -> new SimulatedMachineComponent(config(fifo.toString()), logger()));

        assertThat(configured.source()).isEqualTo("default");
        assertThat(configured.topology().cpus()).isNotEmpty();
        assertThat(logged).anySatisfy(call -> assertThat(call.toString()).contains("error", "running the default machine instead",
                "is not a regular file"));
    }

    @Test
    void anUpdateToAFifoKeepsTheMachineAndTheNextUpdateStillApplies() throws Exception {
        Path fifo = fifo("updated.yaml");
        Path small = Files.writeString(dir.resolve("small.yaml"), SMALL);
        Topology before = sim.topology();

        // through ConfigAdmin the FIFO blocked the configuration thread for good
        assertTimeoutPreemptively(HANG, () -> sim.modified(config(fifo.toString())));
        assertThat(sim.topology()).isSameAs(before);
        assertThat(sim.source()).isEqualTo("default");

        assertTimeoutPreemptively(HANG, () -> sim.modified(config(small.toString())));
        assertThat(sim.source()).isEqualTo(small.toString());
        assertThat(sim.topology().cpus()).hasSize(1);
    }

    @Test
    void anErrorWhileLoadingIsOneLineForTheOperatorAndAStackTraceInTheLog() {
        Topology before = sim.topology();
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");

        DescriptionException e = catchThrowableOfType(DescriptionException.class, () -> sim.guarded("big.yaml", () -> {
            throw heap;
        }));

        assertThat(e.getMessage()).isEqualTo("big.yaml: the simulator ran out of memory building it; the machine stays as it was "
                + "(the log has the details)");
        assertThat(sim.topology()).isSameAs(before);
        assertThat(logged).anySatisfy(call -> {
            assertThat(call.get(0)).isEqualTo("error");
            assertThat(call.get(call.size() - 1)).isSameAs(heap);
        });
    }

    @Test
    void aRuntimeExceptionWhileLoadingSaysNoJavaText() {
        IllegalStateException bug = new IllegalStateException("Cannot invoke \"Object.getClass()\" because \"target\" is null");

        DescriptionException e = catchThrowableOfType(DescriptionException.class, () -> sim.guarded("odd.yaml", () -> {
            throw bug;
        }));

        assertThat(e.getMessage()).isEqualTo("odd.yaml: the simulator failed building it, a defect to report with the log; "
                + "the machine stays as it was (the log has the details)").doesNotContain("java.", "Cannot invoke");
        assertThat(e.getCause()).isSameAs(bug);
        assertThat(logged).anySatisfy(call -> assertThat(call.get(call.size() - 1)).isSameAs(bug));
    }

    private String loadError(String spec) {
        DescriptionException e = assertTimeoutPreemptively(HANG,
                () -> catchThrowableOfType(DescriptionException.class, () -> sim.load(spec)));
        assertThat(e).as("an error loading %s", spec).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    private Path fifo(String name) throws InterruptedException {
        Path fifo = dir.resolve(name);
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available");
        return fifo;
    }

    private static SimConfig config(String machine) {
        return new SimConfig() {
            @Override
            public String machine() {
                return machine;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SimConfig.class;
            }
        };
    }

    /** A Logger that records its calls: the method's name, then its arguments. */
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getReturnType() == boolean.class) {
                        return true;
                    }
                    List<Object> call = new ArrayList<>();
                    call.add(method.getName());
                    if (args != null) {
                        for (Object a : args) {
                            if (a instanceof Object[] varargs) {
                                call.addAll(Arrays.asList(varargs));
                            } else {
                                call.add(a);
                            }
                        }
                    }
                    logged.add(call);
                    return null;
                });
    }
}
