package org.evidencepipeline.messaging.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code pipeline.relay.*}: each service documents its values in its application.properties. */
@ConfigMapping(prefix = "pipeline.relay")
public interface RelayConfig {
    /**
     * Outputs handed to the producer and not yet acknowledged by the broker, at most, across this service's
     * consumers. A record whose outputs would pass it waits before it is processed further: the bound on memory and
     * on what a restart has to redo. Keep it below each Kafka channel's {@code max-inflight-messages} (1,024 by
     * default): the channel then always takes what an emitter is given, and the emitter's own buffer never fills.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * {@code true}: each record waits for its outputs' acknowledgement before the next one is processed, one record in
     * flight per consumer (the behaviour before #17: a broker round trip per record, and no batches to the broker).
     */
    @WithDefault("false")
    boolean awaitOutputs();
}
