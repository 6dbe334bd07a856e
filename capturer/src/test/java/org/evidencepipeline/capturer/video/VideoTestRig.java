package org.evidencepipeline.capturer.video;

import io.minio.MinioClient;
import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.Cidr;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.capturer.video.mux.Ffmpeg;
import org.evidencepipeline.capturer.video.mux.Muxer;
import org.evidencepipeline.capturer.video.mux.Probe;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.download.SafeDownloader;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.video.StreamServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test class's real S3 server, archive and loopback stream server, and video capturers built on them with the caps,
 * tools and address policy a test needs.
 */
final class VideoTestRig implements AutoCloseable {
    static final ToolInfo TOOL = new ToolInfo("capturer", "test", "0000");
    static final List<String> LOOPBACK = List.of("127.0.0.1/32");

    final S3ProxyServer s3;
    final ArchiveStore store;
    final StreamServer server;
    final Path workDir;
    private final EventCodec codec = new EventCodec();

    private VideoTestRig(S3ProxyServer s3, ArchiveStore store, StreamServer server, Path workDir) {
        this.s3 = s3;
        this.store = store;
        this.server = server;
        this.workDir = workDir;
    }

    static VideoTestRig start() throws StorageException, IOException {
        S3ProxyServer s3 = S3ProxyServer.startInTempDir();
        ArchiveStore store = new ArchiveStore(MinioClient.builder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "evidence-archive");
        store.ensureBucket();
        return new VideoTestRig(s3, store, StreamServer.start(), Files.createTempDirectory("video-capture-test"));
    }

    /** Generous caps, well above the tiny fixtures. */
    static StreamCaps caps() {
        return new StreamCaps(512L * 1024 * 1024, Duration.ofHours(1), 5000, Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static Optional<Muxer> muxer() {
        return Ffmpeg.locate(Optional.empty()).map(f -> new Muxer(f, Duration.ofSeconds(60), 256L * 1024 * 1024));
    }

    VideoCapturer capturer(StreamCaps caps) {
        return capturer(caps, new VariantRule(1080), muxer(), LOOPBACK);
    }

    VideoCapturer capturer(StreamCaps caps, VariantRule rule, Optional<Muxer> muxer, List<String> allowCidrs) {
        return capturer(true, caps, rule, new VideoCapturer.Tools(muxer, Optional.empty(), Optional.empty()), allowCidrs);
    }

    VideoCapturer capturer(boolean enabled, StreamCaps caps, VariantRule rule, VideoCapturer.Tools tools, List<String> allowCidrs) {
        VettedResolver resolver = new VettedResolver(new AddressPolicy(allowCidrs.stream().map(Cidr::parse).toList()));
        return new VideoCapturer(new VideoCapturer.Settings(enabled, caps, rule, workDir, "evidence-pipeline capturer/test"),
                tools, store, new VideoProvenanceWriter(store, Optional.empty()), resolver, SafeDownloader.HostResolver.SYSTEM,
                TOOL, Clock.systemUTC());
    }

    static VideoCaptureRequested request(String postId, String kind, String streamUrl) {
        return new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, postId, 1, "bluesky",
                "https://bsky.app/profile/x/post/" + postId, streamUrl, kind, List.of("kharkiv"),
                Instant.parse("2026-12-01T00:00:00Z"), new ToolInfo("collector", "test", "1111"));
    }

    static KafkaCoordinates input() {
        return new KafkaCoordinates(Topics.VIDEOS_REQUESTED, 0, 7);
    }

    VideoArchived capture(VideoCapturer capturer, VideoCaptureRequested request) throws StorageException {
        return capturer.capture(request, input(), "trace-1");
    }

    byte[] object(String key) throws StorageException {
        return store.get(key).orElseThrow(() -> new AssertionError("no object " + key));
    }

    Optional<VideoProvenance> provenanceOnFile(String captureId) throws StorageException {
        return store.get(ArchiveStore.videoProvenanceKey(captureId)).map(b -> codec.read(b, VideoProvenance.class));
    }

    /** Every listed part is in the archive under its content key with the hash it is listed with. */
    void assertPartsStored(List<VideoPart> parts, String captureId) throws StorageException {
        for (VideoPart p : parts) {
            assertThat(p.objectKey()).isEqualTo(ArchiveStore.contentKey(p.sha256()));
            byte[] stored = object(p.objectKey());
            assertThat(Hashes.sha256Hex(stored)).as("stored %s %s", p.role(), p.url()).isEqualTo(p.sha256());
            assertThat((long) stored.length).isEqualTo(p.size());
            assertThat(store.get(ArchiveStore.contentIndexKey(p.sha256(), captureId))).map(String::new)
                    .contains(ArchiveStore.videoProvenanceKey(captureId));
        }
    }

    /** Every part's hash is the hash of the file served at its URL, and each is stored under it. */
    void assertPartsAreTheServedBytes(VideoProvenance p, Path dir, String prefix) throws Exception {
        assertPartsStored(p.parts(), p.captureId());
        for (VideoPart part : p.parts()) {
            byte[] served = Files.readAllBytes(servedFile(dir, prefix, part.url()));
            assertThat(part.sha256()).as(part.url()).isEqualTo(Hashes.sha256Hex(served));
        }
    }

    /**
     * A capture stopped short: on record as incomplete with the given cap, what was kept really stored, never muxed
     * and the outcome's counts those of the record.
     */
    VideoProvenance assertTooLarge(VideoArchived record, String cap, String limit) throws Exception {
        assertThat(record.outcome()).isInstanceOf(VideoCaptureOutcome.TooLarge.class);
        VideoCaptureOutcome.TooLarge tooLarge = (VideoCaptureOutcome.TooLarge) record.outcome();
        VideoProvenance p = record.provenance();
        assertThat(tooLarge.cap()).isEqualTo(cap);
        assertThat(tooLarge.limit()).isEqualTo(limit);
        assertThat(tooLarge.keptParts()).isEqualTo(p.parts().size());
        assertThat(tooLarge.keptBytes()).isEqualTo(p.totals().bytes());
        assertThat(tooLarge.provenanceKey()).isEqualTo(ArchiveStore.videoProvenanceKey(p.captureId()));
        assertNotClaimedWhole(p);
        assertThat(p.incomplete().cap()).isEqualTo(cap);
        assertThat(p.incomplete().limit()).isEqualTo(limit);
        return p;
    }

    void assertNotClaimedWhole(VideoProvenance p) throws Exception {
        assertThat(p.complete()).isFalse();
        assertThat(p.incomplete()).isNotNull();
        assertThat(p.muxed()).isNull();
        assertThat(p.muxNote()).isEqualTo(VideoCapturer.NOT_MUXED_INCOMPLETE);
        assertThat(p.prov().derived()).isNull();
        assertPartsStored(p.parts(), p.captureId());
        assertThat(provenanceOnFile(p.captureId())).contains(p);
    }

    /** The served file behind a part's URL, under {@code dir} served at {@code prefix}. */
    Path servedFile(Path dir, String prefix, String url) {
        String base = server.url(prefix + "/");
        assertThat(url).startsWith(base);
        return dir.resolve(url.substring(base.length()));
    }

    /** ffprobe's view of a stored object (the muxed MP4), through a local copy. */
    Probe probeStored(String key) throws Exception {
        Ffmpeg ffmpeg = Ffmpeg.locate(Optional.empty()).orElseThrow();
        Path copy = Files.createTempFile(workDir, "probe-", ".mp4");
        Files.write(copy, object(key));
        try {
            return Probe.of(ffmpeg.ffprobe().orElseThrow(), copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public void close() {
        server.close();
        s3.close();
    }
}
