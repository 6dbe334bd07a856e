package org.evidencepipeline.capturer.video.stream;

import java.util.List;
import java.util.function.Function;

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

    /** An unknown height counts as fitting: a variant that does not say cannot be held to the cap. */
    public boolean fits(Integer height) {
        return maxHeight == 0 || height == null || height <= maxHeight;
    }

    /**
     * The highest-bandwidth fitting variant (ties: the larger picture, then the first listed); when none fits, the
     * lowest bandwidth (ties: the smaller picture, then the first listed). Null only for an empty list.
     */
    public HlsMasterPlaylist.Variant chooseVariant(List<HlsMasterPlaylist.Variant> variants) {
        return choose(variants, HlsMasterPlaylist.Variant::bandwidth, HlsMasterPlaylist.Variant::width,
                HlsMasterPlaylist.Variant::height);
    }

    /** The same rule over DASH video representations. */
    public DashManifest.Representation chooseRepresentation(List<DashManifest.Representation> representations) {
        return choose(representations, DashManifest.Representation::bandwidth, DashManifest.Representation::width,
                DashManifest.Representation::height);
    }

    private <T> T choose(List<T> candidates, Function<T, Long> bandwidth, Function<T, Integer> width,
                         Function<T, Integer> height) {
        T best = null;
        boolean anyFits = candidates.stream().anyMatch(c -> fits(height.apply(c)));
        for (T c : candidates) {
            if (anyFits != fits(height.apply(c))) {
                continue;
            }
            if (best == null) {
                best = c;
                continue;
            }
            int byBandwidth = Long.compare(bandwidth.apply(c), bandwidth.apply(best));
            int byPicture = Long.compare(pixels(width.apply(c), height.apply(c)), pixels(width.apply(best), height.apply(best)));
            int order = byBandwidth != 0 ? byBandwidth : byPicture;
            // Strictly better only, so the first listed wins a full tie.
            if (anyFits ? order > 0 : order < 0) {
                best = c;
            }
        }
        return best;
    }

    private static long pixels(Integer width, Integer height) {
        return (long) (width == null ? 0 : width) * (height == null ? 0 : height) + (height == null ? 0 : height);
    }

    /** The variant's audio: the group's DEFAULT=YES rendition with a URI, else the first with a URI, else null (muxed in). */
    public HlsMasterPlaylist.Rendition chooseAudio(HlsMasterPlaylist master, HlsMasterPlaylist.Variant variant) {
        if (variant.audioGroup() == null) {
            return null;
        }
        HlsMasterPlaylist.Rendition first = null;
        for (HlsMasterPlaylist.Rendition r : master.renditions()) {
            if ("AUDIO".equals(r.type()) && variant.audioGroup().equals(r.groupId()) && r.uri() != null) {
                if (r.isDefault()) {
                    return r;
                }
                first = first == null ? r : first;
            }
        }
        return first;
    }

    /** Every subtitle rendition of the variant's group that has its own playlist. */
    public List<HlsMasterPlaylist.Rendition> chooseSubtitles(HlsMasterPlaylist master, HlsMasterPlaylist.Variant variant) {
        if (variant.subtitlesGroup() == null) {
            return List.of();
        }
        return master.renditions().stream()
                .filter(r -> "SUBTITLES".equals(r.type()) && variant.subtitlesGroup().equals(r.groupId()) && r.uri() != null)
                .toList();
    }

    /** DASH audio: the highest bandwidth, among adaptations in the video's language when there are any. */
    public DashManifest.Representation chooseAudio(List<DashManifest.Adaptation> audio, String videoLanguage) {
        List<DashManifest.Adaptation> pool = audio;
        if (videoLanguage != null) {
            List<DashManifest.Adaptation> same = audio.stream().filter(a -> videoLanguage.equals(a.language())).toList();
            pool = same.isEmpty() ? audio : same;
        }
        DashManifest.Representation best = null;
        for (DashManifest.Adaptation a : pool) {
            for (DashManifest.Representation r : a.representations()) {
                if (best == null || r.bandwidth() > best.bandwidth()) {
                    best = r;
                }
            }
        }
        return best;
    }
}
