package org.sysplug.platform.linux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sysplug.platform.DaxDevice;
import org.sysplug.platform.UdevRule;
import org.sysplug.platform.linux.sysfs.Sysroot;

/**
 * Reads, below a sysroot and never elsewhere, who else onlines hot-added devices: the kernel's
 * {@code auto_online_blocks}, the udev rules that write {@code state} or {@code online}, and the
 * dax devices with their drivers. Read-only, and every file is reached as the backend reaches
 * sysfs: from the root, without following a link.
 */
final class OnlineAgentsReader {

    static final String AUTO_ONLINE = "sys/devices/system/memory/auto_online_blocks";
    /**
     * Where udev reads rules, in the order a file of one name overrides another: a file in
     * {@code etc} hides one of the same name in the library directories (udev's own rule).
     */
    static final List<String> RULE_DIRS = List.of("etc/udev/rules.d", "run/udev/rules.d", "usr/lib/udev/rules.d",
            "lib/udev/rules.d");
    static final String DAX_DEVICES = "sys/bus/dax/devices";
    static final String DAX_DRIVERS = "sys/bus/dax/drivers";

    /** {@code SUBSYSTEM=="memory"} (also {@code "memory|cpu"}): a rule that matches the subsystem. */
    private static final Pattern SUBSYSTEM_IS = Pattern.compile("SUBSYSTEM\\s*==\\s*\"([^\"]*)\"");
    /** {@code SUBSYSTEM!="memory", GOTO="end"}: the rules up to {@code LABEL="end"} apply to that subsystem only. */
    private static final Pattern SUBSYSTEM_NOT_GOTO = Pattern.compile(
            "SUBSYSTEM\\s*!=\\s*\"([^\"]*)\".*GOTO\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern LABEL = Pattern.compile("LABEL\\s*=\\s*\"([^\"]*)\"");
    /** An assignment (one {@code =}, not a comparison) of {@code state} to an online value, or of {@code online} to 1. */
    private static final Pattern ONLINES_ATTR = Pattern.compile(
            "ATTR\\{(state|online)}\\s*(?<![=!])=\\s*\"(online[a-z_]*|1)\"");
    /** A program run by the rule that writes online to the device: {@code echo online > /sys$devpath/state}. */
    private static final Pattern ONLINES_RUN = Pattern.compile(
            "RUN\\s*\\+?=\\s*\".*echo\\s+(online[a-z_]*|1)\\s*>[^\"]*/(state|online)");

    private final Sysroot root;

    OnlineAgentsReader(Sysroot root) {
        this.root = root;
    }

    Optional<String> autoOnlineBlocks() throws IOException {
        return root.readLine(AUTO_ONLINE).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The onlining rules of the files udev would read, files in name order as udev sorts them. */
    List<UdevRule> onliningRules() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String dir : RULE_DIRS) {
            for (String name : root.names(dir)) {
                if (name.endsWith(".rules")) {
                    files.putIfAbsent(name, dir + "/" + name);
                }
            }
        }
        List<UdevRule> rules = new ArrayList<>();
        for (String file : files.values()) {
            // a rules file linked to /dev/null (or emptied) in etc masks the library's file of that name
            Optional<String> text = root.isFile(file) ? root.readString(file) : Optional.empty();
            text.ifPresent(t -> rules.addAll(onlining(file, t)));
        }
        return rules;
    }

    /** The rules of one file that online memory or CPUs. */
    static List<UdevRule> onlining(String file, String text) {
        List<UdevRule> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String scoped = null;
        String scopeEnd = null;
        for (int i = 0; i < lines.length; i++) {
            int first = i + 1;
            StringBuilder rule = new StringBuilder(lines[i].strip());
            while (rule.length() > 0 && rule.charAt(rule.length() - 1) == '\\' && i + 1 < lines.length) {
                rule.setLength(rule.length() - 1);
                rule.append(' ').append(lines[++i].strip());
            }
            String r = rule.toString();
            if (r.isEmpty() || r.startsWith("#")) {
                continue;
            }
            Matcher label = LABEL.matcher(r);
            if (scopeEnd != null && label.find() && label.group(1).equals(scopeEnd)) {
                scoped = null;
                scopeEnd = null;
                continue;
            }
            Matcher not = SUBSYSTEM_NOT_GOTO.matcher(r);
            if (not.find()) {
                scoped = not.group(1);
                scopeEnd = not.group(2);
                continue;
            }
            Matcher is = SUBSYSTEM_IS.matcher(r);
            String subsystems = is.find() ? is.group(1) : scoped;
            if (subsystems == null || !(ONLINES_ATTR.matcher(r).find() || ONLINES_RUN.matcher(r).find())) {
                continue;
            }
            for (String subsystem : List.of("memory", "cpu")) {
                if (matches(subsystems, subsystem)) {
                    found.add(new UdevRule(file, first, subsystem, r));
                }
            }
        }
        return found;
    }

    /** Whether a udev match value ({@code memory}, {@code memory|cpu}, {@code mem*}) matches a subsystem. */
    private static boolean matches(String pattern, String subsystem) {
        for (String alternative : pattern.split("\\|")) {
            String glob = Pattern.quote(alternative).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (subsystem.matches(glob)) {
                return true;
            }
        }
        return false;
    }

    /** Each dax device with the driver it is bound to, found in the drivers' directories (no link followed). */
    List<DaxDevice> daxDevices() throws IOException {
        List<DaxDevice> devices = new ArrayList<>();
        List<String> drivers = root.names(DAX_DRIVERS);
        for (String name : root.names(DAX_DEVICES)) {
            String bound = "";
            for (String driver : drivers) {
                if (root.kind(DAX_DRIVERS + "/" + driver + "/" + name).isPresent()) {
                    bound = driver;
                    break;
                }
            }
            devices.add(new DaxDevice(name, bound));
        }
        return devices;
    }
}
