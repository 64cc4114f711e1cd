package org.sysplug.framework;

/**
 * The six handler lists of the RFC. Validate changes nothing; execute changes only what it can
 * undo; commit does what cannot be undone (for example {@code _EJ0}).
 */
public enum Phase {
    ADD_VALIDATE(Step.VALIDATE, true),
    ADD_EXECUTE(Step.EXECUTE, true),
    ADD_COMMIT(Step.COMMIT, true),
    DELETE_VALIDATE(Step.VALIDATE, false),
    DELETE_EXECUTE(Step.EXECUTE, false),
    DELETE_COMMIT(Step.COMMIT, false);

    /** Where a phase stands in a request: the rollback rule depends on it. */
    public enum Step {
        VALIDATE, EXECUTE, COMMIT
    }

    private final Step step;
    private final boolean add;

    Phase(Step step, boolean add) {
        this.step = step;
        this.add = add;
    }

    public Step step() {
        return step;
    }

    /** True for the three add lists. */
    public boolean isAdd() {
        return add;
    }

    /** True when a failure in this phase is rolled back (validate and execute, not commit). */
    public boolean isReversible() {
        return step != Step.COMMIT;
    }
}
