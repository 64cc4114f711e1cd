package org.sysplug.examples.reservedcpus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The setting of {@link ReservedCpus}: ConfigAdmin PID {@value ReservedCpus#PID}. */
@ObjectClassDefinition(id = ReservedCpus.PID, name = "Reserved CPUs",
        description = "CPUs that no request may take offline (an offline, or a hot-remove of what holds them), "
                + "such as the housekeeping CPUs of a partitioned machine.")
@interface ReservedCpusConfig {

    @AttributeDefinition(name = "CPUs", description = "The reserved CPUs as a util-linux list, as lscpu and "
            + "chcpu print them (0-1,4); empty reserves none. A list that cannot be read refuses every offline "
            + "of a CPU until it is fixed.")
    String cpus() default ReservedCpus.DEFAULT_CPUS;
}
