package org.evidencepipeline.collector.collection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A collection's {@code capture} block: whether the pages of the posts it catches are captured in a browser (the
 * capturer), how many pages per minute one host may be asked for on its behalf, and whether the video streams of those
 * posts (HLS, DASH, sites only yt-dlp reads) are captured whole. A browser load is far heavier for the platform than a
 * feed request, hence its own, politer rate.
 *
 * <pre>
 * capture:
 *   pages: true                 # default true
 *   host-pages-per-minute: 6    # default 6, at least 1
 *   videos: true                # default true
 * </pre>
 */
public record PageCapture(@JsonProperty("pages") boolean pages,
                          @JsonProperty("host-pages-per-minute") int hostPagesPerMinute,
                          @JsonProperty("videos") boolean videos) {
    public static final boolean DEFAULT_PAGES = true;
    public static final int DEFAULT_HOST_PAGES_PER_MINUTE = 6;
    public static final boolean DEFAULT_VIDEOS = true;
    /** What a collection without a {@code capture} block gets. */
    public static final PageCapture DEFAULT = new PageCapture(DEFAULT_PAGES, DEFAULT_HOST_PAGES_PER_MINUTE, DEFAULT_VIDEOS);

    /** Pages as given, videos at their default (on). */
    public PageCapture(boolean pages, int hostPagesPerMinute) {
        this(pages, hostPagesPerMinute, DEFAULT_VIDEOS);
    }

    /** Missing keys take their defaults; a rate below 1 is kept as given so the validator can name it. */
    @JsonCreator
    static PageCapture of(@JsonProperty("pages") Boolean pages, @JsonProperty("host-pages-per-minute") Integer hostPagesPerMinute,
                          @JsonProperty("videos") Boolean videos) {
        return new PageCapture(pages == null ? DEFAULT_PAGES : pages,
                hostPagesPerMinute == null ? DEFAULT_HOST_PAGES_PER_MINUTE : hostPagesPerMinute,
                videos == null ? DEFAULT_VIDEOS : videos);
    }
}
