package org.evidencepipeline.storer.verify;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.storer.access.ArchiveIndex;
import org.evidencepipeline.embedded.LocalTsaServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Video captures stored as the capturer stores them (a real ffmpeg-encoded HLS stream, its playlists, segments and
 * muxed MP4, in a real S3 server), verified from the archive alone: every part and the muxed file re-hash; one byte
 * changed in any of them, a removed part, a record inconsistent with itself or edited after its time-stamp is reported
 * by name; an incomplete capture is INCOMPLETE, never OK.
 */
class VideoCaptureVerificationTest {
    @TempDir
    static Path dir;
    private static S3ProxyServer s3;
    private static MinioClient client;
    private static ArchiveStore store;
    private static LocalTsaServer tsa;
    private static LedgerFixture ledger;
    private static Verifier verifier;
    private static VideoCaptures.Media media;

    @BeforeAll
    static void startArchive() throws Exception {
        media = VideoCaptures.encode(dir.resolve("media"));
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        store = new ArchiveStore(client, "evidence-archive");
        store.ensureBucket();
        tsa = LocalTsaServer.start();
        ledger = new LedgerFixture(store, tsa);
        verifier = new Verifier(store, new ArchiveIndex(store, client), Clock.systemUTC(), ledger.trust());
    }

    @AfterAll
    static void stopArchive() {
        tsa.close();
        s3.close();
    }

    /** Stored as the capturer stores it and ledgered under a signed, time-stamped checkpoint, as its entries would be. */
    private static VideoCaptures.Capture stored(VideoCaptures.Capture c) throws Exception {
        VideoCaptures.write(store, c);
        ledger.ledger(c.provenanceKey());
        return c;
    }

    private static VerifyReport.Item only(VerifyReport report) {
        assertThat(report.items()).hasSize(1);
        return report.items().get(0);
    }

    private static VerifyReport.Item videoItem(VerifyReport report, String captureId) {
        return report.items().stream().filter(i -> VerifyReport.VIDEO.equals(i.kind()) && captureId.equals(i.captureId()))
                .findFirst().orElseThrow(() -> new AssertionError("no video item " + captureId + " in " + report.items()));
    }

    private static void overwrite(String key, byte[] bytes) throws Exception {
        store.putBytes(key, bytes, "application/octet-stream");
    }

    private static int cli(LedgerFixture trusted, ByteArrayOutputStream out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--endpoint", s3.endpoint()));
        all.addAll(List.of(args));
        return VerifyCommand.run(all.toArray(String[]::new), trusted.cliEnvironment(dir), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void aWholeHlsCaptureVerifiesOkPartByPartByCaptureByPostByCollectionByAnyPartsHashAndInTheWholeArchive() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hls("video-ok", media));
        VideoProvenance p = c.provenance();
        assertThat(p.parts()).hasSize(2 + media.segments().size());

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.kind()).isEqualTo("video");
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(item.postId()).isEqualTo("video-ok");
        assertThat(item.postVersion()).isEqualTo(1);
        assertThat(item.objectKey()).isEqualTo(ArchiveStore.videoProvenanceKey(c.captureId()));
        assertThat(item.expectedSha256()).isEqualTo(p.muxed().sha256()).isEqualTo(item.actualSha256());
        long bytes = p.parts().stream().mapToLong(VideoPart::size).sum();
        assertThat(item.detail()).contains(p.parts().size() + " part(s), " + bytes + " bytes, each at its content address and hashing")
                .contains("muxed file (" + media.mp4().length + " bytes) hashes to its SHA-256, derived from " + p.parts().size())
                .contains("are the sum of the parts").contains("no per-record time-stamp");

