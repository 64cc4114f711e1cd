package org.sysplug.framework;

/**
 * A {@link HotplugHandler} service the queue does not use, because its {@link Handler} properties
 * are missing or invalid (a phase that is no {@link Phase}, a rank outside {@link Order#MIN}..
 * {@link Order#MAX}). It is listed for as long as the service stays registered, so that an
 * operator who deployed a bundle sees why its handler never runs instead of finding it missing.
 *
 * @param name the handler's name: its component name, or its class name
 * @param bundle the symbolic name of the bundle that registered it
 * @param bundleId that bundle's id
 * @param serviceId the handler service's id
 * @param reason what is wrong with its properties and how to declare them, one line
 */
public record RefusedHandler(String name, String bundle, long bundleId, long serviceId, String reason) {
}
