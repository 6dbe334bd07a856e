package org.evidencepipeline.storer.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.evidencepipeline.ledger.service.LedgerAppender;

import java.util.Optional;

/**
 * Ready while the ledger writer runs and is not stuck retrying storage; reports each owned shard's tree size and last
 * checkpoint size. Up (with {@code enabled=false}) when the ledger is off.
 */
@Readiness
@ApplicationScoped
public class LedgerHealthCheck implements HealthCheck {
    @Inject
    LedgerStage stage;

    @Override
    public HealthCheckResponse call() {
        Optional<LedgerAppender> appender = stage.appender();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("ledger-writer");
        if (appender.isEmpty()) {
            return b.up().withData("enabled", false).build();
        }
        LedgerAppender.Status s = appender.get().status();
        b.withData("enabled", true);
        s.shards().forEach((shard, state) -> b.withData("shard-" + shard,
                state.size() + " entries, checkpointed to " + state.checkpointSize()));
        if (s.lastFailure() != null) {
            b.withData("last-failure", s.lastFailure());
        }
        if (!s.running()) {
            return b.down().withData("error", "stopped").build();
        }
        if (s.retrying() != null) {
            return b.down().withData("error", "retrying " + s.retrying()).build();
        }
        return b.up().build();
    }
}
