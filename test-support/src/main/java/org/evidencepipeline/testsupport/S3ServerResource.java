package org.evidencepipeline.testsupport;

import org.evidencepipeline.embedded.S3ProxyServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a real S3Proxy server before a {@code @QuarkusTest} boots and hands the storer its endpoint
 * and credentials through the same environment-style keys production uses.
 */
public class S3ServerResource implements QuarkusTestResourceLifecycleManager {
    private S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        s3 = S3ProxyServer.startInTempDir();
        return Map.of(
                "storer.s3.endpoint", s3.endpoint(),
                "storer.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "storer.s3.secret-key", S3ProxyServer.SECRET_KEY);
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
