package org.sysplug.framework.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The request queue's settings (PID {@value RequestQueueService#PID}). */
@ObjectClassDefinition(name = "sysplug request queue", description = "One queue, one worker, one request at a time.")
@interface QueueConfig {

    @AttributeDefinition(name = "Capacity", description = "How many requests may wait; a full queue rejects new ones.", min = "1")
    int capacity() default 64;

    @AttributeDefinition(name = "History", description = "How many ended requests are kept for 'requests' and 'request ID'.", min = "1")
    int history() default 256;

    @AttributeDefinition(name = "Departure wait (ms)", description = "How long a departing handler waits for the running request that uses it to end.", min = "0")
    long departure_wait_ms() default 30_000;

    @AttributeDefinition(name = "Default deadline (ms)", description = "How long a request without a deadline of its own may run; 0 for no limit.", min = "0")
    long default_deadline_ms() default 0;

    @AttributeDefinition(name = "Stop wait (ms)", description = "How long stopping the queue waits for the running request to roll back.", min = "0")
    long stop_wait_ms() default 30_000;
}
