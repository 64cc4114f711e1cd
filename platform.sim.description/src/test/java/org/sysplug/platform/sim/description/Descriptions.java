package org.sysplug.platform.sim.description;

import java.io.StringReader;

/** Test fixtures: the shipped descriptions and descriptions written inline. */
final class Descriptions {

    private Descriptions() {
    }

    /** A shipped description: default, server-4node, scale-1024. */
    static MachineDescription shipped(String name) {
        try {
            return MachineSource.load(name);
        } catch (DescriptionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static MachineDescription parse(String yaml) throws DescriptionException {
        return MachineDescription.parse("test.yaml", new StringReader(yaml));
    }
}
