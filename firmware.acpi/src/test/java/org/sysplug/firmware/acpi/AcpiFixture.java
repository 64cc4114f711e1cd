package org.sysplug.firmware.acpi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.sysplug.firmware.acpi.core.AcpiNamespace;
import org.sysplug.firmware.acpi.core.AcpiObject;
import org.sysplug.firmware.acpi.core.AcpiSettings;
import org.sysplug.firmware.acpi.core.EjectPolicy;
import org.sysplug.firmware.acpi.core.OstReporter;
import org.sysplug.firmware.acpi.core.TestLog;
import org.sysplug.framework.HotplugException;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Kind;
import org.sysplug.framework.Operation;
import org.sysplug.framework.Order;
import org.sysplug.framework.Outcome;
import org.sysplug.framework.Phase;
import org.sysplug.framework.RequestContext;
import org.sysplug.framework.core.LocalRunner;
import org.sysplug.framework.core.LocalRunner.Registration;
import org.sysplug.platform.sim.TestMachine;

/**
 * This module's handlers over a real simulated machine, run by the real phase runner with the
 * names and kinds their components carry in the platform.
 */
final class AcpiFixture {

    final TestMachine machine;
    final TestLog log = new TestLog();
    final AcpiNamespace namespace;
    final AcpiSettings settings;
    final OstReporter ost;

    AcpiFixture(TestMachine machine) {
        this.machine = machine;
        this.namespace = new AcpiNamespace(machine.firmware(), log.logger());
        this.settings = new AcpiSettings(EjectPolicy.DEFAULT, log.logger());
        this.ost = new OstReporter(machine.firmware(), log.logger());
    }

    static AcpiFixture boot() {
        return new AcpiFixture(TestMachine.boot("default"));
    }

    List<Registration> handlers() {
        return List.of(
                reg(new AddValidate(namespace, machine.firmware(), ost), AddValidate.NAME, Phase.ADD_VALIDATE,
                        Order.ADD_VALIDATE_ACPI_BUS),
                reg(new AddObjects(namespace), AddObjects.NAME, Phase.ADD_EXECUTE, Order.ADD_EXECUTE_ACPI_BUS),
                reg(new AddResources(namespace, machine.view()), AddResources.NAME, Phase.ADD_EXECUTE,
                        Order.ADD_EXECUTE_ACPI_RESOURCE),
                reg(new AddCommit(ost), AddCommit.NAME, Phase.ADD_COMMIT, Order.ADD_COMMIT_ACPI_BUS),
                reg(new EjectValidate(namespace, machine.firmware(), ost), EjectValidate.NAME, Phase.DELETE_VALIDATE,
                        Order.DELETE_VALIDATE_ACPI_BUS),
                reg(new EjectResources(namespace, settings, machine.view()), EjectResources.NAME,
                        Phase.DELETE_VALIDATE, Order.DELETE_VALIDATE_ACPI_RESOURCE),
                reg(new EjectObjects(namespace), EjectObjects.NAME, Phase.DELETE_EXECUTE,
                        Order.DELETE_EXECUTE_ACPI_BUS),
                reg(new EjectCommit(machine.firmware(), ost), EjectCommit.NAME, Phase.DELETE_COMMIT,
                        Order.DELETE_COMMIT_ACPI_BUS));
    }

    static Registration reg(HotplugHandler handler, String name, Phase phase, int rank) {
        return new Registration(handler, name, phase, rank, EnumSet.of(Kind.HOTPLUG));
    }

    /** Runs a request through this module's handlers and the extra ones. */
    Outcome run(HotplugRequest request, Registration... extra) {
        List<Registration> all = new ArrayList<>(handlers());
        all.addAll(List.of(extra));
        return LocalRunner.run(request, all);
    }

    Outcome add(String path) {
        return run(HotplugRequest.of(Operation.HOT_ADD, path).origin("shell").build());
    }

    Outcome eject(String path) {
        return run(HotplugRequest.of(Operation.HOT_REMOVE, path).origin("shell").build());
    }

    /** The registry as text: path (driver, node) per object. */
    List<String> registry() {
        return namespace.objects().stream().map(AcpiObject::toString).toList();
    }

    /** A stand-in for another module: fails its apply with {@code code}. */
    static Registration failing(Phase phase, int rank, String code) {
        HotplugHandler h = new HotplugHandler() {
            @Override
            public void apply(RequestContext context) throws HotplugException {
                throw new HotplugException(code, "stand-in", "injected failure at " + phase + " " + rank);
            }
        };
        return new Registration(h, "stand-in." + phase + "." + rank, phase, rank, EnumSet.of(Kind.HOTPLUG));
    }

    /** A stand-in for another module that applies and rolls back without doing anything. */
    static Registration passing(Phase phase, int rank) {
        HotplugHandler h = context -> {
        };
        return new Registration(h, "pass." + phase + "." + rank, phase, rank, EnumSet.of(Kind.HOTPLUG));
    }
}
