package org.sysplug.framework.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The request queue's settings (PID {@value RequestQueueService#PID}). */
@ObjectClassDefinition(name = "sysplug request queue", description = "One queue, one worker, one request at a time.")
@interface QueueConfig {

    @AttributeDefinition(name = "Capacity", description = "How many requests may wait, 1 or more; a full queue rejects new ones.", min = "1")
    int capacity() default 64;

    @AttributeDefinition(name = "History", description = "How many ended requests are kept for 'requests' and 'request ID', 1 or more.", min = "1")
    int history() default 256;

    @AttributeDefinition(name = "Departure wait (ms)", description = "How long a departing handler waits for the running request that uses it to end, 0 or more.", min = "0")
    long departure_wait_ms() default 30_000;

    @AttributeDefinition(name = "Default deadline (ms)", description = "How long a request without a deadline of its own may run, 0 or more; 0 for no limit.", min = "0")
    long default_deadline_ms() default 0;

    @AttributeDefinition(name = "Handler timeout (ms)", description = "How long one handler call may run before it is interrupted and its request rolled back, 0 or more; 0 for no limit. Commit calls cannot be interrupted: past it they count as stuck.", min = "0")
    long handler_timeout_ms() default 0;

    @AttributeDefinition(name = "Stuck after (ms)", description = "How long a handler call may go on after its request was stopped (cancel, deadline, timeout) before the queue calls it stuck and refuses new requests until it returns; 1 or more.", min = "1")
    long stuck_after_ms() default 10_000;

    @AttributeDefinition(name = "Stop wait (ms)", description = "How long stopping the queue waits for the running request to roll back, 0 or more.", min = "0")
    long stop_wait_ms() default 30_000;
}
