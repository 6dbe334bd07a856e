package org.evidencepipeline.messaging.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link Relay} per service: its in-flight bound is shared by all the service's consumers. */
@ApplicationScoped
public class RelayProducer {
    @Produces
    @Singleton
    Relay relay(RelayConfig config) {
        return Relay.of(config);
    }
}
