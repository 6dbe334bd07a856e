package org.evidencepipeline.capturer.capture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether pages are being captured. Always up: without Chromium the capturer still answers every request (skipped,
 * with the reason), so restarting it would not help; the data says which, for an operator.
 */
@Readiness
@ApplicationScoped
public class BrowserHealthCheck implements HealthCheck {
    @Inject
    PageCapturer capturer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("page-capture").up()
                .withData("browser", capturer.browserAvailable() ? "on" : "off")
                .withData("reason", capturer.skipReason().orElse("")).build();
    }
}
