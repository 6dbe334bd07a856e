package org.evidencepipeline.capturer.video.stream;

/**
 * One part the capture still has to fetch, in order, with absolute URL.
 *
 * @param role            {@code VideoPart.KEY}, {@code INIT}, {@code SEGMENT} or {@code SUBTITLE}
 * @param track           {@code video}, {@code audio} or {@code subtitles:<lang>}
 * @param durationSeconds a segment's stated duration, else null
 * @param sequence        a segment's media sequence number (HLS; the default AES-128 IV), else -1
 * @param keyUrl          the AES-128 key that decrypts this segment, or null
 * @param keyIv           the key's IV as written ({@code 0x…}), or null for the sequence number
 */
public record PlannedPart(String role, String track, String url, Double durationSeconds, long sequence, String keyUrl,
                          String keyIv) {
}
