package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * One fetched part of a video stream, stored content-addressed ({@code sha256/…}) and hashed while it streamed, before
 * storage. Parts are listed in the order a player needs them: playlists or manifest first, then per track its key and
 * init part, then its segments in sequence.
 *
 * @param index           position in the capture, from 0
 * @param role            {@link #MASTER_PLAYLIST}, {@link #MEDIA_PLAYLIST}, {@link #MANIFEST}, {@link #INIT},
 *                        {@link #SEGMENT}, {@link #KEY}, {@link #SUBTITLE}, {@link #FILE} or {@link #WARC}
 * @param track           which track it belongs to ({@code video}, {@code audio}, {@code subtitles:<lang>}), or null
 *                        for the master playlist and manifest
 * @param url             the URL it was fetched from (after redirects: {@code fetchedUrl})
 * @param durationSeconds a segment's duration as its playlist or manifest states it, else null
 * @param resolvedAddress the IP connected to
 */
public record VideoPart(int index, String role, String track, String url, String fetchedUrl, String sha256, long size,
                        String contentType, Double durationSeconds, String objectKey, int httpStatus,
                        String resolvedAddress, Instant fetchedAt) {
    public static final String MASTER_PLAYLIST = "master-playlist";
    public static final String MEDIA_PLAYLIST = "media-playlist";
    public static final String MANIFEST = "manifest";
    public static final String INIT = "init";
    public static final String SEGMENT = "segment";
    /** An AES-128 key; stored like any part, since without it the segments cannot be played. */
    public static final String KEY = "key";
    public static final String SUBTITLE = "subtitle";
    /** A whole media file (what yt-dlp wrote). */
    public static final String FILE = "file";
    /** The recording proxy's WARC of everything yt-dlp fetched. */
    public static final String WARC = "warc";

    public VideoPart {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(objectKey, "objectKey");
    }
}
