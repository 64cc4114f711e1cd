package org.sysplug.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@link OneShot.Explainer} through the shell bundle's explainer service, found by its property
 * {@value #FILTER}: the same explanations the interactive prompt gives, from the one place that
 * knows commands' usage. The launcher cannot link against a bundle's classes, so it calls the
 * service's {@code explain(CommandSession, String, Throwable)} by reflection, as
 * {@link GogoSession} calls Gogo. Without the service (the shell bundle failed to start) a failure
 * is its bare message and status 1.
 */
final class ServiceExplainer implements OneShot.Explainer {

    /** The explainer service's property (the shell bundle's {@code FailureExplainer.ROLE}). */
    static final String FILTER = "(sysplug.shell.failures=true)";

    private final Object service;
    private final GogoSession session;

    /** @param service the explainer service object, or null when there is none */
    ServiceExplainer(Object service, GogoSession session) {
        this.service = service;
        this.session = session;
    }

    @Override
    public String explain(String line, Throwable failure) {
        if (service != null) {
            try {
                Method explain = explainMethod(service.getClass());
                return String.valueOf(explain.invoke(service, session.commandSession(), line, failure));
            } catch (InvocationTargetException | IllegalAccessException | NoSuchMethodException e) {
                // fall through: an explainer that fails must not hide the command's failure
            }
        }
        session.put(ExitStatus.VARIABLE, ExitStatus.FAILURE);
        return ExitStatus.message(failure);
    }

    private static Method explainMethod(Class<?> type) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("explain") && m.getParameterCount() == 3) {
                return m;
            }
        }
        throw new NoSuchMethodException("explain");
    }
}
