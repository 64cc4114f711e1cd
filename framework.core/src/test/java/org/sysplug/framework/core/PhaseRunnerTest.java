package org.sysplug.framework.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sysplug.framework.core.Fixtures.entry;
import static org.sysplug.framework.core.Fixtures.run;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sysplug.framework.Failure;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.Status;
import org.sysplug.framework.TraceEntry;
import org.sysplug.framework.core.Fixtures.Machine;
import org.sysplug.framework.core.Fixtures.Recording;

class PhaseRunnerTest {

    private final Machine machine = new Machine();

    private Recording handler(String name) {
        return new Recording(name, machine);
    }

    private Outcome execute(RequestRun run, HandlerEntry... entries) {
        PhaseRunner.Ending ending = Fixtures.runner().run(run, new HandlerSnapshot(List.of(entries)));
        return run.finish(ending.status(), ending.failure(), java.time.Instant.now());
    }

    @Test
    void addRunsValidateExecuteCommitInRankOrderWithTiesByName() {
        Outcome outcome = execute(run(Operation.HOT_ADD, "\\_SB.NOD1"),
                entry(handler("cpu"), Phase.ADD_EXECUTE, 110),
                entry(handler("commit"), Phase.ADD_COMMIT, 10),
                entry(handler("memory-b"), Phase.ADD_EXECUTE, 100),
                entry(handler("memory-a"), Phase.ADD_EXECUTE, 100),
                entry(handler("validate"), Phase.ADD_VALIDATE, 0),
                entry(handler("delete-only"), Phase.DELETE_EXECUTE, 10));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.calls).containsExactly("apply validate", "apply memory-a", "apply memory-b", "apply cpu",
                "apply commit");
        assertThat(outcome.trace()).extracting(TraceEntry::rank).containsExactly(0, 100, 100, 110, 10);
    }

    @Test
    void deleteRunsTheDeleteLists() {
        Outcome outcome = execute(run(Operation.OFFLINE, "cpu3"),
                entry(handler("add"), Phase.ADD_EXECUTE, 110),
                entry(handler("node"), Phase.DELETE_EXECUTE, 30),
                entry(handler("cpu"), Phase.DELETE_EXECUTE, 10),
                entry(handler("check"), Phase.DELETE_VALIDATE, 100));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.calls).containsExactly("apply check", "apply cpu", "apply node");
    }

    @Test
    void handlersServeOnlyTheirKinds() {
        execute(run(Operation.ONLINE, "cpu3"),
                entry(handler("hotplug-only"), Phase.ADD_EXECUTE, 10, EnumSet.of(Kind.HOTPLUG)),
                entry(handler("online-only"), Phase.ADD_EXECUTE, 20, EnumSet.of(Kind.ONLINE)),
                entry(handler("both"), Phase.ADD_EXECUTE, 30));

        assertThat(machine.calls).containsExactly("apply online-only", "apply both");
    }

    @Test
    void executeFailureRollsBackWhatRanNewestFirstExcludingTheFailedHandler() {
        Recording failing = handler("memory");
        failing.failApply = new HotplugException(HotplugException.EBUSY, "memory32", "block holds unmovable pages");
        Outcome outcome = execute(run(Operation.HOT_ADD, "\\_SB.NOD1"),
                entry(handler("validate"), Phase.ADD_VALIDATE, 0),
                entry(handler("bus"), Phase.ADD_EXECUTE, 10),
                entry(handler("node"), Phase.ADD_EXECUTE, 50),
                entry(failing, Phase.ADD_EXECUTE, 100),
                entry(handler("cpu"), Phase.ADD_EXECUTE, 110),
                entry(handler("commit"), Phase.ADD_COMMIT, 10));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(machine.calls).containsExactly("apply validate", "apply bus", "apply node", "apply memory",
                "rollback node", "rollback bus", "rollback validate");
        assertThat(machine.applied).isEmpty();
        assertThat(outcome.failure()).hasValueSatisfying(f -> {
            assertThat(f.handler()).isEqualTo("memory");
            assertThat(f.phase()).contains(Phase.ADD_EXECUTE);
            assertThat(f.rank()).isEqualTo(100);
            assertThat(f.code()).isEqualTo("EBUSY");
            assertThat(f.device()).isEqualTo("memory32");
        });
        assertThat(outcome.inconsistent()).isEmpty();
    }

    @Test
    void rollbackSeesWhyTheRequestIsRolledBack() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        Recording refusing = handler("memory");
        refusing.failApply = new HotplugException(HotplugException.EBUSY, "memory72", "unmovable pages");
        HandlerEntry acpi = entry(new Recording("acpi", machine) {
            @Override
            public void apply(org.sysplug.framework.RequestContext context) throws HotplugException {
                seen.add("apply " + context.rollbackCause().map(f -> f.code()).orElse("none"));
            }

            @Override
            public void rollback(org.sysplug.framework.RequestContext context) {
                seen.add("rollback " + context.rollbackCause().map(f -> f.code() + " " + f.device()).orElse("none"));
            }
        }, Phase.DELETE_VALIDATE, 0);
        execute(run(Operation.HOT_REMOVE, "\\_SB.NOD1"), acpi, entry(refusing, Phase.DELETE_EXECUTE, 20));

        assertThat(seen).containsExactly("apply none", "rollback EBUSY memory72");
    }

    @Test
    void validateFailureRollsBackEarlierValidateHandlersAndChangesNothing() {
        Recording refusing = handler("cpu-check");
        refusing.failApply = new HotplugException(HotplugException.EPERM, "cpu0", "the boot CPU cannot be removed");
        Outcome outcome = execute(run(Operation.HOT_REMOVE, "\\_SB.NOD0"),
                entry(handler("acpi-check"), Phase.DELETE_VALIDATE, 0),
                entry(refusing, Phase.DELETE_VALIDATE, 100),
                entry(handler("cpu"), Phase.DELETE_EXECUTE, 10));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(machine.calls).containsExactly("apply acpi-check", "apply cpu-check", "rollback acpi-check");
    }

    @Test
    void commitFailureIsRecordedAndTheCommitPhaseContinues() {
        Recording failing = handler("ps3");
        failing.failApply = new HotplugException(HotplugException.EIO, "\\_SB.NOD1", "_PS3 failed");
        Outcome outcome = execute(run(Operation.HOT_REMOVE, "\\_SB.NOD1"),
                entry(handler("cpu"), Phase.DELETE_EXECUTE, 10),
                entry(failing, Phase.DELETE_COMMIT, 100),
                entry(handler("ost"), Phase.DELETE_COMMIT, 200));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        assertThat(machine.calls).containsExactly("apply cpu", "apply ps3", "apply ost");
        assertThat(outcome.failure()).hasValueSatisfying(f -> assertThat(f.handler()).isEqualTo("ps3"));
        assertThat(outcome.inconsistent()).containsExactly("\\_SB.NOD1");
    }

    @Test
    void failedRollbackIsRecordedTheWalkContinuesAndTheDeviceIsReported() {
        Recording stuck = handler("memory");
        stuck.failRollback = new HotplugException(HotplugException.EBUSY, "memory40", "cannot offline again");
        Recording failing = handler("cpu");
        failing.failApply = new HotplugException(HotplugException.EIO, "cpu9", "did not come up");
        Outcome outcome = execute(run(Operation.HOT_ADD, "\\_SB.NOD1"),
                entry(handler("node"), Phase.ADD_EXECUTE, 50),
                entry(stuck, Phase.ADD_EXECUTE, 100),
                entry(failing, Phase.ADD_EXECUTE, 110));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_INCONSISTENT);
        assertThat(machine.calls).containsExactly("apply node", "apply memory", "apply cpu", "rollback memory",
                "rollback node");
        assertThat(outcome.failure()).hasValueSatisfying(f -> assertThat(f.handler()).isEqualTo("cpu"));
        assertThat(outcome.inconsistent()).containsExactly("memory40");
        assertThat(outcome.trace()).filteredOn(t -> t.result() == TraceEntry.Result.FAILED).hasSize(2);
    }

    @Test
    void unexpectedExceptionIsAFailureWithACodeNotACrash() {
        Recording buggy = handler("buggy");
        buggy.crash = new NullPointerException("oops");
        Outcome outcome = execute(run(Operation.ONLINE, "cpu1"),
                entry(handler("first"), Phase.ADD_EXECUTE, 1),
                entry(buggy, Phase.ADD_EXECUTE, 2));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.HANDLER_ERROR);
        assertThat(machine.calls).containsExactly("apply first", "apply buggy", "rollback first");
    }

    @Test
    void dryRunRunsOnlyValidation() {
        Outcome outcome = execute(Fixtures.dryRun(Operation.HOT_ADD, "\\_SB.NOD1"),
                entry(handler("validate"), Phase.ADD_VALIDATE, 0),
                entry(handler("execute"), Phase.ADD_EXECUTE, 10),
                entry(handler("commit"), Phase.ADD_COMMIT, 10));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(machine.calls).containsExactly("apply validate");
    }

    @Test
    void cancellationBetweenCallsRollsBack() {
        Recording canceller = handler("node");
        RequestRun run = run(Operation.HOT_ADD, "\\_SB.NOD1");
        canceller.onApply = c -> run.cancel(new HotplugException(HotplugException.CANCELLED, null, "operator"));
        Outcome outcome = execute(run,
                entry(handler("bus"), Phase.ADD_EXECUTE, 10),
                entry(canceller, Phase.ADD_EXECUTE, 50),
                entry(handler("memory"), Phase.ADD_EXECUTE, 100));

        assertThat(outcome.status()).isEqualTo(Status.CANCELLED);
        assertThat(machine.calls).containsExactly("apply bus", "apply node", "rollback node", "rollback bus");
        assertThat(machine.applied).isEmpty();
    }

    @Test
    void departedHandlerFailsTheRequestBeforeItIsCalled() {
        HandlerEntry gone = entry(handler("cpu"), Phase.ADD_EXECUTE, 110);
        gone.markDeparted();
        Outcome outcome = execute(run(Operation.ONLINE, "cpu1"), entry(handler("memory"), Phase.ADD_EXECUTE, 100), gone);

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.HANDLER_GONE);
        assertThat(machine.calls).containsExactly("apply memory", "rollback memory");
    }

    @Test
    void noHandlerForTheOperationRejects() {
        Outcome outcome = execute(run(Operation.OFFLINE, "cpu1"), entry(handler("add"), Phase.ADD_EXECUTE, 1));

        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.NO_HANDLER);
        assertThat(machine.calls).isEmpty();
    }

    @Test
    void aTargetNoExecuteHandlerTakesFailsTheRequestAndRollsBackWhatRan() {
        // the validate handler takes every target; only cpu3 is taken by an execute handler
        Recording cpu = handler("cpu");
        cpu.takesTargets = false;
        cpu.onApply = c -> c.request().targets().stream().filter(t -> t.deviceClass().equals("cpu")).forEach(c::claim);
        Recording commit = handler("bus-commit");
        Outcome outcome = execute(run(Operation.OFFLINE, "cpu3", "cpus5", "foo7"),
                entry(handler("check"), Phase.DELETE_VALIDATE, 10), entry(cpu, Phase.DELETE_EXECUTE, 110),
                entry(commit, Phase.DELETE_COMMIT, 10));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        Failure f = outcome.failure().orElseThrow();
        assertThat(f.code()).isEqualTo(HotplugException.NO_HANDLER);
        assertThat(f.device()).isEqualTo("cpus5");
        assertThat(f.message()).contains("no handler took cpus5 foo7 for OFFLINE").doesNotContain("cpu3 ");
        // nothing is committed, and what the execute phase did is undone
        assertThat(machine.calls).containsExactly("apply check", "apply cpu", "rollback cpu", "rollback check");
        assertThat(machine.applied).isEmpty();
    }

    @Test
    void aModuleWhoseValidateHandlerIsThereButNotItsExecuteHandlerDoesNothingAndSaysSo() {
        // as while a module's bundle starts: its validate handler has registered, its execute handler not yet
        Outcome outcome = execute(run(Operation.OFFLINE, "memory40"), entry(handler("memory.validate"),
                Phase.DELETE_VALIDATE, 110), entry(nonTaking("cpu.remove"), Phase.DELETE_EXECUTE, 10));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.NO_HANDLER);
        assertThat(outcome.failure().orElseThrow().device()).isEqualTo("memory40");
    }

    private Recording nonTaking(String name) {
        Recording r = handler(name);
        r.takesTargets = false;
        return r;
    }

    @Test
    void aDryRunFailsForATargetNoValidateHandlerTakes() {
        Recording check = handler("check");
        check.takesTargets = false;
        Outcome outcome = execute(Fixtures.dryRun(Operation.OFFLINE, "memory40"),
                entry(check, Phase.DELETE_VALIDATE, 10), entry(handler("memory"), Phase.DELETE_EXECUTE, 100));

        assertThat(outcome.status()).isEqualTo(Status.FAILED_ROLLED_BACK);
        assertThat(outcome.failure().orElseThrow().code()).isEqualTo(HotplugException.NO_HANDLER);
        assertThat(outcome.failure().orElseThrow().message()).contains("dry run");
        assertThat(machine.calls).containsExactly("apply check", "rollback check");
    }

    @Test
    void notesAndResourcesReachTheOutcome() {
        Recording describer = handler("describer");
        describer.onApply = c -> {
            c.note("found 2 CPUs");
            c.addResource(new org.sysplug.framework.NodeResource("\\_SB.NOD1", 1));
            c.addDevice(new org.sysplug.framework.Device("\\_SB.NOD1.CPU0", "processor"));
        };
        Recording reader = handler("reader");
        reader.onApply = c -> c.note("nodes " + c.resources(org.sysplug.framework.NodeResource.class).size());
        Outcome outcome = execute(run(Operation.HOT_ADD, "\\_SB.NOD1"),
                entry(describer, Phase.ADD_EXECUTE, 20), entry(reader, Phase.ADD_EXECUTE, 50));

        assertThat(outcome.trace().get(0).notes()).containsExactly("found 2 CPUs");
        assertThat(outcome.trace().get(1).notes()).containsExactly("nodes 1");
        assertThat(outcome.resources()).hasSize(1);
        assertThat(outcome.devices()).extracting(d -> d.name()).containsExactly("\\_SB.NOD1.CPU0");
    }
}
