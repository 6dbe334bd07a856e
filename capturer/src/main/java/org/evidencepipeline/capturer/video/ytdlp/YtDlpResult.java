package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.PageRecording;
import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoProvenance;

import java.nio.file.Path;
import java.util.List;

/**
 * How one yt-dlp run ended. Either way {@code recording} is the recording proxy's WARC of everything it fetched (or
 * null when it fetched nothing) and {@code run} the exact program, version, arguments and exit code.
 */
public sealed interface YtDlpResult {
    PageRecording recording();

    VideoProvenance.YtDlp run();

    /** @param files the media files yt-dlp wrote, in name order (the merged file, or the separate streams) */
    record Downloaded(List<Path> files, PageRecording recording, VideoProvenance.YtDlp run) implements YtDlpResult {
        public Downloaded {
            files = List.copyOf(files);
        }
    }

    /** Deadline, size cap, refusal or error: what yt-dlp fetched is still in {@code recording}. */
    record Stopped(VideoCaptureStop stop, PageRecording recording, VideoProvenance.YtDlp run) implements YtDlpResult {
    }
}
