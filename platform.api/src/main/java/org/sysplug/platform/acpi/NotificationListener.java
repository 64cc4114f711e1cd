package org.sysplug.platform.acpi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of firmware notifications (whiteboard: register it as a service). Called from the
 * firmware's thread; implementations submit a request and return.
 */
@ConsumerType
public interface NotificationListener {

    void notify(String path, Notification notification);
}
