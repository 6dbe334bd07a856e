package org.evidencepipeline.capturer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.util.Map;

/** A real S3Proxy server for a {@code @QuarkusTest} of the capturer, given through its own setting names. */
public class CapturerS3Resource implements QuarkusTestResourceLifecycleManager {
    private S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        s3 = S3ProxyServer.startInTempDir();
        return Map.of(
                "capturer.s3.endpoint", s3.endpoint(),
                "capturer.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "capturer.s3.secret-key", S3ProxyServer.SECRET_KEY);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(s3, new TestInjector.MatchesType(S3ProxyServer.class));
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
