package org.evidencepipeline.embedded;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class S3ProxyServerTest {
    @Test
    void storesObjectsThroughTheMinioSdkAndKeepsThemAcrossAnOutage(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            client.makeBucket(MakeBucketArgs.builder().bucket("probe").build());
            byte[] bytes = "evidence".getBytes();
            client.putObject(PutObjectArgs.builder().bucket("probe").object("a/b.txt")
                    .data(bytes, bytes.length).build());

            s3.stop();
            assertThat(s3.isRunning()).isFalse();
            s3.start();

            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("probe").build())).isTrue();
            try (var in = client.getObject(GetObjectArgs.builder().bucket("probe").object("a/b.txt").build())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            assertThat(Files.readAllBytes(s3.blobDir().resolve("probe/a/b.txt"))).isEqualTo(bytes);
        }
    }
}
