package org.sysplug.platform.sim.shell;

import org.sysplug.framework.Target;

/**
 * A namespace path an operator typed to a {@code sim} command, checked before anything happens.
 * The Gogo prompt (and most shells) eat an unquoted backslash, so {@code \_SB.MEM2} arrives as
 * {@code _SB.MEM2}: the simulator would take that for the device, but the request the firmware
 * submits names {@code \_SB.MEM2}, and the command would wait for a request on a path no request
 * names. Refused at once instead, with the hint {@code sysplug:eject} gives (it is
 * {@link Target}'s), and given back in its canonical spelling so that the request is found.
 */
final class FirmwarePathArgument {

    private FirmwarePathArgument() {
    }

    /**
     * The canonical path ({@code \_sb.nod1} becomes {@code \_SB.NOD1}).
     *
     * @throws IllegalArgumentException naming the argument and what to type instead
     */
    static String require(String typed) {
        Target target = Target.of(typed); // a path without its backslash: "type '\_SB.MEM2'"
        if (!target.isFirmwarePath()) {
            throw new IllegalArgumentException("'" + typed + "' is not a namespace path: name the device or container by"
                    + " its path, quoted at the prompt as in '\\_SB.NOD1' ('sysplug:topology' lists them)");
        }
        return target.name();
    }

    /**
     * A fault target as typed, once it is not a namespace path missing its backslash. Other
     * targets ({@code cpu5}, {@code *}) the simulator checks itself.
     *
     * @throws IllegalArgumentException for {@code _SB.NOD1}, with the hint to quote {@code '\_SB.NOD1'}
     */
    static String checkFaultTarget(String typed) {
        String t = typed.trim();
        boolean pathLike = t.startsWith("\\") || t.startsWith("_") || t.contains(".");
        return pathLike ? require(t) : typed;
    }
}
