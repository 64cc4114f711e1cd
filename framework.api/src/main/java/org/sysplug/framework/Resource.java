package org.sysplug.framework;

/**
 * A typed resource recorded in a request: what a firmware module describes and the resource
 * modules bring online or take offline. Modules share data only through these.
 */
public interface Resource {

    /** The device that holds this resource, as an operator names it. */
    String device();
}
