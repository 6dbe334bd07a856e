package org.evidencepipeline.capturer.video.stream;

/**
 * Which variant of a stream to keep: the highest bandwidth whose height is at most {@code maxHeight} (0: no limit);
 * when none fits, the lowest. Audio: the default rendition of the variant's group, else the first, else the highest
 * bandwidth audio adaptation (DASH). Subtitles: every subtitle rendition of the variant's group.
 */
public record VariantRule(int maxHeight) {
    public VariantRule {
        if (maxHeight < 0) {
            throw new IllegalArgumentException("max height is 0 (no limit) or more, not " + maxHeight);
        }
    }

    /** As recorded in the provenance's selection. */
    public String describe() {
        return maxHeight == 0 ? "highest-bandwidth" : "highest-bandwidth, height <= " + maxHeight;
    }
}
