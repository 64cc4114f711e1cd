package org.sysplug.doctor;

import java.util.List;

import org.sysplug.framework.HotplugRequest;
import org.sysplug.platform.Topology;

/**
 * What a check looks at: one view of the machine, and the requests the operator plans (a planned
 * hot-add, "can I unplug node1?"), which may be none.
 *
 * @param machine the machine at the start of the examination; every check sees the same one
 * @param planned the requests the operator asks about, in the order given
 */
public record Examination(Topology machine, List<HotplugRequest> planned) {

    public Examination {
        planned = List.copyOf(planned);
    }
}
