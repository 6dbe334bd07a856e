package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.testsupport.video.VideoStreams;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** A small Bluesky-shaped HLS stream served by a rig, for the cap and failure tests. */
final class BlueskyFixture {
    static final String PREFIX = "/watch/did/cid";

    final VideoTestRig rig;
    final VideoStreams.BlueskyVideo video;

    BlueskyFixture(VideoTestRig rig, int seconds) {
        this.rig = rig;
        this.video = VideoStreams.bluesky(rig.workDir.resolve("fixture-bsky"), seconds);
        rig.server.serveDirectory(PREFIX, video.dir());
    }

    VideoCaptureRequested request(String postId) {
        return VideoTestRig.request(postId, VideoCaptureRequested.HLS, rig.server.url(PREFIX + "/" + video.playlist()));
    }

    /** The same segment's path in each variant (whichever the rule picks), e.g. {@code videoN.ts}. */
    List<String> segmentPaths(String name) {
        return List.of(PREFIX + "/" + parent(video.lowPlaylist()) + name, PREFIX + "/" + parent(video.highPlaylist()) + name);
    }

    byte[] served(String path) throws IOException {
        return Files.readAllBytes(video.dir().resolve(path.substring(PREFIX.length() + 1)));
    }

    long size(String relative) throws IOException {
        return Files.size(video.dir().resolve(relative));
    }

    /** The first segment's file name in a variant playlist (Bluesky: {@code video0.ts}). */
    String segmentName(int n) throws IOException {
        return Files.readAllLines(video.dir().resolve(video.highPlaylist())).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).skip(n).findFirst().orElseThrow().trim();
    }

    private static String parent(String playlist) {
        int slash = playlist.lastIndexOf('/');
        return slash < 0 ? "" : playlist.substring(0, slash + 1);
    }

    static boolean ffmpeg() {
        return VideoStreams.ffmpegAvailable();
    }

}
