package org.evidencepipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageArchived;
import org.evidencepipeline.contracts.PageArtifact;
import org.evidencepipeline.contracts.PageCaptureOutcome;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four services as separate JVMs (their real Quarkus builds) against the real embedded KRaft broker
 * and the real S3 server, fed by the bundled demo feed: every post ends in the archive, and every stored
 * object holds exactly the bytes the feed served, with a provenance record that says so; each post's page, served on
 * loopback, is captured in a real Chromium (where it is installed) with its screenshot in the archive; and the demo's
 * HLS video is archived part by part, muxed with the real ffmpeg where it is installed.
 */
class PipelineEndToEndIT {
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    /** Two owner-only token files, one per role; each service reads them: the reader reads, only the admin changes. */
    private void rolesAreWiredFromTheOwnerOnlyTokenFiles(LocalPipeline pipeline) throws Exception {
        for (Path file : List.of(pipeline.adminTokenFile(), pipeline.readerTokenFile())) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(Files.readString(pipeline.adminTokenFile()).strip()).isEqualTo(pipeline.adminToken());
        assertThat(Files.readString(pipeline.readerTokenFile()).strip()).isEqualTo(pipeline.readerToken())
                .isNotEqualTo(pipeline.adminToken());
        assertThat(status(pipeline, "collector", "/collections", pipeline.readerToken())).isEqualTo(403);
        assertThat(status(pipeline, "collector", "/collections", pipeline.adminToken())).isEqualTo(200);
        assertThat(status(pipeline, "collector", "/collections", null)).isEqualTo(401);
        assertThat(status(pipeline, "storer", "/verify/collections/none", pipeline.readerToken())).isEqualTo(200);
        assertThat(status(pipeline, "storer", "/verify/collections/none", pipeline.adminToken())).isEqualTo(200);
        assertThat(status(pipeline, "enricher", "/feeds/Bad%20Id/stream", pipeline.readerToken())).as("past the filter").isEqualTo(400);
    }

