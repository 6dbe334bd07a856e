package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.PageRecording;
import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoProvenance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How one yt-dlp run ended. Either way {@code recording} is the recording proxy's WARC of everything it fetched (or
 * null when it fetched nothing) and {@code run} the exact program, version, arguments and exit code.
 *
 * <p>The WARC and the files live in the run's own directory until {@link #discard()}: call it once they are stored.
 * The recording's exchanges keep their URLs, statuses and hashes, but their spooled bodies are already gone (every
 * byte is in the WARC).
 */
public sealed interface YtDlpResult {
    PageRecording recording();

    VideoProvenance.YtDlp run();

    /** Deletes the run's directory (the WARC, the files); idempotent. */
    default void discard() {
        if (recording() != null) {
            RunDirectory.delete(recording().warc().getParent());
        }
    }

    /**
     * @param files the media files yt-dlp wrote, in name order (the merged file, or the separate streams), and the
     *              info JSON yt-dlp wrote of what it saw ({@code <id>.info.json}: the formats offered, the one chosen,
     *              the page it was read from), kept as evidence; {@link #media()} and {@link #infoJson()} tell them
     *              apart
     */
    record Downloaded(List<Path> files, PageRecording recording, VideoProvenance.YtDlp run) implements YtDlpResult {
        public Downloaded {
            files = List.copyOf(files);
        }

        /** The media files alone, in name order. */
        public List<Path> media() {
            return files.stream().filter(f -> !RunDirectory.isInfoJson(f)).toList();
        }

        /** yt-dlp's info JSON, when it wrote one. */
        public Optional<Path> infoJson() {
            return files.stream().filter(RunDirectory::isInfoJson).findFirst();
        }
    }

    /** Deadline, size cap, refusal or error: what yt-dlp fetched is still in {@code recording}. */
    record Stopped(VideoCaptureStop stop, PageRecording recording, VideoProvenance.YtDlp run) implements YtDlpResult {
    }
}
