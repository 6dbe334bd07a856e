package org.evidencepipeline.capturer.video.mux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media playlist the fixtures wrote, read into the segments the capturer hands the muxer (each with its duration,
 * sequence number, key file and stated IV). Only what ffmpeg's HLS muxer writes; the product's parser is elsewhere.
 */
final class PlaylistParts {
    private static final Pattern URI = Pattern.compile("URI=\"([^\"]+)\"");
    private static final Pattern IV = Pattern.compile("IV=(0[xX][0-9a-fA-F]+)");

    private PlaylistParts() {
    }

    static List<MuxTrack.Segment> segments(Path playlist) throws IOException {
        return segments(playlist, null);
    }

    /** @param keyOverride a key file to use instead of the playlist's, or null */
    static List<MuxTrack.Segment> segments(Path playlist, Path keyOverride) throws IOException {
        List<MuxTrack.Segment> segments = new ArrayList<>();
        Path dir = playlist.getParent();
        long sequence = 0;
        Double duration = null;
        Path key = null;
        String iv = null;
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(22).trim());
            } else if (line.startsWith("#EXT-X-KEY:")) {
                Matcher uri = URI.matcher(line);
                Matcher stated = IV.matcher(line);
                key = uri.find() ? (keyOverride != null ? keyOverride : dir.resolve(uri.group(1)).normalize()) : null;
                iv = stated.find() ? stated.group(1) : null;
            } else if (line.startsWith("#EXTINF:")) {
                duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                segments.add(new MuxTrack.Segment(dir.resolve(line), duration, sequence++, key, iv));
            }
        }
        return segments;
    }
}
