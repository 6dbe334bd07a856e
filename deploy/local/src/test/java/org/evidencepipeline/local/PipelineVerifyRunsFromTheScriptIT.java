package org.evidencepipeline.local;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pipeline verify} and {@code verify --ledger} as a user types them, through the real script and the storer's
 * build, against a real S3 server: the script's classpath holds everything the verifier loads (it once lacked the
 * logging library the archive index needs, and every verify died before it read a byte).
 */
class PipelineVerifyRunsFromTheScriptIT {
    private final Path home = Path.of(System.getProperty("pipeline.home", "../..")).toAbsolutePath().normalize();

    @Test
    void verifyAndTheLedgerAuditRunAndSayWhatTheyFoundInAnEmptyArchive(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "evidence-archive").ensureBucket();
            Map<String, String> env = Map.of("STORER_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY, "STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);

            try (PipelineCommand all = PipelineCommand.startWith(env, home, dir.resolve("all.txt"), "verify", "--endpoint", s3.endpoint(),
                    "--bucket", "evidence-archive", "--all")) {
                int exit = all.awaitExit(Duration.ofSeconds(120));
                assertThat(all.output()).doesNotContain("Exception").contains("archive: 0 OK, 0 MISMATCH, 0 MISSING");
                assertThat(exit).as("nothing archived is no success").isEqualTo(1);
            }
            try (PipelineCommand ledger = PipelineCommand.startWith(env, home, dir.resolve("ledger.txt"), "verify", "--endpoint",
                    s3.endpoint(), "--bucket", "evidence-archive", "--ledger")) {
                int exit = ledger.awaitExit(Duration.ofSeconds(120));
                assertThat(ledger.output()).doesNotContain("Exception");
                assertThat(exit).as(ledger.output()).isEqualTo(1);
            }
        }
    }
}
