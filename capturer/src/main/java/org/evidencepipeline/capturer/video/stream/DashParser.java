package org.evidencepipeline.capturer.video.stream;

import java.net.URI;

/** Parses a DASH MPD from strangers: XML without DTDs or external entities, bounded in size and segment count. */
public final class DashParser {
    private DashParser() {
    }

    /**
     * @param maxSegments a manifest expanding to more segments than this (per representation) is refused, so a
     *                    hostile SegmentTemplate cannot make millions of URLs
     */
    public static DashManifest parse(byte[] xml, URI manifestUrl, int maxSegments) throws PlaylistException {
        throw new UnsupportedOperationException("STREAMS");
    }
}
