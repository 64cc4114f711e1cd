package org.sysplug.framework;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties of a {@link HotplugHandler}, as one typed annotation on the handler
 * component:
 *
 * <pre>
 * &#64;Component(service = HotplugHandler.class)
 * &#64;Handler(phase = Phase.ADD_EXECUTE, order = Order.ADD_EXECUTE_CPU)
 * public final class CpuOnline implements HotplugHandler { ... }
 * </pre>
 *
 * <p>The properties are {@value #PHASE} (the {@link Phase} name), {@value #ORDER} (an Integer in
 * {@link Order#MIN}..{@link Order#MAX}) and {@value #KINDS} (the {@link Kind} names). A service
 * registered without this annotation must carry the same properties; one whose properties are
 * missing or invalid is refused by the framework and logged, never silently ranked as 0.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Handler {

    /** Property names are prefixed with this. */
    String PREFIX_ = "sysplug.handler.";

    /** The service property holding the phase name. */
    String PHASE = "sysplug.handler.phase";
    /** The service property holding the order rank. */
    String ORDER = "sysplug.handler.order";
    /** The service property holding the kinds served. */
    String KINDS = "sysplug.handler.kinds";

    /** The list the handler belongs to. */
    Phase phase();

    /** The order rank within the list, from {@link Order}; ascending ranks run first. */
    int order();

    /** The kinds of operation served: hot-plug, online/offline, or both (the default). */
    Kind[] kinds() default { Kind.HOTPLUG, Kind.ONLINE };
}
