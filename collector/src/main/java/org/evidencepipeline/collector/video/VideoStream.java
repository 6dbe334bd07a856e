package org.evidencepipeline.collector.video;

import java.util.Objects;

/** One video stream a post names: the URL to capture and how ({@code hls}, {@code dash} or {@code site}). */
public record VideoStream(String url, String kind) {
    public VideoStream {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
    }
}
