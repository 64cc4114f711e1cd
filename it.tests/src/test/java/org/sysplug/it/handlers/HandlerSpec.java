package org.sysplug.it.handlers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sysplug.framework.Kind;
import org.sysplug.framework.Phase;

/**
 * What one scripted handler is: its name, list, rank and kinds, and the fault or wait a scenario injects. A test
 * writes its handlers into the manifest header {@value #HEADER} of a tiny bundle; the bundle's
 * {@link HandlerActivator} reads them back and registers one {@link ScriptedHandler} each.
 *
 * <p>The header is {@code name;phase=ADD_EXECUTE;order=10;kinds=HOTPLUG|ONLINE;fault=apply;gate=g1;interrupts=obey, ...}.
 *
 * @param name the handler's name ({@code component.name})
 * @param phase its list
 * @param order its rank
 * @param kinds the kinds of operation it serves
 * @param fault {@link #NO_FAULT}, {@link #FAIL_APPLY} or {@link #FAIL_ROLLBACK}
 * @param gate the gate its apply waits at, or empty
 * @param obeysInterrupts whether an interrupt (cancel) ends its wait at the gate with a failure, as a port call
 *        blocked in the kernel ends on a signal; if not, it waits on until the gate opens
 */
public record HandlerSpec(String name, Phase phase, int order, List<Kind> kinds, String fault, String gate,
        boolean obeysInterrupts) {

    /** The manifest header listing a bundle's handlers. */
    public static final String HEADER = "Sysplug-Test-Handlers";

    public static final String NO_FAULT = "none";
    /** apply throws a HotplugException (EBUSY) after leaving its journal line. */
    public static final String FAIL_APPLY = "apply";
    /** rollback throws a HotplugException (EIO) and leaves the machine as apply left it. */
    public static final String FAIL_ROLLBACK = "rollback";

    public HandlerSpec {
        kinds = List.copyOf(kinds);
        if (name.isEmpty() || name.contains(",") || name.contains(";")) {
            throw new IllegalArgumentException("a handler name needs no ',' or ';': " + name);
        }
    }

    /** A handler of both kinds, without fault or gate. */
    public static HandlerSpec handler(String name, Phase phase, int order) {
        return new HandlerSpec(name, phase, order, List.of(Kind.HOTPLUG, Kind.ONLINE), NO_FAULT, "", true);
    }

    public HandlerSpec failingApply() {
        return new HandlerSpec(name, phase, order, kinds, FAIL_APPLY, gate, obeysInterrupts);
    }

    public HandlerSpec failingRollback() {
        return new HandlerSpec(name, phase, order, kinds, FAIL_ROLLBACK, gate, obeysInterrupts);
    }

    /** Its apply waits at {@code gateName} until the test opens it, or fails when its thread is interrupted. */
    public HandlerSpec waitingAt(String gateName) {
        return new HandlerSpec(name, phase, order, kinds, fault, gateName, true);
    }

    /** Its apply waits at {@code gateName} until the test opens it, interrupted or not. */
    public HandlerSpec waitingThroughInterruptsAt(String gateName) {
        return new HandlerSpec(name, phase, order, kinds, fault, gateName, false);
    }

    public HandlerSpec serving(Kind... served) {
        return new HandlerSpec(name, phase, order, List.of(served), fault, gate, obeysInterrupts);
    }

    public static String header(List<HandlerSpec> specs) {
        List<String> clauses = new ArrayList<>();
        for (HandlerSpec s : specs) {
            List<String> kindNames = new ArrayList<>();
            s.kinds().forEach(k -> kindNames.add(k.name()));
            clauses.add(s.name() + ";phase=" + s.phase().name() + ";order=" + s.order() + ";kinds="
                    + String.join("|", kindNames) + ";fault=" + s.fault() + ";gate=" + s.gate() + ";interrupts="
                    + (s.obeysInterrupts() ? "obey" : "ignore"));
        }
        return String.join(",", clauses);
    }

    public static List<HandlerSpec> parseHeader(String header) {
        List<HandlerSpec> specs = new ArrayList<>();
        for (String clause : header.split(",")) {
            String[] parts = clause.strip().split(";");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                attributes.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            List<Kind> kinds = new ArrayList<>();
            for (String k : attributes.get("kinds").split("\\|")) {
                kinds.add(Kind.valueOf(k));
            }
            specs.add(new HandlerSpec(parts[0], Phase.valueOf(attributes.get("phase")),
                    Integer.parseInt(attributes.get("order")), kinds, attributes.get("fault"), attributes.get("gate"),
                    "obey".equals(attributes.get("interrupts"))));
        }
        return specs;
    }

    @Override
    public String toString() {
        return name + " (" + phase + " " + order + (fault.equals(NO_FAULT) ? "" : ", fails in " + fault)
                + (gate.isEmpty() ? "" : ", waits at " + gate + (obeysInterrupts ? "" : " through interrupts")) + ", " + Arrays.toString(kinds.toArray()) + ")";
    }
}
