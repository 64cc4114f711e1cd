package org.sysplug.platform.acpi;

/**
 * What a device's {@code _CRS} (or, for a processor, {@code _MAT}) describes.
 */
public sealed interface AcpiResource permits AcpiResource.Processor, AcpiResource.MemoryRange {

    /** A processor's local APIC id. */
    record Processor(long apicId) implements AcpiResource {
    }

    /** A range of physical memory. */
    record MemoryRange(long start, long length) implements AcpiResource {
    }
}
