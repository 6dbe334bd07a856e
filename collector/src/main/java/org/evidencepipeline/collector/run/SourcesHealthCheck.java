package org.evidencepipeline.collector.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.HealthGroup;
import org.evidencepipeline.collector.CollectorConfig;

/**
 * The {@code /q/health/group/sources} check reports DOWN while any source has been failing for longer than
 * {@code collector.source-failing-after}, naming each with its last error, so an operator sees a silent
 * source before researchers notice a gap.
 */
@HealthGroup("sources")
@ApplicationScoped
public class SourcesHealthCheck implements HealthCheck {
    @Inject
    SourceStatusBoard board;
    @Inject
    CollectorConfig config;

    @Override
    public HealthCheckResponse call() {
        var failing = board.failingLongerThan(config.sourceFailingAfter());
        HealthCheckResponseBuilder b = HealthCheckResponse.named("sources").status(failing.isEmpty())
                .withData("sources", board.all().size())
                .withData("failing", failing.size());
        failing.forEach((id, s) -> b.withData(id, "failing since " + s.failingSince() + ": " + s.lastError()));
        return b.build();
    }
}
