package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.evidencepipeline.contracts.VideoProvenance;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an HLS or DASH stream's playlists or manifest (through the given fetcher, which keeps each one as a part),
 * chooses the variant and renditions by the rule, and lists what else to fetch.
 */
public final class StreamPlanner {
    private final VariantRule rule;
    private final int maxSegments;

    public StreamPlanner(VariantRule rule, int maxSegments) {
        this.rule = rule;
        this.maxSegments = maxSegments;
    }

    /**
     * @param kind {@code VideoCaptureRequested.HLS} or {@code DASH}
     * @throws PlaylistException when a playlist or manifest is not one, or offers nothing to play
     * @throws VideoCaptureStop  from the fetcher, or a {@code segments} cap when the chosen tracks list more than
     *                           {@code maxSegments} parts (the playlists fetched so far are kept)
     */
    public StreamPlan plan(String kind, String streamUrl, ManifestFetcher fetcher) throws PlaylistException, VideoCaptureStop {
        try {
            if (VideoCaptureRequested.HLS.equals(kind)) {
                return hls(streamUrl, fetcher);
            }
            if (VideoCaptureRequested.DASH.equals(kind)) {
                return dash(streamUrl, fetcher);
            }
        } catch (SegmentLimitException e) {
            throw tooMany(e.getMessage());
        }
        throw new IllegalArgumentException("the planner reads hls or dash streams, not " + kind);
    }

    private StreamPlan hls(String streamUrl, ManifestFetcher fetcher) throws PlaylistException, VideoCaptureStop {
        ManifestFetcher.Fetched first = fetcher.fetch(VideoPart.MASTER_PLAYLIST, null, streamUrl);
        String text = text(first);
        Parts parts = new Parts();
        if (!HlsParser.isMaster(text)) {
            // A media playlist given as the stream: one track, nothing to choose.
            fetcher.identified(first.fetchedUrl(), VideoPart.MEDIA_PLAYLIST, "video");
            HlsMediaPlaylist media = HlsParser.media(text, maxSegments);
            parts.hlsTrack("video", media, first.fetchedUrl(), VideoPart.SEGMENT);
            checkCount(parts);
            VideoProvenance.Selection selection = new VideoProvenance.Selection(rule.describe(), first.fetchedUrl(), 0,
                    null, null, null, List.of(), 1);
            return new StreamPlan(selection, parts.list, media.durationSeconds(), !media.endList());
        }
        HlsMasterPlaylist master = HlsParser.master(text);
        HlsMasterPlaylist.Variant variant = rule.chooseVariant(master.variants());
        String mainTrack = audioOnly(variant) ? "audio" : "video";
        String variantUrl = httpUrl(first.fetchedUrl(), variant.uri());
        HlsMasterPlaylist.Rendition audio = "video".equals(mainTrack) ? rule.chooseAudio(master, variant) : null;
        List<HlsMasterPlaylist.Rendition> subtitles = rule.chooseSubtitles(master, variant);
        String audioUrl = audio == null ? null : httpUrl(first.fetchedUrl(), audio.uri());
        List<String> subtitleUrls = new ArrayList<>();
        for (HlsMasterPlaylist.Rendition s : subtitles) {
            subtitleUrls.add(httpUrl(first.fetchedUrl(), s.uri()));
        }

        HlsMediaPlaylist main = fetchMedia(fetcher, mainTrack, variantUrl, parts, VideoPart.SEGMENT);
        if (audioUrl != null && !audioUrl.equals(variantUrl)) {
            fetchMedia(fetcher, "audio", audioUrl, parts, VideoPart.SEGMENT);
        }
        Set<String> subtitleTracks = new HashSet<>();
        for (int i = 0; i < subtitles.size(); i++) {
            HlsMasterPlaylist.Rendition s = subtitles.get(i);
            String track = unique(subtitleTracks, "subtitles:" + label(s.language(), s.name(), i));
            fetchMedia(fetcher, track, subtitleUrls.get(i), parts, VideoPart.SUBTITLE);
        }
        checkCount(parts);
        String resolution = variant.width() != null && variant.height() != null
                ? variant.width() + "x" + variant.height() : null;
        VideoProvenance.Selection selection = new VideoProvenance.Selection(rule.describe(), variantUrl,
                variant.bandwidth(), resolution, variant.codecs(), audioUrl, subtitleUrls, master.variants().size());
        return new StreamPlan(selection, parts.list, main.durationSeconds(), !main.endList());
    }

    private HlsMediaPlaylist fetchMedia(ManifestFetcher fetcher, String track, String url, Parts parts, String role)
            throws PlaylistException, VideoCaptureStop {
        ManifestFetcher.Fetched fetched = fetcher.fetch(VideoPart.MEDIA_PLAYLIST, track, url);
        String text = text(fetched);
        if (HlsParser.isMaster(text)) {
            throw new PlaylistException("the " + track + " playlist " + url + " is itself a master playlist");
        }
        HlsMediaPlaylist media = HlsParser.media(text, maxSegments);
        parts.hlsTrack(track, media, fetched.fetchedUrl(), role);
        checkCount(parts);
        return media;
    }