    private int status(LocalPipeline pipeline, String service, String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(pipeline.running(service).url() + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void everyDemoPostIsArchivedWithTheServedBytesAndTruthfulProvenance(@TempDir Path dataDir) throws Exception {
        Path home = Path.of(System.getProperty("pipeline.home", "../..")).toAbsolutePath().normalize();
        try (DemoFeed feed = DemoFeed.start()) {
            Path collections = Files.writeString(dataDir.resolve("collections.yaml"), feed.collectionsYaml());
            // The storer logs as JSON (the ops option), so the test can also check what a log shipper would get.
            LocalPipeline.Settings settings = new LocalPipeline.Settings(home, dataDir, collections, List.of("127.0.0.0/8"), 3,
                    LocalPipeline.Settings.defaultHeaps(), Map.of("storer", Map.of("quarkus.log.console.json.enabled", "true")), null);
            try (LocalPipeline pipeline = new LocalPipeline(settings, System.out::println)) {
                pipeline.start();
                TopicProbe probe = new TopicProbe(pipeline.bootstrapServers());
                rolesAreWiredFromTheOwnerOnlyTokenFiles(pipeline);

                List<PostArchived> archived = probe.readUntil(Topics.POSTS_ARCHIVED,
                                r -> r.stream().map(TopicProbe.Read::key).distinct().count() >= feed.postCount(), Duration.ofSeconds(120))
                        .records().stream().map(r -> codec.read(r.value(), PostArchived.class)).toList();
                Map<String, PostArchived> byPost = archived.stream()
                        .collect(Collectors.toMap(PostArchived::postId, a -> a, (a, b) -> a));
                assertThat(byPost).hasSize(feed.postCount());

                Map<String, String> collectedTraceparents = probe.readAll(Topics.POSTS_COLLECTED).stream()
                        .collect(Collectors.toMap(TopicProbe.Read::key, r -> String.valueOf(r.header("traceparent")), (a, b) -> a));
                MinioClient s3 = MinioClient.builder().endpoint(pipeline.s3().endpoint())
                        .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
                Map<String, byte[]> served = feed.media();
                int storedOrDuplicate = 0;
                Set<String> traceIds = new HashSet<>();
                for (PostArchived record : byPost.values()) {
                    assertThat(record.bucket()).isEqualTo(LocalPipeline.BUCKET);
                    // The post itself is in the archive as the exact enriched event, and its hash is recorded.
                    assertThat(sha256(read(s3, record.postObjectKey()))).isEqualTo(record.postSha256());
                    for (CaptureOutcome c : record.captures()) {
                        if (c instanceof CaptureOutcome.Refused r) {
                            assertThat(r.mediaUrl()).startsWith("http://169.254.169.254/");
                            continue;
                        }
                        if (c.mediaUrl().equals(feed.videoStreamUrl())) {
                            // The video post's enclosure, where the storer keeps it as a plain media file too: the
                            // playlist exactly as served. The stream itself is the capturer's (below).
                            assertThat(c).isInstanceOfAny(CaptureOutcome.Stored.class, CaptureOutcome.Duplicate.class);
                            String playlistSha = c instanceof CaptureOutcome.Stored s ? s.sha256() : ((CaptureOutcome.Duplicate) c).sha256();
                            assertThat(playlistSha).isEqualTo(sha256(feed.videoParts().get(feed.videoStreamUrl())));
                            continue;
                        }
                        String name = c.mediaUrl().substring(c.mediaUrl().lastIndexOf('/') + 1);
                        byte[] original = served.get(name);
                        assertThat(original).as("served by the demo feed: " + c.mediaUrl()).isNotNull();
                        String objectKey;
                        String provenanceKey;
                        String sha;
                        if (c instanceof CaptureOutcome.Stored s) {
                            objectKey = s.objectKey();
                            provenanceKey = s.provenanceKey();
                            sha = s.sha256();
                        } else {
                            CaptureOutcome.Duplicate d = (CaptureOutcome.Duplicate) c;
                            objectKey = d.objectKey();
                            provenanceKey = d.provenanceKey();
                            sha = d.sha256();
                        }
                        storedOrDuplicate++;
                        assertThat(sha).isEqualTo(sha256(original));
                        assertThat(read(s3, objectKey)).isEqualTo(original);
                        ProvenanceRecord provenance = codec.read(read(s3, provenanceKey), ProvenanceRecord.class);
                        assertThat(provenance.sha256()).isEqualTo(sha256(original));
                        assertThat(provenance.size()).isEqualTo(original.length);
                        assertThat(provenance.mediaUrl()).isEqualTo(c.mediaUrl());
                        assertThat(provenance.fetchedUrl()).isEqualTo(feed.mediaUrl(name));
                        assertThat(provenance.objectKey()).isEqualTo(objectKey);
                        assertThat(provenance.postId()).isEqualTo(record.postId());
                        assertThat(provenance.httpStatus()).isEqualTo(200);
                        assertThat(provenance.input().topic()).isEqualTo(Topics.POSTS_ENRICHED);
                        assertThat(provenance.tool().name()).isEqualTo("storer");
                        assertThat(provenance.startedAt()).isBeforeOrEqualTo(provenance.endedAt());
                        // One post, one trace: the trace the collector started is the one the storer recorded.
                        assertThat(provenance.traceId()).as("trace id of " + record.postId()).matches("[0-9a-f]{32}");
                        assertThat(collectedTraceparents.get(record.postId())).contains(provenance.traceId());
                        traceIds.add(provenance.traceId());
                    }
                }
                assertThat(storedOrDuplicate).isEqualTo(6);
                postsThatPointAtTheirSourceBytesPointAtTheFeedTheServerSent(pipeline, s3, probe, byPost.values(), feed);
                everyDemoPostsPageIsCapturedWithAScreenshotInTheArchive(pipeline, s3, probe, byPost, feed);
                theDemoVideoIsArchivedWholeEachPartHashedAndMuxedWhereFfmpegIs(s3, probe, byPost, feed);

                Map<String, String> languages = probe.readAll(Topics.POSTS_ENRICHED).stream()
                        .map(r -> codec.read(r.value(), PostEnriched.class))
                        .collect(Collectors.toMap(e -> guid(e.postId()), e -> e.language().code(), (a, b) -> a));
                assertThat(languages).containsEntry("demo-1001", "uk").containsEntry("demo-1002", "ru")
                        .containsEntry("demo-1004", "be").containsEntry("demo-1005", "ar")
                        .containsEntry("demo-1006", "en").containsEntry("demo-1008", "und");
                assertThat(byPost.values().stream().filter(a -> guid(a.postId()).equals("demo-1001")).findFirst().orElseThrow()
                        .collectionIds()).containsExactlyInAnyOrder("kharkiv-watch", "demo-wire-all");

                List<TopicProbe.Read> dead = probe.readUntil(Topics.DEAD_LETTER_STORER, r -> !r.isEmpty(), Duration.ofSeconds(20)).records();
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).header("dead-letter-reason")).contains("169.254.169.254");

                // JSON logs: every line one object with the fields a shipper indexes, and the lines written while a
                // post was handled carry its trace id. Which post's handling logs first is a matter of timing (often
                // the first download's "may reach internal networks" line), so the line may carry the trace of any
                // collected post, not only of one with stored media. "started in" may come after the consumers'
                // first lines, so the file is read until both are in.
                Set<String> collectedTraceIds = collectedTraceparents.values().stream()
                        .map(tp -> tp.split("-"))
                        .filter(parts -> parts.length == 4)
                        .map(parts -> parts[1])
                        .collect(Collectors.toSet());
                assertThat(collectedTraceIds).containsAll(traceIds);
                Path storerLog = dataDir.resolve("logs/storer.log");
                Eventually.until(() -> {
                    try {
                        List<JsonNode> sofar = readJsonLines(json, storerLog);
                        return sofar.stream().anyMatch(l -> collectedTraceIds.contains(l.path("mdc").path("traceId").asText()))
                                && sofar.stream().anyMatch(l -> l.path("message").asText().contains("started in"));
                    } catch (RuntimeException halfWrittenLine) {
                        return false; // read again: the last line was still being written
                    }
                }, Duration.ofSeconds(30));
                List<JsonNode> lines = readJsonLines(json, storerLog);
                assertThat(lines).isNotEmpty().allSatisfy(l -> {
                    assertThat(l.path("timestamp").asText()).isNotBlank();
                    assertThat(l.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL");
                    assertThat(l.path("loggerName").asText()).isNotBlank();
                    assertThat(l.has("message")).isTrue();
                });
                assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).contains("started in"));
                assertThat(lines).anySatisfy(l -> assertThat(l.path("mdc").path("traceId").asText()).isIn(collectedTraceIds));
            }
        }
    }

    /**
     * Each post that carries source evidence (as collected, and in its archive record) names a fetch WARC that is in the
     * bucket, whose payload is the feed as the demo server sent it and whose item range is one {@code <item>} of it.
     * Sources whose adapter records no raw item yet carry none; what the demo prints for them is
     * {@link SummaryShowsWhereAPostsSourceBytesAreTest}'s subject.
     */
    private void postsThatPointAtTheirSourceBytesPointAtTheFeedTheServerSent(LocalPipeline pipeline, MinioClient s3, TopicProbe probe,
                                                                             java.util.Collection<PostArchived> archived, DemoFeed feed) throws Exception {
        byte[] servedFeed = feed.feedXml().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<org.evidencepipeline.contracts.SourceEvidence> sources = new ArrayList<>();
        for (TopicProbe.Read r : probe.readAll(Topics.POSTS_COLLECTED)) {
            var source = codec.read(r.value(), org.evidencepipeline.contracts.PostCollected.class).source();
            if (source != null) {
                sources.add(source);
            }
        }
        for (PostArchived a : archived) {
            if (a.postProvenance() != null && a.postProvenance().source() != null) {
                sources.add(a.postProvenance().source());
                assertThat(a.postProvenance().postId()).isEqualTo(a.postId());
            }
        }
        for (var source : sources) {
            // Durable before the post was published: the object is there, read through S3 as anyone would.
            assertThat(read(s3, source.warcKey())).isNotEmpty();
            assertThat(WarcItemCheck.check(pipeline.archiveDir(), source).status()).as(source.warcKey()).isEqualTo("OK");
            assertThat(source.bodySha256()).isEqualTo(sha256(servedFeed));
            byte[] item = java.util.Arrays.copyOfRange(servedFeed, (int) source.itemOffset(), (int) (source.itemOffset() + source.itemLength()));
            assertThat(sha256(item)).isEqualTo(source.itemSha256());
            assertThat(new String(item, java.nio.charset.StandardCharsets.UTF_8)).startsWith("<item").endsWith("</item>");
        }
        System.out.println(sources.size() + " source evidence pointers (collected and archived) checked against the served feed");
    }

    /**
     * Beside the feed path, each demo post's page ends in one record on {@code pages.archived.v1} for the archived
     * version. With Chromium here: captured, from the page the demo server sent (the HTML source's SHA-256 is that of the
     * served bytes), its rendered DOM showing the script's change, a screenshot object that is a PNG with those bytes,
     * and the provenance and the post's page index in the bucket. Without Chromium: skipped, saying so.
     */
    private void everyDemoPostsPageIsCapturedWithAScreenshotInTheArchive(LocalPipeline pipeline, MinioClient s3, TopicProbe probe,
                                                                         Map<String, PostArchived> byPost, DemoFeed feed) throws Exception {
        List<PageArchived> records = probe.readUntil(Topics.PAGES_ARCHIVED,
                        r -> r.stream().map(TopicProbe.Read::key).distinct().count() >= byPost.size(), Duration.ofSeconds(240))
                .records().stream().map(r -> codec.read(r.value(), PageArchived.class)).toList();
        Map<String, PageArchived> pages = records.stream().collect(Collectors.toMap(PageArchived::postId, a -> a, (a, b) -> b));
        assertThat(pages.keySet()).as("one page record per demo post").isEqualTo(byPost.keySet());
        Map<String, byte[]> served = feed.pages();
        Set<String> pageUrls = new HashSet<>();
        for (PageArchived page : pages.values()) {
            PostArchived post = byPost.get(page.postId());
            assertThat(page.postVersion()).isEqualTo(post.postVersion());
            assertThat(page.collectionIds()).containsExactlyInAnyOrderElementsOf(post.collectionIds());
            String pageUrl = page.outcome().pageUrl();
            assertThat(served).as("a demo post's link").containsKey(pageUrl);
            pageUrls.add(pageUrl);
            if (pipeline.chromium().isEmpty()) {
                assertThat(page.outcome()).isInstanceOf(PageCaptureOutcome.Skipped.class);
                assertThat(((PageCaptureOutcome.Skipped) page.outcome()).reason()).contains("Chromium");
                continue;
            }
            assertThat(page.outcome()).as(page.postId() + ": " + page.outcome()).isInstanceOf(PageCaptureOutcome.Captured.class);
            PageCaptureOutcome.Captured captured = (PageCaptureOutcome.Captured) page.outcome();
            assertThat(captured.finalUrl()).isEqualTo(pageUrl);
            Map<String, PageArtifact> artifacts = captured.artifacts().stream()
                    .collect(Collectors.toMap(PageArtifact::role, a -> a));
            assertThat(artifacts).containsKeys(PageArtifact.HTML_SOURCE, PageArtifact.RENDERED_DOM, PageArtifact.SCREENSHOT,
                    PageArtifact.SCREENSHOT_STAMPED, PageArtifact.WARC);
            for (PageArtifact a : artifacts.values()) {
                assertThat(sha256(read(s3, a.objectKey()))).as(a.role() + " object holds what its hash says").isEqualTo(a.sha256());
            }
            assertThat(artifacts.get(PageArtifact.HTML_SOURCE).sha256()).as("the HTML source is what the server sent")
                    .isEqualTo(sha256(served.get(pageUrl)));
            assertThat(new String(read(s3, artifacts.get(PageArtifact.RENDERED_DOM).objectKey()), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(DemoPages.RENDERED_TEXT);
            byte[] png = read(s3, artifacts.get(PageArtifact.SCREENSHOT).objectKey());
            java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(picture).as("the screenshot decodes as an image").isNotNull();
            assertThat(picture.getWidth()).isPositive();
            assertThat(Files.isRegularFile(pipeline.archiveDir().resolve(artifacts.get(PageArtifact.SCREENSHOT).objectKey())))
                    .as("the file the summary points a user at").isTrue();
            PageProvenance provenance = codec.read(read(s3, captured.provenanceKey()), PageProvenance.class);
            assertThat(provenance.captureId()).isEqualTo(captured.captureId());
            assertThat(provenance.postId()).isEqualTo(page.postId());
            assertThat(provenance.artifacts()).containsExactlyInAnyOrderElementsOf(captured.artifacts());
            assertThat(new String(read(s3, org.evidencepipeline.archive.ArchiveStore.postPagesIndexKey(page.postId(), page.postVersion(),
                    captured.captureId())), java.nio.charset.StandardCharsets.UTF_8).strip()).isEqualTo(captured.provenanceKey());
        }
        assertThat(pageUrls).as("each post its own page").hasSize(byPost.size());
        assertThat(probe.readAll(Topics.DEAD_LETTER_CAPTURER)).isEmpty();
        System.out.println(pages.size() + " page records checked, " + (pipeline.chromium().isPresent() ? "captured in Chromium" : "skipped (no Chromium)"));
    }

    /**
     * The demo's video post: the collector asked for its HLS stream, and the capturer archived every part (both
     * playlists exactly as served, both segments) content-addressed with hashes that match the served bytes, one
     * provenance record listing them in order with their sum, the post-videos index pointing at it, and, where ffmpeg
     * is installed, one muxed MP4 derived from every part that ffprobe reads as video and audio of the playlist's length.
     */
    private void theDemoVideoIsArchivedWholeEachPartHashedAndMuxedWhereFfmpegIs(MinioClient s3, TopicProbe probe,
                                                                              Map<String, PostArchived> byPost, DemoFeed feed) throws Exception {
        PostArchived post = byPost.values().stream().filter(a -> guid(a.postId()).equals("demo-1009")).findFirst().orElseThrow();
        List<org.evidencepipeline.contracts.VideoCaptureRequested> requests = probe.readUntil(Topics.VIDEOS_REQUESTED,
                        r -> !r.isEmpty(), Duration.ofSeconds(60)).records().stream()
                .map(r -> codec.read(r.value(), org.evidencepipeline.contracts.VideoCaptureRequested.class)).toList();
        assertThat(requests).as("one video request: the demo's only stream").hasSize(1);
        var request = requests.get(0);
        assertThat(request.postId()).isEqualTo(post.postId());
        assertThat(request.postVersion()).isEqualTo(post.postVersion());
        assertThat(request.streamUrl()).isEqualTo(feed.videoStreamUrl());
        assertThat(request.kind()).isEqualTo(org.evidencepipeline.contracts.VideoCaptureRequested.HLS);

        List<org.evidencepipeline.contracts.VideoArchived> records = probe.readUntil(Topics.VIDEOS_ARCHIVED,
                        r -> !r.isEmpty(), Duration.ofSeconds(240)).records().stream()
                .map(r -> codec.read(r.value(), org.evidencepipeline.contracts.VideoArchived.class)).toList();
        assertThat(records).extracting(org.evidencepipeline.contracts.VideoArchived::postId).containsOnly(post.postId());
        var record = records.get(records.size() - 1);
        assertThat(record.outcome()).as(String.valueOf(record.outcome()))
                .isInstanceOf(org.evidencepipeline.contracts.VideoCaptureOutcome.Captured.class);
        var captured = (org.evidencepipeline.contracts.VideoCaptureOutcome.Captured) record.outcome();
        Map<String, byte[]> served = feed.videoParts();
        assertThat(captured.captureId()).isEqualTo(request.captureId());
        assertThat(captured.parts()).isEqualTo(served.size());
        assertThat(captured.bytes()).isEqualTo(served.values().stream().mapToLong(b -> b.length).sum());

        var provenance = codec.read(read(s3, captured.provenanceKey()), org.evidencepipeline.contracts.VideoProvenance.class);
        assertThat(captured.provenanceKey()).isEqualTo(org.evidencepipeline.archive.ArchiveStore.videoProvenanceKey(captured.captureId()));
        assertThat(provenance.complete()).isTrue();
        assertThat(provenance.streamUrl()).isEqualTo(feed.videoStreamUrl());
        assertThat(provenance.parts()).extracting(org.evidencepipeline.contracts.VideoPart::url)
                .containsExactlyInAnyOrderElementsOf(served.keySet());
        assertThat(provenance.parts().get(0).url()).as("the master playlist first").isEqualTo(feed.videoStreamUrl());
        for (var part : provenance.parts()) {
            byte[] original = served.get(part.url());
            assertThat(part.sha256()).as(part.url()).isEqualTo(sha256(original));
            assertThat(part.size()).isEqualTo(original.length);
            assertThat(read(s3, part.objectKey())).as("stored as served: " + part.url()).isEqualTo(original);
            assertThat(part.objectKey()).isEqualTo(org.evidencepipeline.archive.ArchiveStore.contentKey(part.sha256()));
        }
        assertThat(provenance.totals().parts()).isEqualTo(served.size());
        assertThat(provenance.totals().durationSeconds()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(new String(read(s3, org.evidencepipeline.archive.ArchiveStore.postVideosIndexKey(post.postId(), post.postVersion(),
                captured.captureId())), java.nio.charset.StandardCharsets.UTF_8).strip()).isEqualTo(captured.provenanceKey());

        if (onPath("ffmpeg") && onPath("ffprobe")) {
            assertThat(captured.muxedSha256()).as("muxed where ffmpeg is installed").isNotNull();
            byte[] mp4 = read(s3, org.evidencepipeline.archive.ArchiveStore.contentKey(captured.muxedSha256()));
            assertThat(sha256(mp4)).isEqualTo(captured.muxedSha256());
            assertThat(provenance.muxed().sha256()).isEqualTo(captured.muxedSha256());
            assertThat(provenance.muxed().wasDerivedFrom()).containsExactlyInAnyOrderElementsOf(
                    provenance.parts().stream().map(org.evidencepipeline.contracts.VideoPart::sha256).toList());
            Path file = Files.createTempFile("demo-video", ".mp4");
            try {
                Files.write(file, mp4);
                Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type",
                        "-of", "compact", file.toString()).redirectErrorStream(true).start();
                String out = new String(ffprobe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(ffprobe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(out).contains("codec_type=video").contains("codec_type=audio");
                double duration = Double.parseDouble(out.replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
                assertThat(duration).as("the MP4 plays as long as the playlist says").isCloseTo(4.0, org.assertj.core.data.Offset.offset(1.0));
            } finally {
                Files.deleteIfExists(file);
            }
        } else {
            assertThat(captured.muxedSha256()).isNull();
            assertThat(captured.muxNote()).as("says why nothing was muxed").isNotBlank();
        }
        System.out.println("video: " + captured.parts() + " parts, " + captured.bytes() + " bytes, muxed " + captured.muxedSha256());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(LocalPipeline.BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The feed's own guid of an RSS post id {@code rss:<feed-key>:<guid>} (the feed key depends on the port). */
    private static String guid(String postId) {
        return postId.substring(postId.lastIndexOf(':') + 1);
    }

    private static List<JsonNode> readJsonLines(ObjectMapper json, Path file) {
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(json.readTree(line));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }
}
