package org.sysplug.resource.memory;

import org.sysplug.framework.HotplugException;

/**
 * The settings one request runs with, read from {@link MemoryConfig} when the component is
 * activated or modified.
 *
 * @param onlinePolicy online.policy as configured (checked when a request uses it)
 * @param movableOnly movable.only
 */
record MemorySettings(String onlinePolicy, boolean movableOnly) {

    /** The configuration PID of the memory module's handlers. */
    static final String PID = "org.sysplug.resource.memory";

    static final MemorySettings DEFAULTS = new MemorySettings(OnlinePolicy.ONLINE_MOVABLE.configName(), false);

    static MemorySettings of(MemoryConfig config) {
        return new MemorySettings(config.online_policy(), config.movable_only());
    }

    static MemorySettings of(OnlinePolicy policy, boolean movableOnly) {
        return new MemorySettings(policy.configName(), movableOnly);
    }

    /**
     * The policy, or EINVAL for a value that is none of the four: a typo in the configuration
     * must not decide silently where memory goes.
     */
    OnlinePolicy policy() throws HotplugException {
        OnlinePolicy p = OnlinePolicy.parse(onlinePolicy);
        if (p == null) {
            throw new HotplugException(HotplugException.EINVAL, null, "online.policy '" + onlinePolicy
                    + "' in configuration " + PID + " is not one of " + OnlinePolicy.names()
                    + ": fix the configuration and run the request again");
        }
        return p;
    }
}
