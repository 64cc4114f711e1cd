package org.sysplug.platform.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.sysplug.platform.sim.description.ByteSize;
import org.sysplug.platform.sim.description.DescriptionException;
import org.sysplug.platform.sim.description.MachineDescription;

/** Test fixtures: the shipped machines and machines written inline. */
final class Machines {

    static final long MIB = ByteSize.MIB;
    static final long GIB = ByteSize.GIB;

    private Machines() {
    }

    /** A shipped description: default, server-4node, scale-1024. */
    static MachineDescription shipped(String name) {
        String file = name + ".yaml";
        InputStream in = Machines.class.getResourceAsStream("/machines/" + file);
        if (in == null) {
            throw new IllegalArgumentException("no machine " + file);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return MachineDescription.parse(file, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DescriptionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static SimMachine boot(String name) {
        return SimMachine.boot(shipped(name));
    }

    static MachineDescription parse(String yaml) throws DescriptionException {
        return MachineDescription.parse("test.yaml", new StringReader(yaml));
    }

    static SimMachine bootYaml(String yaml) {
        try {
            return SimMachine.boot(parse(yaml));
        } catch (DescriptionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
