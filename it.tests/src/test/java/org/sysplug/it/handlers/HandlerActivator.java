package org.sysplug.it.handlers;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.sysplug.framework.Handler;
import org.sysplug.framework.HotplugHandler;
import org.sysplug.framework.Kind;

/**
 * The activator of every handler bundle a test builds: registers one {@link ScriptedHandler} per clause of the
 * bundle's {@value HandlerSpec#HEADER} header, in the order written, with the {@link Handler} service properties
 * a handler component would carry.
 *
 * <p>It withdraws them itself in {@link #stop}, as SCR withdraws a bundle's components when the bundle is
 * stopping: Felix invalidates a bundle's context as soon as its activator's stop returns, before it unregisters
 * what is left, so a handler left to the framework could not use its context during the departure wait.
 */
public final class HandlerActivator implements BundleActivator {

    private final List<ServiceRegistration<HotplugHandler>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        String header = context.getBundle().getHeaders().get(HandlerSpec.HEADER);
        for (HandlerSpec spec : HandlerSpec.parseHeader(header)) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Handler.PHASE, spec.phase().name());
            properties.put(Handler.ORDER, Integer.valueOf(spec.order()));
            String[] kinds = new String[spec.kinds().size()];
            for (int i = 0; i < kinds.length; i++) {
                Kind kind = spec.kinds().get(i);
                kinds[i] = kind.name();
            }
            properties.put(Handler.KINDS, kinds);
            properties.put("component.name", spec.name());
            registrations.add(context.registerService(HotplugHandler.class, new ScriptedHandler(spec, context), properties));
        }
    }

    @Override
    public void stop(BundleContext context) {
        // in registration order; each departure may wait for the running request that uses the handler
        for (ServiceRegistration<HotplugHandler> r : registrations) {
            r.unregister();
        }
        registrations.clear();
    }
}
