package org.sysplug.framework;

/** Where a request stands, and how it ended. */
public enum Status {
    /** Waiting in the queue. */
    QUEUED(false),
    /** Running now. */
    RUNNING(false),
    /** Every handler applied (dry run: every validate handler agreed). */
    SUCCEEDED(true),
    /** A handler refused or failed; everything that ran was rolled back. */
    FAILED_ROLLED_BACK(true),
    /**
     * A commit failed, or a rollback failed or could not run: the devices listed in the outcome
     * may be left in an intermediate state.
     */
    FAILED_INCONSISTENT(true),
    /** Cancelled by an operator or by its deadline, before it started or rolled back after. */
    CANCELLED(true),
    /** Never started: the queue was full, or nothing serves the operation. */
    REJECTED(true),
    /**
     * Cut short by the end of the process that ran it (killed, crashed, or the machine lost
     * power), found in the journal at the next start: what it had done is not known from the
     * request alone; the outcome names the handler it was in and lists the devices it may have
     * left half-done, to be compared with the machine and retried or rolled back.
     */
    INTERRUPTED(true);

    private final boolean terminal;

    Status(boolean terminal) {
        this.terminal = terminal;
    }

    /** True once the request has ended. */
    public boolean isTerminal() {
        return terminal;
    }

    /** True for every ending but success. */
    public boolean isFailure() {
        return terminal && this != SUCCEEDED;
    }
}
