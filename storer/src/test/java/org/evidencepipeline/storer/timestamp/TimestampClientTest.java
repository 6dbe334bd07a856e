package org.evidencepipeline.storer.timestamp;

import org.evidencepipeline.embedded.LocalTsaServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.evidencepipeline.archive.timestamp.TimestampClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampClientTest {
    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void tokenFromARealTsaVerifiesForTheDocumentAndNotForAnAlteredOne() throws Exception {
        byte[] document = "{\"captureId\":\"x\",\"sha256\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
        try (LocalTsaServer tsa = LocalTsaServer.start()) {
            byte[] token = new TimestampClient(URI.create(tsa.url()), Duration.ofSeconds(5)).stamp(sha256(document));

            TimestampCheck.Result ok = TimestampCheck.check(token, document);
            assertThat(ok.valid()).isTrue();
            assertThat(ok.tsa()).contains("Local test TSA");
            assertThat(ok.time()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

            byte[] altered = "{\"captureId\":\"x\",\"sha256\":\"cd\"}".getBytes(StandardCharsets.UTF_8);
            TimestampCheck.Result bad = TimestampCheck.check(token, altered);
            assertThat(bad.valid()).isFalse();
            assertThat(bad.detail()).contains("changed after it was time-stamped");
        }
    }

    @Test
    void garbageTokenIsInvalidNotACrash() {
        TimestampCheck.Result r = TimestampCheck.check(new byte[]{1, 2, 3}, new byte[0]);
        assertThat(r.valid()).isFalse();
        assertThat(r.detail()).startsWith("invalid time-stamp token");
    }

    @Test
    void unreachableTsaIsAClearError() {
        TimestampClient client = new TimestampClient(URI.create("http://127.0.0.1:9/tsa"), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.stamp(new byte[32]))
                .isInstanceOf(TimestampClient.TimestampException.class)
                .hasMessageContaining("cannot time-stamp with http://127.0.0.1:9/tsa");
    }
}
