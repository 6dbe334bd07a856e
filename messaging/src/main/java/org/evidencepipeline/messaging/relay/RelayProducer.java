package org.evidencepipeline.messaging.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * One {@link Relay} per service: its in-flight bound is shared by all the service's consumers. Its outputs waiting for
 * the broker are the gauge {@code pipeline_relay_in_flight} (against {@code pipeline_relay_max_in_flight}): a gauge
 * pinned at the maximum means the broker is slower than the stage, and the consumers wait.
 */
@ApplicationScoped
public class RelayProducer {
    @Produces
    @Singleton
    Relay relay(RelayConfig config, MeterRegistry metrics) {
        Relay relay = Relay.of(config);
        Gauge.builder("pipeline.relay.in.flight", relay, Relay::inFlight)
                .description("outputs handed to the producer and not yet acknowledged by the broker").register(metrics);
        Gauge.builder("pipeline.relay.max.in.flight", config, c -> c.maxInFlight())
                .description("pipeline.relay.max-in-flight").register(metrics);
        return relay;
    }
}
