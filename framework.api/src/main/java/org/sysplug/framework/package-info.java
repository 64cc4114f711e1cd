/**
 * The sysplug framework API: requests, phases, handlers and the request queue.
 *
 * <p>A caller builds a {@link org.sysplug.framework.HotplugRequest} and submits it to the
 * {@link org.sysplug.framework.RequestQueue}; the queue runs it through the handler lists of
 * its {@link org.sysplug.framework.Operation} ({@link org.sysplug.framework.Phase}) in
 * {@link org.sysplug.framework.Order order} and returns an {@link org.sysplug.framework.Outcome}.
 * Handlers are OSGi services implementing {@link org.sysplug.framework.HotplugHandler} and
 * carrying the {@link org.sysplug.framework.Handler} component properties.
 */
@Version("1.4.0")
@Export
package org.sysplug.framework;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
