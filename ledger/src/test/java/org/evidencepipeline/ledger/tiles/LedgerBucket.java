package org.evidencepipeline.ledger.tiles;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.UUID;

/**
 * A real S3Proxy (one per test run, shared by the ledger's test classes: it takes seconds to start) and a fresh
 * bucket for each test, injected as an {@link ArchiveStore} or the {@link Server} that holds it.
 */
final class LedgerBucket implements ParameterResolver {
    /** The running server and the bucket of this test. */
    record Server(S3ProxyServer s3, String bucket, ArchiveStore store) {
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == ArchiveStore.class || type == Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Server server = c.getStore(ExtensionContext.Namespace.create(LedgerBucket.class, c.getUniqueId()))
                .getOrComputeIfAbsent("bucket", k -> newBucket(c), Server.class);
        return p.getParameter().getType() == Server.class ? server : server.store();
    }

    private static Server newBucket(ExtensionContext c) {
        S3ProxyServer s3 = c.getRoot().getStore(ExtensionContext.Namespace.create(LedgerBucket.class))
                .getOrComputeIfAbsent("s3", k -> new Running(S3ProxyServer.startInTempDir()), Running.class).s3();
        String bucket = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        ArchiveStore store = new ArchiveStore(client(s3), bucket);
        try {
            store.ensureBucket();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Server(s3, bucket, store);
    }

    static MinioClient client(S3ProxyServer s3) {
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    /** Stops the server when the test run ends. */
    private record Running(S3ProxyServer s3) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            s3.close();
        }
    }
}
