package org.sysplug.doctor.command;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sysplug.doctor.Doctor;
import org.sysplug.doctor.Report;
import org.sysplug.doctor.Severity;
import org.sysplug.framework.HotplugRequest;
import org.sysplug.framework.Operation;
import org.sysplug.shell.Help;
import org.sysplug.shell.JsonText;
import org.sysplug.shell.Operand;
import org.sysplug.shell.ShellOptions;
import org.sysplug.shell.ShellStatus;
import org.sysplug.shell.ShellText;

/**
 * {@code sysplug:doctor}: what would go wrong on this machine, before it goes wrong, and, given a
 * request in the words of {@code sysplug:submit} ("can I eject \_SB.NOD1?"), whether the validate
 * handlers would let it through. Exit status 0 when nothing is worse than a warning, 1 when an
 * ERROR was found, 2 for a command line that does not parse (an unknown option included), in one line,
 * or with {@code --json} as one JSON document.
 */
@Component(service = DoctorCommand.class, property = {
        "osgi.command.scope=sysplug",
        "osgi.command.function=doctor" })
public final class DoctorCommand {

    private final Doctor doctor;

    @Activate
    public DoctorCommand(@Reference Doctor doctor) {
        this.doctor = doctor;
    }

    @Help(operands = "[OPERATION DEVICE...]", complete = { Operand.OPERATION, Operand.DEVICE }, examples = {
            "sysplug:doctor", "sysplug:doctor --json", "sysplug:doctor eject '\\_SB.NOD1'",
            "sysplug:doctor hot-add '\\_SB.NOD1'", "sysplug:doctor offline memory40 memory41" })
    @Descriptor("say what would go wrong, before a change, and whether a planned request would pass: disabled "
            + "hot-plug profiles, memory that blocks an unplug, zone ratios, unmovable blocks, the memmap cost of a "
            + "hot-add, every registered check; a request (as sysplug:submit takes it) runs as a dry run; exits 1 "
            + "when an ERROR is found")
    public Object doctor(CommandSession session,
            @Descriptor(ShellOptions.JSON_HELP) @Parameter(names = { ShellOptions.JSON_SHORT, ShellOptions.JSON }, presentValue = ShellOptions.SET, absentValue = ShellOptions.UNSET) boolean json,
            @Descriptor("a planned request: hot-add, hot-remove (eject), online or offline, then the devices: cpuN, "
                    + "memoryN, nodeN or a firmware path such as \\_SB.NOD1") String... request) {
        Answer answer = answer(doctor, json, request == null ? List.of() : Arrays.asList(request));
        return ShellStatus.done(session, answer.status(), answer.output());
    }

    /** What the command prints and its exit status. */
    record Answer(int status, String output) {
    }

    /**
     * The doctor's answer to the words after {@code sysplug:doctor}: its report, or a usage error (exit 2) in
     * one line; with {@code --json} every answer is one JSON document, an error {@code {"error": "..."}} as
     * the HTTP API answers one.
     */
    static Answer answer(Doctor doctor, boolean json, List<String> words) {
        List<HotplugRequest> planned;
        try {
            planned = planned(words);
        } catch (IllegalArgumentException e) {
            String message = ShellText.oneLine(e.getMessage());
            return new Answer(ShellStatus.USAGE, json ? JsonText.of(Map.of("error", message)) : "doctor: " + message);
        }
        Report report = doctor.examine(planned);
        int status = report.worst().filter(w -> w == Severity.ERROR).isPresent() ? ShellStatus.FAILED : ShellStatus.OK;
        return new Answer(status, json ? ReportText.json(report) : ReportText.human(report));
    }

    /** The request the words name, parsed as {@code sysplug:submit} parses its operation and devices; none for no words. */
    static List<HotplugRequest> planned(List<String> words) {
        for (String word : words) {
            // no operation and no device name starts with '-': a word that does is an option mistyped or
            // misplaced, never an operation to look up
            if (word.startsWith("-")) {
                throw new IllegalArgumentException("unknown option '" + word + "': the options are " + ShellOptions.JSON
                        + " (" + ShellOptions.JSON_SHORT + ")");
            }
        }
        if (words.isEmpty()) {
            return List.of();
        }
        if (words.size() == 1) {
            throw new IllegalArgumentException("name the devices after the operation, e.g. doctor eject '\\_SB.NOD1'");
        }
        Operation operation = Operation.parse(words.get(0));
        return List.of(HotplugRequest.of(operation, words.subList(1, words.size()).toArray(String[]::new))
                .origin("doctor").build());
    }
}
