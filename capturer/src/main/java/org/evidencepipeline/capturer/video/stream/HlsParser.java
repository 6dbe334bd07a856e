package org.evidencepipeline.capturer.video.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses HLS playlists (RFC 8216) from strangers: bounded, never trusting a tag, every error a {@link PlaylistException}. */
public final class HlsParser {
    /** Far above any real playlist (a 3 h stream of 2 s segments is ~300 KiB), small enough to hold in memory. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;
    /** Bound for {@link #media(String)} when the caller gives none. */
    public static final int DEFAULT_MAX_SEGMENTS = 100_000;
    /** A master playlist offering more variants or renditions than this is not a real one. */
    public static final int MAX_VARIANTS = 1_000;

    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,6})x(\\d{1,6})");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,12}(\\.\\d{0,12})?");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private HlsParser() {
    }

    /** True when the text is a multivariant playlist (has EXT-X-STREAM-INF), false for a media playlist. */
    public static boolean isMaster(String text) throws PlaylistException {
        for (String line : lines(text)) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                return true;
            }
        }
        return false;
    }

    public static HlsMasterPlaylist master(String text) throws PlaylistException {
        String[] lines = lines(text);
        List<HlsMasterPlaylist.Variant> variants = new ArrayList<>();
        List<HlsMasterPlaylist.Rendition> renditions = new ArrayList<>();
        Map<String, String> pending = null;
        int pendingLine = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (pending != null) {
                    throw new PlaylistException("line " + pendingLine + ": EXT-X-STREAM-INF without a URI line");
                }
                pending = HlsAttributes.parse(line.substring("#EXT-X-STREAM-INF:".length()), number);
                pendingLine = number;
            } else if (line.startsWith("#EXT-X-MEDIA:")) {
                renditions.add(rendition(HlsAttributes.parse(line.substring("#EXT-X-MEDIA:".length()), number), number));
            } else if (line.startsWith("#EXTINF")) {
                throw new PlaylistException("line " + number + ": EXTINF in a master playlist");
            } else if (!line.startsWith("#")) {
                if (pending == null) {
                    throw new PlaylistException("line " + number + ": URI without EXT-X-STREAM-INF in a master playlist");
                }
                variants.add(variant(pending, line, pendingLine));
                pending = null;
            }
            if (variants.size() + renditions.size() > MAX_VARIANTS) {
                throw new PlaylistException("more than " + MAX_VARIANTS + " variants and renditions");
            }
        }
        if (pending != null) {
            throw new PlaylistException("line " + pendingLine + ": EXT-X-STREAM-INF without a URI line");
        }
        if (variants.isEmpty()) {
            throw new PlaylistException("a master playlist without variants");
        }
        return new HlsMasterPlaylist(variants, renditions);
    }

    public static HlsMediaPlaylist media(String text) throws PlaylistException {
        return media(text, DEFAULT_MAX_SEGMENTS);
    }

    /** @param maxSegments more segment entries than this is a {@link SegmentLimitException} */
    public static HlsMediaPlaylist media(String text, int maxSegments) throws PlaylistException {
        String[] lines = lines(text);
        List<HlsMediaPlaylist.Segment> segments = new ArrayList<>();
        double targetDuration = 0;
        long mediaSequence = 0;
        boolean endList = false;
        HlsMediaPlaylist.Key key = null;
        String mapUri = null;
        Double pendingDuration = null;
        boolean sawSegment = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXTINF:")) {
                if (pendingDuration != null) {
                    throw new PlaylistException("line " + number + ": EXTINF follows EXTINF without a URI");
                }
                pendingDuration = extinf(line.substring("#EXTINF:".length()), number);
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                targetDuration = HlsAttributes.decimal(Map.of("EXT-X-TARGETDURATION",
                        line.substring("#EXT-X-TARGETDURATION:".length()).strip()), "EXT-X-TARGETDURATION", number);
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                if (sawSegment) {
                    throw new PlaylistException("line " + number + ": EXT-X-MEDIA-SEQUENCE after the first segment");
                }
                mediaSequence = HlsAttributes.decimal(Map.of("EXT-X-MEDIA-SEQUENCE",
                        line.substring("#EXT-X-MEDIA-SEQUENCE:".length()).strip()), "EXT-X-MEDIA-SEQUENCE", number);
            } else if (line.equals("#EXT-X-ENDLIST")) {
                endList = true;
            } else if (line.startsWith("#EXT-X-KEY:")) {
                key = key(HlsAttributes.parse(line.substring("#EXT-X-KEY:".length()), number), number);
            } else if (line.startsWith("#EXT-X-MAP:")) {
                Map<String, String> map = HlsAttributes.parse(line.substring("#EXT-X-MAP:".length()), number);
                mapUri = map.get("URI");
                if (mapUri == null || mapUri.isBlank()) {
                    throw new PlaylistException("line " + number + ": EXT-X-MAP without URI");
                }
            } else if (line.startsWith("#EXT-X-STREAM-INF:")) {
                throw new PlaylistException("line " + number + ": EXT-X-STREAM-INF in a media playlist");
            } else if (!line.startsWith("#")) {
                // EXT-X-BYTERANGE, EXT-X-DISCONTINUITY and comments need no state here: a byte-ranged resource is
                // fetched whole, once, and ffmpeg handles discontinuities from the local copy.
                if (pendingDuration == null) {
                    throw new PlaylistException("line " + number + ": segment URI without EXTINF");
                }
                if (segments.size() >= maxSegments) {
                    throw new SegmentLimitException(maxSegments, "media playlist lists more than " + maxSegments
                            + " segments");
                }
                segments.add(new HlsMediaPlaylist.Segment(line, pendingDuration, mediaSequence + segments.size(), key,
                        mapUri));
                pendingDuration = null;
                sawSegment = true;
            }
        }
        if (pendingDuration != null) {
            throw new PlaylistException("the last EXTINF has no URI");
        }
        return new HlsMediaPlaylist(targetDuration, mediaSequence, endList, segments);
    }

    /** Lines of a playlist: bounded, BOM and CRLF tolerated, {@code #EXTM3U} first or it is not a playlist. */
    private static String[] lines(String text) throws PlaylistException {
        if (text == null) {
            throw new PlaylistException("no playlist text");
        }
        if (text.length() > MAX_CHARS) {
            throw new PlaylistException("playlist over " + MAX_CHARS + " characters");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = LINE_BREAK.split(body, -1);
        if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
            throw new PlaylistException("not an HLS playlist: the first line is not #EXTM3U");
        }
        return lines;
    }

    private static double extinf(String value, int number) throws PlaylistException {
        int comma = value.indexOf(',');
        String duration = (comma < 0 ? value : value.substring(0, comma)).strip();
        if (!DECIMAL.matcher(duration).matches()) {
            throw new PlaylistException("line " + number + ": EXTINF duration is not a decimal number: '"
                    + HlsAttributes.shorten(duration) + "'");
        }
        if (duration.startsWith("-")) {
            throw new PlaylistException("line " + number + ": EXTINF duration is negative: " + duration);
        }
        double seconds = Double.parseDouble(duration);
        return seconds;
    }

    private static HlsMediaPlaylist.Key key(Map<String, String> attributes, int number) throws PlaylistException {
        String method = attributes.get("METHOD");
        if (method == null) {
            throw new PlaylistException("line " + number + ": EXT-X-KEY without METHOD");
        }
        if (method.equals("NONE")) {
            return null;
        }
        String uri = attributes.get("URI");
        if (uri == null || uri.isBlank()) {
            throw new PlaylistException("line " + number + ": EXT-X-KEY " + HlsAttributes.shorten(method) + " without URI");
        }
        String iv = attributes.get("IV");
        if (iv != null && !iv.matches("0[xX][0-9a-fA-F]{1,32}")) {
            throw new PlaylistException("line " + number + ": EXT-X-KEY IV is not a hexadecimal 0x… value");
        }
        return new HlsMediaPlaylist.Key(method, uri, iv);
    }

    private static HlsMasterPlaylist.Variant variant(Map<String, String> a, String uri, int number) throws PlaylistException {
        if (!a.containsKey("BANDWIDTH")) {
            throw new PlaylistException("line " + number + ": EXT-X-STREAM-INF without BANDWIDTH");
        }
        long bandwidth = HlsAttributes.decimal(a, "BANDWIDTH", number);
        Integer width = null;
        Integer height = null;
        String resolution = a.get("RESOLUTION");
        if (resolution != null) {
            var m = RESOLUTION.matcher(resolution);
            if (!m.matches()) {
                throw new PlaylistException("line " + number + ": RESOLUTION is not WxH: '"
                        + HlsAttributes.shorten(resolution) + "'");
            }
            width = Integer.parseInt(m.group(1));
            height = Integer.parseInt(m.group(2));
        }
        return new HlsMasterPlaylist.Variant(uri, bandwidth, width, height, a.get("CODECS"), a.get("AUDIO"),
                a.get("SUBTITLES"));
    }

    private static HlsMasterPlaylist.Rendition rendition(Map<String, String> a, int number) throws PlaylistException {
        String type = a.get("TYPE");
        String group = a.get("GROUP-ID");
        if (type == null || group == null) {
            throw new PlaylistException("line " + number + ": EXT-X-MEDIA without TYPE or GROUP-ID");
        }
        String uri = a.get("URI");
        return new HlsMasterPlaylist.Rendition(type, group, a.get("NAME"), a.get("LANGUAGE"),
                "YES".equals(a.get("DEFAULT")), uri == null || uri.isBlank() ? null : uri);
    }
}
