package org.evidencepipeline.capturer.video.stream;

import java.util.List;

/**
 * An HLS multivariant ("master") playlist as parsed (RFC 8216 §4.4.6): its variants ({@code EXT-X-STREAM-INF}) and
 * renditions ({@code EXT-X-MEDIA}). URIs are as written (relative or absolute); {@link StreamPlanner} resolves them.
 */
public record HlsMasterPlaylist(List<Variant> variants, List<Rendition> renditions) {
    public HlsMasterPlaylist {
        variants = List.copyOf(variants);
        renditions = List.copyOf(renditions);
    }

    /** @param width and {@code height} from RESOLUTION, null when not declared */
    public record Variant(String uri, long bandwidth, Integer width, Integer height, String codecs, String audioGroup,
                          String subtitlesGroup) {
    }

    /** @param type AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS; {@code uri} is null when the rendition is in the variant */
    public record Rendition(String type, String groupId, String name, String language, boolean isDefault, String uri) {
    }
}
