package org.evidencepipeline.testsupport.video;

import org.evidencepipeline.embedded.FeedReplayServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Serves video streams (a directory of playlists, manifests, segments and keys) on loopback over the shared
 * {@link FeedReplayServer}, with the content types platforms send, and lets a test break one path (an error status, a
 * stalling body) to exercise caps and deadlines.
 */
public final class StreamServer implements AutoCloseable {
    private final FeedReplayServer replay;

    private StreamServer(FeedReplayServer replay) {
        this.replay = replay;
    }

    public static StreamServer start() {
        return new StreamServer(FeedReplayServer.start());
    }

    /** Every file under {@code dir} at {@code prefix + "/" + its relative path} ({@code prefix} like {@code /hls}). */
    public StreamServer serveDirectory(String prefix, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(f).toString().replace('\\', '/');
                replay.serve(prefix + "/" + relative, Files.readAllBytes(f), contentType(relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Serves one more body, e.g. a page or a platform API response pointing at a stream. */
    public StreamServer serve(String path, byte[] body, String contentType) {
        replay.serve(path, body, contentType);
        return this;
    }

    /** From now on {@code path} answers {@code status} with no body. */
    public StreamServer fail(String path, int status) {
        replay.serve(path, FeedReplayServer.Response.status(status, java.util.Map.of()));
        return this;
    }

    /** From now on {@code path} sends half its body, then stalls {@code millis} before the rest. */
    public StreamServer stall(String path, byte[] body, long millis) {
        replay.serve(path, FeedReplayServer.Response.stalling(body, contentType(path), millis));
        return this;
    }

    public String url(String path) {
        return replay.url(path);
    }

    public String baseUrl() {
        return replay.baseUrl();
    }

    public List<FeedReplayServer.Request> requests(String path) {
        return replay.requests(path);
    }

    public List<FeedReplayServer.Request> requests() {
        return replay.requests();
    }

    /** The content type a platform's CDN sends for a stream file of this name. */
    public static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        } else if (n.endsWith(".mpd")) {
            return "application/dash+xml";
        } else if (n.endsWith(".ts")) {
            return "video/mp2t";
        } else if (n.endsWith(".m4s") || n.endsWith(".mp4")) {
            return n.contains("audio") ? "audio/mp4" : "video/mp4";
        } else if (n.endsWith(".vtt")) {
            return "text/vtt";
        } else if (n.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return "application/octet-stream";
    }

    @Override
    public void close() {
        replay.close();
    }
}
