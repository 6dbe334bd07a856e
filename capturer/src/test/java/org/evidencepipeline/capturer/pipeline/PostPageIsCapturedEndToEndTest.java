package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page request on the real broker to a page record on it, through the real recording proxy and the real Chromium of
 * the OS packages, into the real S3 server: every artifact stored under its SHA-256 and indexed, the HTML source byte
 * for byte what the server sent.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class PostPageIsCapturedEndToEndTest {
    static FeedReplayServer site;
    /** Loopback, but outside the test's allow-list (127.0.0.1/32): the proxy must refuse it without connecting. */
    static final String REFUSED_IMAGE = "http://127.0.0.2:81/blocked.png"; // not port 9: Chromium blocks it itself (unsafe port)
    static final byte[] PAGE = ("<!doctype html><html><head><title>Post 42</title></head><body>"
            + "<h1>Post 42</h1><p id=\"text\">served text</p><img src=\"/dot.png\" width=\"40\" height=\"40\">"
            + "<img src=\"" + REFUSED_IMAGE + "\" width=\"10\" height=\"10\">"
            + "<script>document.getElementById('text').textContent = 'changed by script';</script>"
            + "</body></html>").getBytes(StandardCharsets.UTF_8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ArchiveStore store;

    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startSite() throws Exception {
        site = FeedReplayServer.start();
        site.serve("/post/42", PAGE, "text/html; charset=utf-8");
        BufferedImage dot = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                dot.setRGB(x, y, 0xC02020);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(dot, "png", png);
        site.serve("/dot.png", png.toByteArray(), "image/png");
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void aRequestedPageIsCapturedWithEveryArtifactStoredUnderItsHash() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:e2e42", site.url("/post/42"));
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));

        PageArchived record = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(120)).records()
                .stream().filter(x -> request.postId().equals(x.key())).map(x -> codec.read(x.value(), PageArchived.class))
                .findFirst().orElseThrow(() -> new AssertionError("no page record"));

        assertThat(record.outcome()).isInstanceOf(PageCaptureOutcome.Captured.class);
        PageCaptureOutcome.Captured captured = (PageCaptureOutcome.Captured) record.outcome();
        PageProvenance provenance = record.provenance();
        assertThat(captured.captureId()).isEqualTo(request.captureId());
        assertThat(captured.finalUrl()).isEqualTo(request.pageUrl());
        assertThat(captured.artifacts()).extracting(PageArtifact::role).containsExactlyInAnyOrder(PageArtifact.HTML_SOURCE,
                PageArtifact.RENDERED_DOM, PageArtifact.SCREENSHOT, PageArtifact.SCREENSHOT_STAMPED, PageArtifact.WARC);

        // Each artifact is in the archive under its content key, and hashes to what was claimed.
        for (PageArtifact a : captured.artifacts()) {
            byte[] bytes = TestRequests.object(a.objectKey());
            assertThat(a.objectKey()).isEqualTo(ArchiveStore.contentKey(a.sha256()));
            assertThat(Hashes.sha256Hex(bytes)).as(a.role()).isEqualTo(a.sha256());
            assertThat((long) bytes.length).as(a.role()).isEqualTo(a.size());
            assertThat(store.get(ArchiveStore.contentIndexKey(a.sha256(), captured.captureId()))).as("hash index of " + a.role())
                    .map(b -> new String(b, StandardCharsets.UTF_8)).contains(captured.provenanceKey());
        }
        PageArtifact html = provenance.artifact(PageArtifact.HTML_SOURCE).orElseThrow();
        assertThat(html.sha256()).as("the HTML source is what the server sent").isEqualTo(Hashes.sha256Hex(PAGE));
        assertThat(TestRequests.object(html.objectKey())).isEqualTo(PAGE);
        assertThat(new String(TestRequests.object(provenance.artifact(PageArtifact.RENDERED_DOM).orElseThrow().objectKey()),
                StandardCharsets.UTF_8)).contains("changed by script");
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(
                TestRequests.object(provenance.artifact(PageArtifact.SCREENSHOT).orElseThrow().objectKey())));
        assertThat(shot.getWidth()).isEqualTo(1280);
        BufferedImage stamped = ImageIO.read(new ByteArrayInputStream(
                TestRequests.object(provenance.artifact(PageArtifact.SCREENSHOT_STAMPED).orElseThrow().objectKey())));
        assertThat(stamped.getHeight()).as("the header strip is added above the picture").isGreaterThan(shot.getHeight());

        // The post's page index joins the capture to the post version; the provenance on file is the one published.
        assertThat(store.get(ArchiveStore.postPagesIndexKey(request.postId(), 1, captured.captureId())))
                .map(b -> new String(b, StandardCharsets.UTF_8)).contains(ArchiveStore.pageProvenanceKey(captured.captureId()));
        assertThat(codec.read(TestRequests.object(captured.provenanceKey()), PageProvenance.class)).isEqualTo(provenance);
        assertThat(provenance.document().httpStatus()).isEqualTo(200);
        assertThat(provenance.document().resolvedAddress()).isEqualTo("127.0.0.1");
        assertThat(provenance.browser().name()).containsIgnoringCase("chrom");
        assertThat(provenance.browser().sandboxed()).isTrue();
        assertThat(provenance.proxy().requests()).as("page and image at least").isGreaterThanOrEqualTo(2);
        assertThat(provenance.input().topic()).isEqualTo(Topics.PAGES_REQUESTED);
        assertThat(provenance.prov().generated()).hasSize(5);
        assertThat(site.requests("/dot.png")).as("the image was loaded through the proxy").isNotEmpty();
        assertThat(provenance.refused()).as("the subresource on a refused address")
                .anySatisfy(r -> assertThat(r.url()).isEqualTo(REFUSED_IMAGE));
        assertThat(provenance.proxy().refusedRequests()).isGreaterThanOrEqualTo(1);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("capturer_pages_total{outcome=\"captured\"").contains("capturer_page_seconds_count");
    }

    @Test
    void aPageThatNeverFinishesLoadingFailsAndTheNextPageIsCaptured() throws Exception {
        site.serve("/post/hangs", FeedReplayServer.Response.stalling(
                "<!doctype html><html><body><p>never ends".getBytes(StandardCharsets.UTF_8), "text/html", 60_000));
        site.serve("/post/after-hang", "<!doctype html><html><body><p>after the hang</p></body></html>", "text/html");
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested hung = TestRequests.request("telegram:e2ehang", site.url("/post/hangs"));
        PageCaptureRequested next = TestRequests.request("telegram:e2eafter", site.url("/post/after-hang"));
        probe.send(Topics.PAGES_REQUESTED, hung.postId(), codec.write(hung));
        probe.send(Topics.PAGES_REQUESTED, next.postId(), codec.write(next));

        List<PageArchived> records = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().anyMatch(x -> next.postId().equals(x.key())), Duration.ofSeconds(120)).records()
                .stream().filter(x -> x.key().equals(hung.postId()) || x.key().equals(next.postId()))
                .map(x -> codec.read(x.value(), PageArchived.class)).toList();
        assertThat(records).extracting(PageArchived::postId).containsExactly(hung.postId(), next.postId());
        assertThat(records.get(0).outcome()).isInstanceOfSatisfying(PageCaptureOutcome.Failed.class,
                f -> assertThat(f.reason()).containsIgnoringCase("deadline"));
        assertThat(records.get(0).provenance()).isNull();
        assertThat(store.exists(ArchiveStore.pageProvenanceKey(hung.captureId()))).as("nothing claimed for the hung page").isFalse();
        assertThat(records.get(1).outcome()).isInstanceOf(PageCaptureOutcome.Captured.class);
    }

    @Test
    void aPageThatDoesNotExistOnTheServerIsStillCapturedAsServed() throws Exception {
        // The 404 page is what a person would have seen at that URL: evidence too, with its status on record.
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:e2e404", site.url("/post/gone"));
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));
        List<PageArchived> records = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(120)).records()
                .stream().filter(x -> request.postId().equals(x.key())).map(x -> codec.read(x.value(), PageArchived.class)).toList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isInstanceOf(PageCaptureOutcome.Captured.class);
        assertThat(records.get(0).provenance().document().httpStatus()).isEqualTo(404);
    }
}
