package org.sysplug.policy.autoonline;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One node's override of the policy: one component per configuration of the factory PID
 * {@value Policy#NODE_PID}. It only carries the configuration to {@link AutoOnline}, which reads
 * every override together with the defaults, so that one unreadable override stops the whole
 * policy instead of leaving a node to a half-read rule.
 */
@Component(service = NodePolicy.class, configurationPid = Policy.NODE_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodePolicyConfig.class, factory = true)
public final class NodePolicy {

    private final Map<String, Object> properties;

    @Activate
    public NodePolicy(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    Map<String, Object> properties() {
        return properties;
    }
}