        assertThat(videoItem(verifier.post("video-ok"), c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        assertThat(verifier.post("video-ok").totalsByKind().get("video").get(VerifyStatus.OK)).isEqualTo(1);
        assertThat(videoItem(verifier.collection("video-watch"), c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        for (VideoPart part : p.parts()) {
            assertThat(videoItem(verifier.hash(part.sha256()), c.captureId()).status()).as(part.role()).isEqualTo(VerifyStatus.OK);
        }
        assertThat(videoItem(verifier.hash(p.muxed().sha256()), c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        VerifyReport all = verifier.archive();
        assertThat(videoItem(all, c.captureId()).status()).isEqualTo(VerifyStatus.OK);
        assertThat(all.totalsByKind()).containsKeys("media", "post", "page", "video");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = cli(ledger, out, "--sha256", c.firstSegment().sha256());
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK               video " + c.captureId() + " (video of video-ok v1)")
                .contains("  video: 1 OK, 0 MISMATCH, 0 MISSING, 0 INCOMPLETE");
    }

    @Test
    void aDashCaptureWithSeparateAudioVerifiesTrackByTrackAndAChangedAudioInitPartIsNamed() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.dash("video-dash", media));
        List<VideoPart> parts = c.provenance().parts();
        assertThat(parts).extracting(VideoPart::track).contains("video", "audio");
        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(item.detail()).contains(parts.size() + " part(s)")
                .contains("not compared: no video segment durations to sum");

        VideoPart audioInit = parts.stream().filter(p -> VideoPart.INIT.equals(p.role()) && "audio".equals(p.track())).findFirst()
                .orElseThrow();
        byte[] changed = c.bytes().get(audioInit.sha256()).clone();
        changed[changed.length / 2] ^= 0x01;
        overwrite(audioInit.objectKey(), changed);
        VerifyReport.Item bad = only(verifier.capture(c.captureId()));
        assertThat(bad.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(bad.detail()).contains("part " + audioInit.index() + " (init audio, " + audioInit.url() + ") SHA-256 differs");
    }

    @Test
    void oneByteChangedInASegmentIsAMismatchNamingThatPart() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hls("video-segment", media));
        VideoPart segment = c.part(3);
        assertThat(segment.role()).isEqualTo(VideoPart.SEGMENT);
        byte[] changed = c.bytes().get(segment.sha256()).clone();
        changed[changed.length / 2] ^= 0x01;
        overwrite(segment.objectKey(), changed);

        VerifyReport report = verifier.capture(c.captureId());
        VerifyReport.Item item = only(report);
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("part 3 (segment video, " + segment.url() + ") SHA-256 differs")
                .doesNotContain("part 2 (").doesNotContain("muxed file");
        assertThat(report.allOk()).isFalse();
        // The muxed file is untouched and still checks.
        assertThat(item.actualSha256()).isEqualTo(c.provenance().muxed().sha256());
    }

    @Test
    void aChangedMuxedFileIsAMismatch() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hls("video-muxed", media));
        VideoProvenance.Muxed m = c.provenance().muxed();
        byte[] changed = media.mp4().clone();
        changed[changed.length - 10] ^= 0x40;
        overwrite(m.objectKey(), changed);

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("muxed file " + m.objectKey() + " SHA-256 differs").doesNotContain("part 0 (");
        assertThat(item.expectedSha256()).isEqualTo(m.sha256());
        assertThat(item.actualSha256()).isNotEqualTo(m.sha256());
    }

