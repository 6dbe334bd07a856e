package org.evidencepipeline.download;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.testsupport.RawHttpServer;
import org.evidencepipeline.testsupport.RawHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deadline per capture, redirects included: hops that each stay under the per-hop timeouts cannot add up past it,
 * and a body dripped a byte at a time (never silent long enough for the read timeout) is cut at it too.
 */
class CaptureDeadlineSpansRedirectsTest {
    /** Read timeout 2 s (each hop and each drip stays under it), total 3 s. */
    private static final SafeDownloader.Limits LIMITS = new SafeDownloader.Limits(1 << 20, Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(3), 5, "test-storer");

    private final RawHttpServer server = RawHttpServer.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private SafeDownloader downloader() {
        return new SafeDownloader(new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))), SafeDownloader.HostResolver.SYSTEM,
                LIMITS, Clock.systemUTC());
    }

    /** Four redirects of 0.6 s each, then a 100-byte body at 50 ms a byte: 7.4 s if each hop had its own limit. */
    private void slowDripAcrossRedirects() {
        for (int i = 1; i <= 4; i++) {
            server.serve("/hop/" + i, Reply.redirect(302, i < 4 ? "/hop/" + (i + 1) : "/drip.bin").delayed(600));
        }
        server.serve("/drip.bin", Reply.ok(new byte[100], "application/octet-stream").dripping(50));
    }

    @Test
    void aSlowDripAcrossRedirectsIsCutAtTheTotalDeadline() {
        slowDripAcrossRedirects();
        long started = System.nanoTime();
        DownloadResult result = downloader().download(server.url("/hop/1"), dir.resolve("a.part"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class, f -> {
            assertThat(f.reason()).startsWith("capture deadline of 3000 ms (redirects included) passed after 4 redirect(s)");
            assertThat(f.redirects()).hasSize(4);
        });
        assertThat(millis).isBetween(2_900L, 4_000L);
        assertThat(dir.resolve("a.part")).doesNotExist();
    }

    @Test
    void aShorterBudgetFromThePostCutsTheCaptureEarlier() {
        slowDripAcrossRedirects();
        long started = System.nanoTime();
        DownloadResult result = downloader().download(server.url("/hop/1"), dir.resolve("b.part"), Duration.ofMillis(1_200));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class,
                f -> assertThat(f.reason()).startsWith("capture deadline of 1200 ms (redirects included) passed after 1 redirect(s)"));
        assertThat(millis).isBetween(1_150L, 2_000L);
    }

    @Test
    void aUrlThatJavaNetUriRejectsAndARedirectToOneAreFetched() {
        byte[] jpeg = TestImages.jpeg(60, 40, 2);
        server.serve("/m.jpg?q={x}|y", Reply.ok(jpeg, "image/jpeg"));
        server.serve("/to-pipe", Reply.redirect(302, "/m.jpg?q={x}|y"));

        DownloadResult direct = downloader().download(server.url("/m.jpg?q={x}|y"), dir.resolve("c.part"));
        DownloadResult redirected = downloader().download(server.url("/to-pipe"), dir.resolve("d.part"));

        assertThat(direct).isInstanceOfSatisfying(DownloadResult.Fetched.class, f -> assertThat(f.size()).isEqualTo(jpeg.length));
        assertThat(redirected).isInstanceOfSatisfying(DownloadResult.Fetched.class,
                f -> assertThat(f.fetchedUrl()).isEqualTo(server.url("/m.jpg?q={x}|y")));
        assertThat(server.targets()).containsExactly("/m.jpg?q={x}|y", "/to-pipe", "/m.jpg?q={x}|y");
    }
}
