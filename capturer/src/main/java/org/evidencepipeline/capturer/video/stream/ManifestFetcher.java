package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;

/**
 * Fetches a playlist or manifest for the planner. The capturer's implementation fetches through the safe downloader and
 * stores each one as a part of the capture (kept exactly as fetched) before returning its bytes.
 */
@FunctionalInterface
public interface ManifestFetcher {
    /**
     * @param role  {@code VideoPart.MASTER_PLAYLIST}, {@code MEDIA_PLAYLIST} or {@code MANIFEST}
     * @param track the track it serves, or null for the master playlist or manifest
     * @return the bytes and the URL they came from after redirects (relative URIs resolve against it)
     * @throws VideoCaptureStop when the fetch failed, was refused or hit a cap: the capture stops there
     */
    Fetched fetch(String role, String track, String url) throws VideoCaptureStop;

    /**
     * The stream URL was fetched as {@code MASTER_PLAYLIST} (nothing else can be known before its text is read) and
     * turned out to be a media playlist: the fetcher should record the part it stored with this role and track.
     * By default nothing is relabelled.
     */
    default void identified(String fetchedUrl, String role, String track) {
    }

    record Fetched(byte[] bytes, String fetchedUrl) {
    }
}