    @Test
    void aRemovedPartIsReportedMissing() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hls("video-removed", media));
        VideoPart playlist = c.part(1);
        assertThat(playlist.role()).isEqualTo(VideoPart.MEDIA_PLAYLIST);
        client.removeObject(RemoveObjectArgs.builder().bucket("evidence-archive").object(playlist.objectKey()).build());

        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISSING);
        assertThat(item.detail()).contains("part 1 (media-playlist video, " + playlist.url() + ") is not in the archive");
    }

    @Test
    void aRecordThatContradictsItselfIsAMismatch() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hls("video-edited", media));
        VideoProvenance p = c.provenance();

        // A part dropped from the list (its bytes still there): indexes no longer run 0..n-1, totals and PROV disagree.
        List<VideoPart> dropped = new ArrayList<>(p.parts());
        dropped.remove(2);
        VideoCaptures.writeRecord(store, VideoCaptures.edited(p, dropped, p.totals(), p.muxed()));
        VerifyReport.Item item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("part 2 in the list has index 3")
                .contains("totals.parts is " + p.parts().size() + " but the record lists " + dropped.size())
                .contains("prov.generated");

        // The muxed file claims to come from something that is not a part of this capture.
        List<String> from = new ArrayList<>(p.muxed().wasDerivedFrom());
        String stranger = "ab".repeat(32);
        from.add(stranger);
        VideoProvenance.Muxed m = p.muxed();
        VideoProvenance.Muxed claims = new VideoProvenance.Muxed(m.objectKey(), m.sha256(), m.size(), m.contentType(),
                m.durationSeconds(), m.ffmpegVersion(), m.commandLine(), from, m.probe());
        VideoCaptures.writeRecord(store, VideoCaptures.edited(p, p.parts(), p.totals(), claims));
        item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("the muxed file claims derivation from [" + stranger + "]");

        // Totals that are not the sum of the parts.
        VideoProvenance.Totals t = p.totals();
        VideoCaptures.writeRecord(store, VideoCaptures.edited(p, p.parts(),
                new VideoProvenance.Totals(t.parts(), t.bytes() + 1, t.durationSeconds() + 5), p.muxed()));
        item = only(verifier.capture(c.captureId()));
        assertThat(item.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(item.detail()).contains("totals.bytes is " + (t.bytes() + 1)).contains("totals.durationSeconds is");

        // Restored as captured, it verifies again: the checks above found the edits, not the capture.
        VideoCaptures.writeRecord(store, p);
        assertThat(only(verifier.capture(c.captureId())).status()).isEqualTo(VerifyStatus.OK);
    }

    @Test
    void aRecordEditedAfterItsTimestampIsATokenMismatch() throws Exception {
        VideoCaptures.Capture c = VideoCaptures.hls("video-stamped", media);
        VideoCaptures.write(store, c);
        byte[] record = store.get(c.provenanceKey()).orElseThrow();
        store.putBytes(ArchiveStore.videoTimestampKey(c.captureId()), PageCaptures.timestamp(tsa.url(), record),
                "application/timestamp-reply");
        ledger.ledger(c.provenanceKey()); // with its per-record token
        VerifyReport.Item before = only(verifier.capture(c.captureId()));
        assertThat(before.status()).as(before.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(before.detail()).contains("time-stamped").contains("Local test TSA").doesNotContain("no per-record time-stamp");

        // A forger edits the record (the stream URL of one segment) after it was stamped; its parts still hash.
        String edited = new String(record, StandardCharsets.UTF_8).replace(c.firstSegment().url() + "\"",
                c.firstSegment().url() + "?edited\"");
        assertThat(edited).isNotEqualTo(new String(record, StandardCharsets.UTF_8));
        store.putBytes(c.provenanceKey(), edited.getBytes(StandardCharsets.UTF_8), "application/json");

        VerifyReport.Item after = only(verifier.capture(c.captureId()));
        assertThat(after.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(after.detail()).contains("changed after it was time-stamped");
    }

    @Test
    void anIncompleteCaptureWhosePartsAllMatchIsIncompleteWithItsCapNeverOk() throws Exception {
        VideoCaptures.Capture c = stored(VideoCaptures.hlsCappedAt("video-capped", media, 2));
        assertThat(c.provenance().complete()).isFalse();

        VerifyReport report = verifier.capture(c.captureId());
        VerifyReport.Item item = only(report);
        assertThat(item.status()).isEqualTo(VerifyStatus.INCOMPLETE);
        assertThat(item.detail()).startsWith("the capture is incomplete (cap segments, limit 2: the variant lists "
                        + media.segments().size() + " segments; 2 were kept)")
                .contains("4 part(s)").contains("no muxed file (the capture is incomplete, so no file was muxed)");
        assertThat(report.totals().get(VerifyStatus.OK)).isZero();
        assertThat(report.totals().get(VerifyStatus.INCOMPLETE)).isEqualTo(1);
        // Its parts are intact: no integrity failure, so the command line exits 0 and says INCOMPLETE.
        assertThat(report.allOk()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(cli(ledger, out, "--capture", c.captureId())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INCOMPLETE       video " + c.captureId())
                .contains("0 OK, 0 MISMATCH, 0 MISSING, 1 INCOMPLETE");

        // An incomplete capture with a changed part is a MISMATCH, not INCOMPLETE.
        VideoPart segment = c.firstSegment();
        byte[] changed = c.bytes().get(segment.sha256()).clone();
        changed[0] ^= 0x01;
        overwrite(segment.objectKey(), changed);
        assertThat(only(verifier.capture(c.captureId())).status()).isEqualTo(VerifyStatus.MISMATCH);
    }

    @Test
    void aYtDlpCaptureChecksItsFileAndReadsItsWarcBack() throws Exception {
        VideoCaptures.Capture ok = stored(VideoCaptures.ytDlp("video-ytdlp", media, false));
        VerifyReport.Item item = only(verifier.capture(ok.captureId()));
        assertThat(item.status()).as(item.detail()).isEqualTo(VerifyStatus.OK);
        assertThat(item.detail()).contains("part 1 (warc, " + ok.part(1).url() + ") reads back as a WARC of 2 record(s), 2 response(s)")
                .contains("no muxed file (yt-dlp wrote one file; nothing to mux)");

        // A WARC part whose bytes hash as recorded but which is not a WARC is not evidence of what yt-dlp fetched.
        VideoCaptures.Capture garbage = stored(VideoCaptures.ytDlp("video-ytdlp-garbage", media, true));
        VerifyReport.Item bad = only(verifier.capture(garbage.captureId()));
        assertThat(bad.status()).isEqualTo(VerifyStatus.MISMATCH);
        assertThat(bad.detail()).contains("part 1 (warc, " + garbage.part(1).url() + ") is not a readable WARC");
    }

    @Test
    void theCommandLineAllExitsNonZeroWhenAVideoPartFails() throws Exception {
        // A bucket of its own, so the other tests' tampering does not decide the exit code.
        ArchiveStore own = new ArchiveStore(client, "video-all");
        own.ensureBucket();
        VideoCaptures.Capture c = VideoCaptures.hls("video-all", media);
        VideoCaptures.write(own, c);
        LedgerFixture ownLedger = new LedgerFixture(own, tsa);
        ownLedger.ledger(c.provenanceKey());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(cli(ownLedger, out, "--bucket", "video-all", "--all")).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK               video " + c.captureId());

        VideoPart last = c.part(c.provenance().parts().size() - 1);
        byte[] changed = c.bytes().get(last.sha256()).clone();
        changed[changed.length - 1] ^= 0x01;
        own.putBytes(last.objectKey(), changed, "video/mp2t");
        out.reset();
        assertThat(cli(ownLedger, out, "--bucket", "video-all", "--all")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("MISMATCH         video " + c.captureId())
                .contains("  video: 0 OK, 1 MISMATCH, 0 MISSING, 0 INCOMPLETE");
    }
}
