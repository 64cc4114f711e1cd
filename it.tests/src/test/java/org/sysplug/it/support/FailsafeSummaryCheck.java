package org.sysplug.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails the build when the integration run executed no test (run by exec:java at {@code verify}, after failsafe's
 * own verify; see it.tests/pom.xml).
 *
 * <p>failsafe's {@code failIfNoTests} is not enough: when a JUnit 5 engine is on the class path
 * failsafe picks the JUnit Platform provider, which finds the Pax Exam classes, runs none, writes no summary, and
 * its verify goal then reports "No tests to run." and passes. The pom deletes the previous summary before the run,
 * so a missing summary here means that this run executed nothing.
 */
public final class FailsafeSummaryCheck {

    private static final Pattern COMPLETED = Pattern.compile("<completed>(\\d+)</completed>");

    private FailsafeSummaryCheck() {
    }

    /**
     * @param args the summary file, then {@code name=value} skip flags (skipTests, skipITs, maven.test.skip): any
     *        of them true means that no integration run was asked for
     */
    public static void main(String[] args) throws IOException {
        Path summary = Paths.get(args[0]);
        for (int i = 1; i < args.length; i++) {
            if (args[i].endsWith("=true")) {
                return;
            }
        }
        if (!Files.isRegularFile(summary)) {
            throw new IllegalStateException("The integration run executed no test: failsafe wrote no " + summary
                    + ". A JUnit 5 jar on it.tests' class path makes failsafe pick a provider that runs no Pax Exam"
                    + " test; keep the module JUnit-4-only.");
        }
        Matcher m = COMPLETED.matcher(Files.readString(summary));
        if (!m.find()) {
            throw new IllegalStateException(summary + " has no <completed> count");
        }
        if (Integer.parseInt(m.group(1)) == 0) {
            throw new IllegalStateException("The integration run executed no test (" + summary + ")");
        }
    }
}