    private StreamPlan dash(String streamUrl, ManifestFetcher fetcher) throws PlaylistException, VideoCaptureStop {
        ManifestFetcher.Fetched fetched = fetcher.fetch(VideoPart.MANIFEST, null, streamUrl);
        DashManifest manifest = DashParser.parse(fetched.bytes(), uri(fetched.fetchedUrl()), maxSegments);
        List<DashManifest.Representation> videos = new ArrayList<>();
        List<DashManifest.Adaptation> audios = new ArrayList<>();
        List<DashManifest.Adaptation> texts = new ArrayList<>();
        Map<DashManifest.Representation, String> language = new LinkedHashMap<>();
        for (DashManifest.Adaptation a : manifest.adaptations()) {
            String type = a.contentType() == null ? "" : a.contentType();
            if (type.equals("video")) {
                videos.addAll(a.representations());
                a.representations().forEach(r -> language.put(r, a.language()));
            } else if (type.equals("audio")) {
                audios.add(a);
            } else if (type.equals("text")) {
                texts.add(a);
            }
        }
        DashManifest.Representation video = rule.chooseRepresentation(videos);
        DashManifest.Representation audio = rule.chooseAudio(audios, video == null ? null : language.get(video));
        if (video == null && audio == null) {
            throw new PlaylistException("the manifest offers no video or audio representation");
        }
        Parts parts = new Parts();
        DashManifest.Representation main = video != null ? video : audio;
        parts.dashTrack(video != null ? "video" : "audio", main, VideoPart.SEGMENT);
        if (video != null && audio != null) {
            parts.dashTrack("audio", audio, VideoPart.SEGMENT);
        }
        List<String> subtitles = new ArrayList<>();
        Set<String> subtitleTracks = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            DashManifest.Adaptation text = texts.get(i);
            DashManifest.Representation best = null;
            for (DashManifest.Representation r : text.representations()) {
                best = best == null || r.bandwidth() > best.bandwidth() ? r : best;
            }
            if (best != null) {
                parts.dashTrack(unique(subtitleTracks, "subtitles:" + label(text.language(), best.id(), i)), best,
                        VideoPart.SUBTITLE);
                subtitles.add(name(best));
            }
        }
        checkCount(parts);
        String resolution = main.width() != null && main.height() != null ? main.width() + "x" + main.height() : null;
        int offered = video != null ? videos.size() : audios.stream().mapToInt(a -> a.representations().size()).sum();
        VideoProvenance.Selection selection = new VideoProvenance.Selection(rule.describe(), name(main), main.bandwidth(),
                resolution, main.codecs(), video != null && audio != null ? name(audio) : null, subtitles, offered);
        return new StreamPlan(selection, parts.list, duration(main, manifest), manifest.dynamic());
    }

    private static Double duration(DashManifest.Representation main, DashManifest manifest) {
        double sum = 0;
        for (DashManifest.Segment s : main.segments()) {
            if (s.init()) {
                continue;
            }
            if (s.durationSeconds() == null) {
                return manifest.durationSeconds();
            }
            sum += s.durationSeconds();
        }
        return sum;
    }

    private static String name(DashManifest.Representation r) {
        if (r.id() != null) {
            return r.id();
        }
        return r.initUrl() != null ? r.initUrl() : r.segments().isEmpty() ? "" : r.segments().get(0).url();
    }

    private void checkCount(Parts parts) throws VideoCaptureStop {
        long count = parts.list.stream().filter(p -> !VideoPart.KEY.equals(p.role())).count();
        if (count > maxSegments) {
            throw tooMany("the chosen tracks list " + count + " parts, more than " + maxSegments);
        }
    }

    private VideoCaptureStop tooMany(String reason) {
        return VideoCaptureStop.cap("segments", String.valueOf(maxSegments), reason);
    }

    /** The parts of the chosen tracks, in order, each URL once. */
    private static final class Parts {
        final List<PlannedPart> list = new ArrayList<>();
        final Set<String> keysAndInits = new HashSet<>();

        void hlsTrack(String track, HlsMediaPlaylist media, String playlistUrl, String segmentRole) throws PlaylistException {
            for (HlsMediaPlaylist.Segment s : media.segments()) {
                if (s.key() != null) {
                    String keyUrl = httpUrl(playlistUrl, s.key().uri());
                    if (keysAndInits.add(keyUrl)) {
                        list.add(new PlannedPart(VideoPart.KEY, track, keyUrl, null, -1, null, null));
                    }
                }
            }
            Set<String> segmentUrls = new HashSet<>();
            for (HlsMediaPlaylist.Segment s : media.segments()) {
                segmentUrls.add(httpUrl(playlistUrl, s.uri()));
            }
            for (HlsMediaPlaylist.Segment s : media.segments()) {
                if (s.mapUri() != null) {
                    String mapUrl = httpUrl(playlistUrl, s.mapUri());
                    // A map that is a byte range of a segment's own file comes whole with that segment.
                    if (!segmentUrls.contains(mapUrl) && keysAndInits.add(mapUrl)) {
                        list.add(new PlannedPart(VideoPart.INIT, track, mapUrl, null, -1, null, null));
                    }
                }
            }
            // A byte-ranged resource is listed once, fetched whole, with the durations of all its ranges.
            Map<String, PlannedPart> segments = new LinkedHashMap<>();
            for (HlsMediaPlaylist.Segment s : media.segments()) {
                String url = httpUrl(playlistUrl, s.uri());
                // Only AES-128 is whole-segment decryption; a SAMPLE-AES key is kept as a part but not applied.
                boolean aes = s.key() != null && "AES-128".equals(s.key().method());
                PlannedPart part = new PlannedPart(segmentRole, track, url, s.durationSeconds(), s.sequence(),
                        aes ? httpUrl(playlistUrl, s.key().uri()) : null, aes ? s.key().iv() : null);
                segments.merge(url, part, (was, more) -> new PlannedPart(was.role(), was.track(), was.url(),
                        was.durationSeconds() + more.durationSeconds(), was.sequence(), was.keyUrl(), was.keyIv()));
            }
            list.addAll(segments.values());
        }

        void dashTrack(String track, DashManifest.Representation r, String segmentRole) throws PlaylistException {
            Set<String> segmentUrls = new HashSet<>();
            for (DashManifest.Segment s : r.segments()) {
                segmentUrls.add(s.url());
            }
            if (r.initUrl() != null) {
                String init = checkedHttp(r.initUrl());
                // An initialization range of the media file itself comes whole with it.
                if (!segmentUrls.contains(init) && keysAndInits.add(init)) {
                    list.add(new PlannedPart(VideoPart.INIT, track, init, null, -1, null, null));
                }
            }
            Map<String, PlannedPart> segments = new LinkedHashMap<>();
            for (DashManifest.Segment s : r.segments()) {
                String url = checkedHttp(s.url());
                if (s.init()) {
                    if (keysAndInits.add(url)) {
                        list.addAll(segments.values());
                        segments.clear();
                        list.add(new PlannedPart(VideoPart.INIT, track, url, null, -1, null, null));
                    }
                    continue;
                }
                PlannedPart part = new PlannedPart(segmentRole, track, url, s.durationSeconds(), -1, null, null);
                segments.merge(url, part, (was, more) -> new PlannedPart(was.role(), was.track(), was.url(),
                        was.durationSeconds() == null || more.durationSeconds() == null ? null
                                : was.durationSeconds() + more.durationSeconds(), -1, null, null));
            }
            list.addAll(segments.values());
        }
    }

    private static boolean audioOnly(HlsMasterPlaylist.Variant v) {
        if (v.codecs() == null || v.width() != null || v.height() != null) {
            return false;
        }
        for (String codec : v.codecs().split(",")) {
            String c = codec.strip().toLowerCase(Locale.ROOT);
            if (!(c.startsWith("mp4a") || c.startsWith("ac-3") || c.startsWith("ec-3") || c.startsWith("opus")
                    || c.startsWith("flac") || c.startsWith("mp3"))) {
                return false;
            }
        }
        return true;
    }

    private static String label(String language, String name, int index) {
        String label = language != null && !language.isBlank() ? language : name != null && !name.isBlank() ? name
                : String.valueOf(index + 1);
        return label.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String unique(Set<String> used, String track) {
        String candidate = track;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = track + "-" + n;
        }
        return candidate;
    }

    private static String text(ManifestFetcher.Fetched fetched) throws PlaylistException {
        if (fetched.bytes().length > HlsParser.MAX_CHARS * 4L) {
            throw new PlaylistException("playlist over " + HlsParser.MAX_CHARS + " characters");
        }
        return new String(fetched.bytes(), StandardCharsets.UTF_8);
    }

    private static URI uri(String url) throws PlaylistException {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new PlaylistException("not a URI: '" + HlsAttributes.shorten(url) + "'", e);
        }
    }

    /** Resolves against the URL the playlist came from after redirects; only http(s) is ever planned. */
    static String httpUrl(String base, String reference) throws PlaylistException {
        URI resolved;
        try {
            resolved = uri(base).resolve(new URI(reference.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PlaylistException("not a URI: '" + HlsAttributes.shorten(reference) + "'", e);
        }
        return checkedHttp(resolved.toString());
    }

    private static String checkedHttp(String url) throws PlaylistException {
        String scheme = uri(url).getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new PlaylistException("only http(s) parts are fetched, not '" + HlsAttributes.shorten(url) + "'");
        }
        return url;
    }
}
