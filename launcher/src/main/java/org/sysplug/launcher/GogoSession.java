package org.sysplug.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A Gogo session driven by reflection through the gogo.runtime bundle's own interfaces.
 *
 * <p>Why not share the Gogo API through the class path (system bundle exports it,
 * gogo.runtime wires to that copy)? Because the API package is not separable from the runtime
 * in Gogo 1.1.x: {@code Process.Utils.current()} calls
 * {@code org.apache.felix.gogo.runtime.Pipe.getCurrentPipe()}, a static ThreadLocal of the
 * runtime, so a class-path copy of the API either fails with NoClassDefFoundError or, with the
 * runtime shaded too, reads another Pipe's ThreadLocal and breaks jobs and pipes. So the
 * launcher links against no Gogo class, every bundle wires to gogo.runtime as usual, and these
 * few calls go through the methods of the interfaces the service itself implements.
 */
final class GogoSession implements Session {

    static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    /** {@code org.apache.felix.service.command.Converter.INSPECT}: the shell's result format. */
    static final int INSPECT = 0;

    private final Object session;
    private final Method execute;
    private final Method get;
    private final Method put;
    private final Method format;
    private final Method close;

    private GogoSession(Object session, Class<?> type) throws NoSuchMethodException {
        this.session = session;
        this.execute = type.getMethod("execute", CharSequence.class);
        this.get = type.getMethod("get", String.class);
        this.put = type.getMethod("put", String.class, Object.class);
        this.format = type.getMethod("format", Object.class, int.class);
        this.close = type.getMethod("close");
    }

    /** A new session of a CommandProcessor service object, on these streams. */
    static GogoSession open(Object processor, InputStream in, OutputStream out, OutputStream err) {
        try {
            Class<?> processorType = interfaceNamed(processor.getClass(), PROCESSOR);
            Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            // The declared return type is the CommandSession interface of the same class space.
            return new GogoSession(create.invoke(processor, in, out, err), create.getReturnType());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unusable Gogo CommandProcessor: " + e, e);
        }
    }

    /** The interface of this name that {@code type} implements: a service's API, callable where its class is not. */
    static Class<?> interfaceNamed(Class<?> type, String name) throws ClassNotFoundException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
        }
        throw new ClassNotFoundException(name + " not implemented by " + type.getName());
    }

    /** The Gogo CommandSession itself, for services that take one (see {@link ServiceExplainer}). */
    Object commandSession() {
        return session;
    }

    @Override
    public Object execute(String commandLine) throws Exception {
        return invokeThrowing(execute, commandLine);
    }

    @Override
    public Object get(String name) {
        return invoke(get, name);
    }

    @Override
    public void put(String name, Object value) {
        invoke(put, name, value);
    }

    @Override
    public CharSequence format(Object result) throws Exception {
        return (CharSequence) invokeThrowing(format, result, INSPECT);
    }

    @Override
    public void close() {
        invoke(close);
    }

    /** For the methods whose failure is the command's: the command's exception, unwrapped. */
    private Object invokeThrowing(Method method, Object... args) throws Exception {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Object invoke(Method method, Object... args) {
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
