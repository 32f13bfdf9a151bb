package io.ecmt.sdk.internal.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecmt.sdk.EcmtEventListener;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.NetworkWait;
import io.ecmt.sdk.OutboxPolicy;
import io.ecmt.sdk.ReconnectPolicy;
import io.ecmt.sdk.transport.Transport;
import io.reactivex.rxjava3.core.Scheduler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Everything {@link io.ecmt.sdk.EcmtModemBuilder} collected. The transport comes from a factory: a
 * supervised modem whose transport closes opens a new one when it is reopenable (serial, TCP, or a
 * user factory); schedulers, mapper and reconnect policy may be null (defaults; no supervisor). */
public record ModemConfig(
    Supplier<Transport> transportFactory,
    boolean transportReopenable,
    ModuleProfile profile,
    EcmtTimeouts timeouts,
    Scheduler sessionScheduler,
    Scheduler callbackScheduler,
    EcmtEventListener listener,
    ObjectMapper objectMapper,
    NetworkWait networkWait,
    Duration networkTimeout,
    int syncAttempts,
    int publishWindow,
    int messageBufferSize,
    Duration guardTime,
    ReconnectPolicy reconnectPolicy,
    OutboxPolicy outboxPolicy,
    Duration deliveryTimeout,
    boolean superviseFirstConnect,
    boolean sequentialMsgIds) {}
