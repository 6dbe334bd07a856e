package org.evidencepipeline.capturer;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import org.eclipse.microprofile.config.ConfigProvider;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** Page capture requests as the collector publishes them, and the test archive. */
public final class TestRequests {
    private TestRequests() {
    }

    public static PageCaptureRequested request(String postId, String pageUrl) {
        return new PageCaptureRequested(PageCaptureRequested.SCHEMA_VERSION, postId, 1, "telegram", pageUrl,
                List.of("kharkiv"), 60, Instant.parse("2026-12-02T01:00:00Z"), new ToolInfo("collector", "test", "0000"));
    }

    public static MinioClient s3() {
        return MinioClient.builder().endpoint(ConfigProvider.getConfig().getValue("capturer.s3.endpoint", String.class))
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    public static byte[] object(String key) throws Exception {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket("evidence-archive").object(key).build())) {
            return in.readAllBytes();
        }
    }
}
