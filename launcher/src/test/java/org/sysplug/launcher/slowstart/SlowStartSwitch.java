package org.sysplug.launcher.slowstart;

import org.osgi.service.component.ComponentContext;

/**
 * Test bundle (SlowCommandIT): enables, in this order, a component that keeps SCR's own thread busy
 * and the command component. {@code enableComponent} is asynchronous, and SCR's thread takes the
 * two in turn: the command registers only once the busy one has activated, well after the
 * framework reached its last start level and without any service event in between.
 */
public final class SlowStartSwitch {

    public void activate(ComponentContext context) {
        context.enableComponent(BusyComponent.NAME);
        context.enableComponent(HelloCommand.NAME);
    }
}
