package org.evidencepipeline.capturer.video;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.capturer.video.mux.Probe;
import org.evidencepipeline.capturer.video.stream.VariantRule;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.VideoArchived;
import org.evidencepipeline.contracts.VideoCaptureOutcome;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.testsupport.video.VideoStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An HLS stream with two variants, a separate audio rendition, AES-128 and about 20 segments, served on loopback and
 * captured whole: every part archived with the hash of the bytes served, the variant the rule picks, audio and key
 * fetched, playlists byte-exact, and a muxed MP4 that ffprobe reads as video and audio of the playlist's duration.
 */
class HlsStreamIsCapturedWholeTest {
    static VideoTestRig rig;
    static VideoStreams.Hls hls;
    static VideoArchived record;

    @BeforeAll
    static void capture() throws Exception {
        Assumptions.assumeTrue(VideoStreams.ffmpegAvailable(), "ffmpeg is needed to make and mux the stream");
        rig = VideoTestRig.start();
        hls = VideoStreams.hls(rig.workDir.resolve("fixture-hls"), 20, false);
        rig.server.serveDirectory("/hls", hls.dir());
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps());
        record = rig.capture(capturer, VideoTestRig.request("bsky:hls1", VideoCaptureRequested.HLS,
                rig.server.url("/hls/" + hls.master())));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theStreamIsCapturedWholeAndMuxed() {
        assertThat(record.outcome()).isInstanceOfSatisfying(VideoCaptureOutcome.Captured.class, c -> {
            assertThat(c.muxedSha256()).isNotNull();
            assertThat(c.muxNote()).isNull();
            assertThat(c.parts()).isEqualTo(record.provenance().parts().size());
            assertThat(c.provenanceKey()).isEqualTo(ArchiveStore.videoProvenanceKey(c.captureId()));
        });
        assertThat(record.provenance().complete()).isTrue();
        assertThat(record.provenance().incomplete()).isNull();
    }

    @Test
    void everyPartIsArchivedWithTheHashOfTheBytesServed() throws Exception {
        VideoProvenance p = record.provenance();
        rig.assertPartsStored(p.parts(), p.captureId());
        for (VideoPart part : p.parts()) {
            byte[] served = Files.readAllBytes(rig.servedFile(hls.dir(), "/hls", part.url()));
            assertThat(part.sha256()).as(part.url()).isEqualTo(Hashes.sha256Hex(served));
            assertThat(part.httpStatus()).isEqualTo(200);
            assertThat(part.resolvedAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void theBestVariantUnderTheHeightLimitIsChosenWithItsAudioAndKey() {
        VideoProvenance p = record.provenance();
        assertThat(p.selection().variantUrl()).endsWith(hls.highPlaylist());
        assertThat(p.selection().resolution()).isEqualTo("320x180");
        assertThat(p.selection().variantsOffered()).isGreaterThanOrEqualTo(2);
        List<String> urls = p.parts().stream().map(VideoPart::url).toList();
        assertThat(urls).noneMatch(u -> u.contains("stream_low/"));
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role()) && "video".equals(x.track()))
                .hasSize(hls.segmentsPerTrack()).allMatch(x -> x.url().contains("stream_high/seg_"));
        assertThat(p.parts()).filteredOn(x -> VideoPart.SEGMENT.equals(x.role()) && "audio".equals(x.track()))
                .isNotEmpty().allMatch(x -> x.url().contains("stream_audio/seg_"));
        assertThat(p.parts()).filteredOn(x -> VideoPart.KEY.equals(x.role())).extracting(VideoPart::url)
                .containsExactly(rig.server.url("/hls/" + hls.keyPath()));
    }

    @Test
    void aLowerHeightLimitChoosesTheSmallerVariant() throws Exception {
        VideoCapturer capturer = rig.capturer(VideoTestRig.caps(), new VariantRule(100), VideoTestRig.muxer(), VideoTestRig.LOOPBACK);
        VideoArchived low = rig.capture(capturer, VideoTestRig.request("bsky:hls-low", VideoCaptureRequested.HLS,
                rig.server.url("/hls/" + hls.master())));
        assertThat(low.outcome()).isInstanceOf(VideoCaptureOutcome.Captured.class);
        assertThat(low.provenance().selection().variantUrl()).endsWith(hls.lowPlaylist());
        assertThat(low.provenance().selection().rule()).isEqualTo(new VariantRule(100).describe());
    }

    @Test
    void thePlaylistsAreKeptByteForByte() throws Exception {
        VideoProvenance p = record.provenance();
        assertThat(p.parts().get(0).role()).isEqualTo(VideoPart.MASTER_PLAYLIST);
        List<VideoPart> playlists = p.parts().stream()
                .filter(x -> VideoPart.MASTER_PLAYLIST.equals(x.role()) || VideoPart.MEDIA_PLAYLIST.equals(x.role())).toList();
        assertThat(playlists).hasSize(3);
        for (VideoPart playlist : playlists) {
            assertThat(rig.object(playlist.objectKey())).isEqualTo(Files.readAllBytes(rig.servedFile(hls.dir(), "/hls", playlist.url())));
        }
    }

    @Test
    void theMuxedMp4HasVideoAndAudioOfThePlaylistsDuration() throws Exception {
        VideoProvenance.Muxed muxed = record.provenance().muxed();
        assertThat(muxed.commandLine()).isNotEmpty().noneMatch(a -> a.startsWith("http"));
        assertThat(muxed.ffmpegVersion()).startsWith("ffmpeg version");
        assertThat(muxed.wasDerivedFrom()).isEqualTo(record.provenance().parts().stream().map(VideoPart::sha256).toList());
        assertThat(muxed.objectKey()).isEqualTo(ArchiveStore.contentKey(muxed.sha256()));
        byte[] mp4 = rig.object(muxed.objectKey());
        assertThat(Hashes.sha256Hex(mp4)).isEqualTo(muxed.sha256());
        Probe probe = rig.probeStored(muxed.objectKey());
        assertThat(probe.codecTypes()).contains("video", "audio");
        assertThat(probe.durationSeconds()).isCloseTo(hls.statedVideoSeconds(), within(1.0));
        assertThat(rig.store.get(ArchiveStore.contentIndexKey(muxed.sha256(), record.provenance().captureId()))).isPresent();
        assertThat(record.provenance().prov().derived().wasDerivedFrom()).hasSize(record.provenance().parts().size());
    }

    @Test
    void theProvenanceListsThePartsInOrderWithTheirTotalsAndIsOnFile() throws Exception {
        VideoProvenance p = record.provenance();
        assertThat(p.parts()).extracting(VideoPart::index).containsExactlyElementsOf(IntStream.range(0, p.parts().size()).boxed().toList());
        assertThat(p.totals().parts()).isEqualTo(p.parts().size());
        assertThat(p.totals().bytes()).isEqualTo(p.parts().stream().mapToLong(VideoPart::size).sum());
        assertThat(p.totals().durationSeconds()).isCloseTo(hls.statedVideoSeconds(), within(0.01));
        assertThat(p.method()).isEqualTo(VideoProvenance.DIRECT);
        assertThat(p.traceId()).isEqualTo("trace-1");
        assertThat(rig.provenanceOnFile(p.captureId())).contains(p);
        assertThat(rig.store.get(ArchiveStore.postVideosIndexKey(p.postId(), p.postVersion(), p.captureId()))).map(String::new)
                .contains(ArchiveStore.videoProvenanceKey(p.captureId()));
        assertThat(Files.list(rig.workDir)
                .filter(d -> d.getFileName().toString().startsWith("video-"))).as("work dirs removed").isEmpty();
    }
}
