package org.evidencepipeline.capturer.video.stream;

import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.contracts.VideoPart;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An Apple-style multivariant playlist: video variants without audio, a separate audio group, WebVTT subtitles. */
class SeparateAudioAndSubtitleRenditionsArePlannedTest {
    static final String BASE = "https://news.example/vod/clip/";
    static final String MASTER = "#EXTM3U\r\n"
            + "#EXT-X-VERSION:6\r\n"
            + "#EXT-X-INDEPENDENT-SEGMENTS\r\n"
            + "## a comment, not a tag\r\n"
            + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",LANGUAGE=\"fr\",NAME=\"Français, stéréo\",AUTOSELECT=YES,"
            + "DEFAULT=NO,CHANNELS=\"2\",URI=\"audio/fr/prog.m3u8\"\r\n"
            + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",LANGUAGE=\"en\",NAME=\"English\",AUTOSELECT=YES,DEFAULT=YES,"
            + "CHANNELS=\"2\",URI=\"audio/en/prog.m3u8\"\r\n"
            + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"en\",NAME=\"English\",DEFAULT=YES,"
            + "AUTOSELECT=YES,FORCED=NO,URI=\"subs/en/prog.m3u8\"\r\n"
            + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"uk\",NAME=\"Українська\",DEFAULT=NO,"
            + "AUTOSELECT=YES,FORCED=NO,URI=\"subs/uk/prog.m3u8\"\r\n"
            + "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\",INSTREAM-ID=\"CC1\"\r\n"
            + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=186000,RESOLUTION=1280x720,URI=\"v720/iframes.m3u8\"\r\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=2227464,AVERAGE-BANDWIDTH=2218327,RESOLUTION=960x540,FRAME-RATE=30.000,"
            + "CODECS=\"avc1.640020,mp4a.40.2\",AUDIO=\"aac\",SUBTITLES=\"subs\",CLOSED-CAPTIONS=\"cc\"\r\n"
            + "v540/prog.m3u8\r\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=8178040,AVERAGE-BANDWIDTH=8144656,RESOLUTION=1920x1080,FRAME-RATE=60.000,"
            + "CODECS=\"avc1.64002a,mp4a.40.2\",AUDIO=\"aac\",SUBTITLES=\"subs\",CLOSED-CAPTIONS=\"cc\"\r\n"
            + "v1080/prog.m3u8\r\n";

    private static String vtt(int count) {
        return MapFetcher.mediaPlaylist(count, 6.0, "sub%d.vtt");
    }

    @Test
    void theMasterIsParsedWithQuotedCommasAndEveryAttribute() throws Exception {
        HlsMasterPlaylist master = HlsParser.master(MASTER);
        assertThat(master.variants()).hasSize(2);
        HlsMasterPlaylist.Variant v = master.variants().get(0);
        assertThat(v.uri()).isEqualTo("v540/prog.m3u8");
        assertThat(v.bandwidth()).isEqualTo(2227464);
        assertThat(v.width()).isEqualTo(960);
        assertThat(v.height()).isEqualTo(540);
        assertThat(v.codecs()).isEqualTo("avc1.640020,mp4a.40.2");
        assertThat(v.audioGroup()).isEqualTo("aac");
        assertThat(v.subtitlesGroup()).isEqualTo("subs");
        assertThat(master.renditions()).hasSize(5);
        HlsMasterPlaylist.Rendition fr = master.renditions().get(0);
        assertThat(fr.name()).isEqualTo("Français, stéréo");
        assertThat(fr.language()).isEqualTo("fr");
        assertThat(fr.isDefault()).isFalse();
        assertThat(master.renditions().get(1).isDefault()).isTrue();
        assertThat(master.renditions().get(4).uri()).isNull();
    }

    @Test
    void theDefaultAudioAndEverySubtitleOfTheChosenVariantArePlanned() throws Exception {
        MapFetcher fetcher = new MapFetcher()
                .serve(BASE + "master.m3u8", MASTER)
                .serve(BASE + "v1080/prog.m3u8", MapFetcher.mediaPlaylist(3, 6.0, "seg%d.ts"))
                .serve(BASE + "audio/en/prog.m3u8", MapFetcher.mediaPlaylist(3, 6.0, "a%d.aac"))
                .serve(BASE + "subs/en/prog.m3u8", vtt(3))
                .serve(BASE + "subs/uk/prog.m3u8", vtt(3));
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "master.m3u8", fetcher);

        assertThat(fetcher.calls).containsExactly(
                new MapFetcher.Call(VideoPart.MASTER_PLAYLIST, null, BASE + "master.m3u8"),
                new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "video", BASE + "v1080/prog.m3u8"),
                new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "audio", BASE + "audio/en/prog.m3u8"),
                new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "subtitles:en", BASE + "subs/en/prog.m3u8"),
                new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "subtitles:uk", BASE + "subs/uk/prog.m3u8"));
        assertThat(plan.parts()).extracting(PlannedPart::track, PlannedPart::role, PlannedPart::url).startsWith(
                org.assertj.core.groups.Tuple.tuple("video", VideoPart.SEGMENT, BASE + "v1080/seg0.ts"));
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("audio")).extracting(PlannedPart::url)
                .containsExactly(BASE + "audio/en/a0.aac", BASE + "audio/en/a1.aac", BASE + "audio/en/a2.aac");
        assertThat(plan.parts()).filteredOn(p -> p.track().equals("subtitles:uk"))
                .extracting(PlannedPart::role).containsOnly(VideoPart.SUBTITLE).hasSize(3);
        assertThat(plan.parts()).hasSize(12);
        assertThat(plan.durationSeconds()).isEqualTo(18.0);
        assertThat(plan.selection().audio()).isEqualTo(BASE + "audio/en/prog.m3u8");
        assertThat(plan.selection().subtitles()).containsExactly(BASE + "subs/en/prog.m3u8", BASE + "subs/uk/prog.m3u8");
        assertThat(plan.selection().resolution()).isEqualTo("1920x1080");
    }

    @Test
    void withoutADefaultTheFirstAudioRenditionWithAUriIsTaken() throws Exception {
        HlsMasterPlaylist master = HlsParser.master(MASTER.replace("DEFAULT=YES,CHANNELS", "DEFAULT=NO,CHANNELS"));
        assertThat(new VariantRule(1080).chooseAudio(master, master.variants().get(1)).language()).isEqualTo("fr");
    }

    @Test
    void aMasterOfAudioOnlyVariantsIsOneAudioTrack() throws Exception {
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.5\"\nlow.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\nhigh.m3u8\n";
        MapFetcher fetcher = new MapFetcher().serve(BASE + "radio.m3u8", master)
                .serve(BASE + "high.m3u8", MapFetcher.mediaPlaylist(2, 10.0, "h%d.aac"));
        StreamPlan plan = new StreamPlanner(new VariantRule(1080), 5000)
                .plan(VideoCaptureRequested.HLS, BASE + "radio.m3u8", fetcher);
        assertThat(fetcher.calls.get(1)).isEqualTo(new MapFetcher.Call(VideoPart.MEDIA_PLAYLIST, "audio", BASE + "high.m3u8"));
        assertThat(plan.parts()).extracting(PlannedPart::track).containsOnly("audio");
        assertThat(plan.selection().bandwidth()).isEqualTo(128000);
        assertThat(plan.selection().resolution()).isNull();
        assertThat(plan.durationSeconds()).isEqualTo(20.0);
        assertThat(List.of(plan.selection().variantsOffered())).containsExactly(2);
    }
}
