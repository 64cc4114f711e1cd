package org.sysplug.platform.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The machine's listeners (whiteboard services), bound by reference and got when they are first
 * told something. A listener of the machine uses the machine's ports, which need the machine
 * component: had the component taken the listener's service object when binding it, Declarative
 * Services would meet that circle while the component is being created and bind the listener
 * later, on its own thread, so that right after start a machine could be replaced or raise a
 * notification that no listener heard. Bound by reference, a listener is known as soon as its
 * service is registered, and nothing is created until there is news to tell.
 *
 * @param <T> the listener interface
 */
final class Whiteboard<T> {

    /** One listener: its service object, got once when first needed and given back when it goes. */
    private static final class Entry<T> {
        private final Object key;
        private final ComponentServiceObjects<T> objects;
        private T service;

        Entry(Object key, ComponentServiceObjects<T> objects, T service) {
            this.key = key;
            this.objects = objects;
            this.service = service;
        }

        synchronized T service() {
            if (service == null && objects != null) {
                service = objects.getService();
            }
            return service;
        }

        synchronized void release() {
            if (objects != null && service != null) {
                objects.ungetService(service);
            }
            service = null;
        }
    }

    private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

    /** A listener service, got when first told something. */
    void add(ServiceReference<T> reference, ComponentServiceObjects<T> objects) {
        entries.add(new Entry<>(reference, objects, null));
    }

    /** A listener object (tests without OSGi). */
    void add(T listener) {
        entries.add(new Entry<>(listener, null, listener));
    }

    /** Forgets a listener service, giving its object back if it was got. */
    void remove(ServiceReference<T> reference) {
        for (Entry<T> e : entries) {
            if (e.key.equals(reference) && entries.remove(e)) {
                e.release();
            }
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Tells every listener, in the order they came; a listener whose service is gone (it is being
     * unregistered) is skipped.
     *
     * @param failed told of a listener that threw, with what it threw; the others are told all the same
     */
    void tell(Consumer<T> news, Failed<T> failed) {
        for (Entry<T> e : entries) {
            T listener = e.service();
            if (listener == null) {
                continue;
            }
            try {
                news.accept(listener);
            } catch (RuntimeException ex) {
                failed.failed(listener, ex);
            }
        }
    }

    /** What to do with a listener that threw. */
    @FunctionalInterface
    interface Failed<T> {
        void failed(T listener, RuntimeException e);
    }
}
