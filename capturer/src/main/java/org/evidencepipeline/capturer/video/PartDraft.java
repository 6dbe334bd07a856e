package org.evidencepipeline.capturer.video;

import org.evidencepipeline.contracts.VideoPart;

import java.time.Instant;

/** A part fetched and hashed, before it has its place and object key in the capture. */
public record PartDraft(String role, String track, String url, String fetchedUrl, String sha256, long size,
                        String contentType, Double durationSeconds, int httpStatus, String resolvedAddress,
                        Instant fetchedAt) {
    VideoPart at(int index, String objectKey) {
        return new VideoPart(index, role, track, url, fetchedUrl, sha256, size, contentType, durationSeconds, objectKey,
                httpStatus, resolvedAddress, fetchedAt);
    }
}
