package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class HostileHlsPlaylistsAreRefusedTest {
    @Test
    void aTextWithoutExtm3uIsNotAPlaylist() {
        assertThatThrownBy(() -> HlsParser.media("<html><body>404</body></html>"))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("#EXTM3U");
        assertThatThrownBy(() -> HlsParser.isMaster("")).isInstanceOf(PlaylistException.class);
    }

    @Test
    void anUnterminatedQuoteIsRefusedNamingTheLine() {
        String master = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1.42e01e,mp4a.40.2\nv.m3u8\n";
        assertThatThrownBy(() -> HlsParser.master(master)).isInstanceOf(PlaylistException.class)
                .hasMessageContaining("line 3").hasMessageContaining("unterminated");
    }

    @Test
    void malformedAttributeListsAreRefusedNamingTheLine() {
        for (String attributes : new String[]{"BANDWIDTH", "=1", "BANDWIDTH=1,", "BANDWIDTH=1,,RESOLUTION=2x2",
                "BANDWIDTH=\"1\"x", "BANDWIDTH=1,BANDWIDTH=2", "BAND WIDTH=1", "BANDWIDTH=abc", "BANDWIDTH=1,RESOLUTION=big"}) {
            assertThatThrownBy(() -> HlsParser.master("#EXTM3U\n#EXT-X-STREAM-INF:" + attributes + "\nv.m3u8\n"))
                    .as(attributes).isInstanceOf(PlaylistException.class).hasMessageContaining("line 2");
        }
    }

    @Test
    void negativeOrNonNumericDurationsAreRefused() {
        assertThatThrownBy(() -> HlsParser.media("#EXTM3U\n#EXTINF:-4.0,\ns.ts\n"))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("line 2").hasMessageContaining("negative");
        for (String d : new String[]{"NaN", "Infinity", "0x1p3", "1e400", "", "4s"}) {
            assertThatThrownBy(() -> HlsParser.media("#EXTM3U\n#EXTINF:" + d + ",\ns.ts\n")).as(d)
                    .isInstanceOf(PlaylistException.class);
        }
    }

    @Test
    void aSegmentUriWithoutExtinfAndAKeyWithoutUriAreRefused() {
        assertThatThrownBy(() -> HlsParser.media("#EXTM3U\n#EXT-X-TARGETDURATION:4\ns.ts\n"))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("line 3");
        assertThatThrownBy(() -> HlsParser.media("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128\n#EXTINF:4,\ns.ts\n"))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("line 2");
    }

    @Test
    void aPlaylistOver4MiBIsRefused() {
        String big = MapFetcher.mediaPlaylist(1, 1.0, "s%d.ts") + "#" + "x".repeat(5 * 1024 * 1024) + "\n";
        assertThatThrownBy(() -> HlsParser.media(big)).isInstanceOf(PlaylistException.class).hasMessageContaining("over");
    }

    @Test
    void morePlaylistEntriesThanTheCapIsASegmentsCapWithThePlaylistKept() {
        String url = "https://x.example/long.m3u8";
        MapFetcher fetcher = new MapFetcher().serve(url, MapFetcher.mediaPlaylist(50, 2.0, "s%d.ts"));
        assertThatThrownBy(() -> HlsParser.media(MapFetcher.mediaPlaylist(50, 2.0, "s%d.ts"), 49))
                .isInstanceOf(SegmentLimitException.class).hasMessageContaining("49");
        VideoCaptureStop stop = catchThrowableOfType(() -> new StreamPlanner(new VariantRule(0), 49)
                .plan(VideoCaptureRequested.HLS, url, fetcher), VideoCaptureStop.class);
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.CAP);
        assertThat(stop.cap()).isEqualTo("segments");
        assertThat(stop.limit()).isEqualTo("49");
    }

    @Test
    void segmentsOfAllChosenTracksCountTowardsTheCap() {
        String base = "https://x.example/";
        String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"x\",DEFAULT=YES,URI=\"a.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=2x2,AUDIO=\"a\"\nv.m3u8\n";
        MapFetcher fetcher = new MapFetcher().serve(base + "m.m3u8", master)
                .serve(base + "v.m3u8", MapFetcher.mediaPlaylist(30, 2.0, "v%d.ts"))
                .serve(base + "a.m3u8", MapFetcher.mediaPlaylist(30, 2.0, "a%d.aac"));
        VideoCaptureStop stop = catchThrowableOfType(() -> new StreamPlanner(new VariantRule(0), 50)
                .plan(VideoCaptureRequested.HLS, base + "m.m3u8", fetcher), VideoCaptureStop.class);
        assertThat(stop.cap()).isEqualTo("segments");
        assertThat(stop.getMessage()).contains("60");
    }

    @Test
    void aHugeCountIsRefusedQuicklyWithoutExpanding() {
        StringBuilder sb = new StringBuilder("#EXTM3U\n");
        while (sb.length() < 4_000_000) {
            sb.append("#EXTINF:1,\na\n");
        }
        String text = sb.toString();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> HlsParser.media(text, 5000)).isInstanceOf(SegmentLimitException.class));
    }

    @Test
    void nonHttpUrisAreRefusedBeforeAnythingIsFetched() {
        String url = "https://x.example/p.m3u8";
        for (String uri : new String[]{"file:///etc/passwd", "data:video/mp2t;base64,AAAA", "ftp://x.example/s.ts",
                "gopher://x/", "skd://fairplay-key"}) {
            MapFetcher fetcher = new MapFetcher().serve(url, "#EXTM3U\n#EXTINF:4,\n" + uri + "\n#EXT-X-ENDLIST\n");
            assertThatThrownBy(() -> new StreamPlanner(new VariantRule(0), 100).plan(VideoCaptureRequested.HLS, url, fetcher))
                    .as(uri).isInstanceOf(PlaylistException.class).hasMessageContaining("http(s)");
            MapFetcher master = new MapFetcher()
                    .serve(url, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n" + uri + "\n");
            assertThatThrownBy(() -> new StreamPlanner(new VariantRule(0), 100).plan(VideoCaptureRequested.HLS, url, master))
                    .as(uri).isInstanceOf(PlaylistException.class);
            assertThat(master.calls).hasSize(1);
        }
    }

    @Test
    void bomCrlfCommentsAndUnknownTagsAreRead() throws Exception {
        String text = "\uFEFF#EXTM3U\r\n# made by an encoder\r\n#EXT-X-TARGETDURATION:6\r\n#EXT-X-UNKNOWN-TAG:FOO=1\r\n"
                + "#EXTINF:6.006,title, with comma\r\n\r\nseg0.ts\r\n#EXT-X-ENDLIST\r\n";
        HlsMediaPlaylist media = HlsParser.media(text);
        assertThat(media.segments()).singleElement().satisfies(s -> {
            assertThat(s.uri()).isEqualTo("seg0.ts");
            assertThat(s.durationSeconds()).isEqualTo(6.006);
        });
        assertThat(media.endList()).isTrue();
        assertThat(HlsParser.isMaster(text)).isFalse();
    }

    @Test
    void aVariantThatIsItselfAMasterIsRefused() {
        String base = "https://x.example/";
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nm.m3u8\n";
        MapFetcher fetcher = new MapFetcher().serve(base + "m.m3u8", master);
        assertThatThrownBy(() -> new StreamPlanner(new VariantRule(0), 100)
                .plan(VideoCaptureRequested.HLS, base + "m.m3u8", fetcher))
                .isInstanceOf(PlaylistException.class).hasMessageContaining("master");
    }
}
