package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Settings and helpers shared by the proxy tests: loopback 127.0.0.1 is allowed, the rest of 127/8 is not. */
final class ProxyFixture {
    static final String SOFTWARE = "evidence-pipeline-capturer/test";
    /** One per-run CA for the whole test JVM, as in production (generating one costs seconds on a loaded machine). */
    static final ProxyCa CA = ProxyCa.generate();

    private ProxyFixture() {
    }

    static VettedResolver only127001() {
        return new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.1/32")));
    }

    static ProxySettings settings(Path workDir, SSLContext originTls, long maxResponseBytes, long maxSessionBytes, int maxRequests) {
        return new ProxySettings(Duration.ofSeconds(5), Duration.ofSeconds(10), maxResponseBytes, maxSessionBytes, maxRequests,
                workDir, originTls, SOFTWARE);
    }

    static ProxySettings settings(Path workDir) {
        return settings(workDir, defaultTls(), 50L << 20, 200L << 20, 1500);
    }

    static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Every record of a WARC, bodies read into memory, in file order. */
    static List<Read> records(Path warc) throws IOException {
        List<Read> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                out.add(new Read(r, r.body().stream().readAllBytes()));
            }
        }
        return out;
    }

    record Read(WarcRecord record, byte[] block) {
    }
}
