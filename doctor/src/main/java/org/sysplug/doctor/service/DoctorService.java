package org.sysplug.doctor.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.sysplug.doctor.Doctor;
import org.sysplug.doctor.DoctorCheck;
import org.sysplug.doctor.Report;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.RequestQueue;
import org.sysplug.platform.MachineView;
import org.sysplug.platform.acpi.AcpiDevice;
import org.sysplug.platform.acpi.AcpiPort;
import org.sysplug.platform.acpi.Hid;

/**
 * The Doctor service: every {@link DoctorCheck} registered now (a whiteboard: any bundle may add
 * one, and one that comes or goes takes part from the next examination on), on one view of the
 * machine, then the planned requests as dry runs through the request queue.
 */
@Component(service = Doctor.class)
public final class DoctorService implements Doctor {

    /** How long the checks may take together: reading a machine is milliseconds, a hung port is not. */
    static final Duration CHECK_TIME = Duration.ofSeconds(10);
    /** How long one dry run may take, waiting behind a running request included. */
    static final Duration DRY_RUN_TIME = Duration.ofSeconds(30);

    private final Examiner examiner;

    /** The firmware, when the backend has one: which container is which node, for a better question. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AcpiPort firmware;

    @Reference(service = DoctorCheck.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, ?>, DoctorCheck>> checks = List.of();

    @Activate
    public DoctorService(@Reference MachineView machine, @Reference RequestQueue queue,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.examiner = new Examiner(machine, queue, CHECK_TIME, DRY_RUN_TIME, (m, e) -> log.error(m, e),
                this::containerOf, Clock.systemUTC());
    }

    @Override
    public Report examine(List<HotplugRequest> planned) {
        return examiner.examine(named(checks), planned);
    }

    /** The checks by name (the service id tells apart two of one name), so that reports list them in one order. */
    static List<Examiner.NamedCheck> named(List<Map.Entry<Map<String, ?>, DoctorCheck>> services) {
        List<Examiner.NamedCheck> out = new ArrayList<>();
        for (Map.Entry<Map<String, ?>, DoctorCheck> e : services) {
            out.add(new Examiner.NamedCheck(name(e.getKey()), e.getValue()));
        }
        out.sort(Comparator.comparing(Examiner.NamedCheck::name));
        return List.copyOf(out);
    }

    private static String name(Map<String, ?> properties) {
        Object name = properties.get(DoctorCheck.NAME);
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        if (name instanceof String[] all && all.length > 0) {
            return all[0];
        }
        return "check-" + properties.get(Constants.SERVICE_ID);
    }

    /** The container whose proximity domain is {@code node}, present or in its slot. */
    private Optional<String> containerOf(int node) {
        AcpiPort now = firmware;
        if (now == null) {
            return Optional.empty();
        }
        return now.namespace().stream()
                .filter(d -> d.pxm().isPresent() && d.pxm().getAsInt() == node)
                .filter(d -> Hid.CONTAINER.equals(d.hid()) || Hid.CONTAINER_LEGACY.equals(d.hid()) || Hid.MODULE.equals(d.hid()))
                .map(AcpiDevice::path).findFirst();
    }

    @Deactivate
    void deactivate() {
        examiner.close();
    }
}
