package org.sysplug.it.support;

import java.util.ArrayList;
import java.util.List;

import org.sysplug.framework.Outcome;
import org.sysplug.framework.TraceEntry;

/** A trace as a test reads it: {@code "APPLY cpu.online"}, {@code "ROLLBACK memory.online FAILED"}. */
public final class Calls {

    private Calls() {
    }

    /** Every trace entry: action and handler, then the result unless it is OK. */
    public static List<String> of(Outcome outcome) {
        List<String> calls = new ArrayList<>();
        for (TraceEntry e : outcome.trace()) {
            calls.add(e.action() + " " + e.handler() + (e.result() == TraceEntry.Result.OK ? "" : " " + e.result()));
        }
        return calls;
    }

    /** The calls the framework says it made (skipped ones left out), as the handlers' journal writes them. */
    public static List<String> made(Outcome outcome) {
        List<String> calls = new ArrayList<>();
        for (TraceEntry e : outcome.trace()) {
            if (e.result() != TraceEntry.Result.SKIPPED) {
                calls.add(e.action() + " " + e.handler());
            }
        }
        return calls;
    }

    /** The outcome in a few lines, for assertion messages. */
    public static String describe(Outcome outcome) {
        StringBuilder sb = new StringBuilder("request ").append(outcome.id()).append(' ')
                .append(outcome.request().operation()).append(' ').append(outcome.request().targetNames())
                .append(": ").append(outcome.status());
        outcome.failure().ifPresent(f -> sb.append(" - ").append(f.describe()));
        if (!outcome.inconsistent().isEmpty()) {
            sb.append(" inconsistent ").append(outcome.inconsistent());
        }
        for (TraceEntry e : outcome.trace()) {
            sb.append("\n  ").append(e.action()).append(' ').append(e.handler()).append(" [").append(e.bundle())
                    .append(", ").append(e.phase()).append(' ').append(e.rank()).append("] ").append(e.result());
            if (!e.message().isEmpty()) {
                sb.append(": ").append(e.message());
            }
        }
        return sb.toString();
    }
}
