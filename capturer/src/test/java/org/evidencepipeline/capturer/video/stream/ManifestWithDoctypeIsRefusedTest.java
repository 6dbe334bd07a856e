package org.evidencepipeline.capturer.video.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ManifestWithDoctypeIsRefusedTest {
    static final URI URL = URI.create("https://x.example/m.mpd");

    private static PlaylistException refused(String xml) {
        return catchThrowableOfType(() -> DashParser.parse(xml.getBytes(StandardCharsets.UTF_8), URL, 5000),
                PlaylistException.class);
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE MPD [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<MPD mediaPresentationDuration=\"PT2S\"><Period><AdaptationSet mimeType=\"video/mp4\">"
                + "<Representation id=\"v\" bandwidth=\"1\"><BaseURL>&x;</BaseURL></Representation>"
                + "</AdaptationSet></Period></MPD>";
        PlaylistException e = refused(xxe);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
    }

    @Test
    void anyDoctypeIsRefusedEvenWithoutEntities() {
        assertThat(refused("<!DOCTYPE MPD SYSTEM \"http://127.0.0.1:1/mpd.dtd\"><MPD/>")).hasMessageContaining("DOCTYPE");
    }

    @Test
    void aBillionLaughsIsRefusedAtOnce() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String previous = "lol";
        for (int i = 1; i < 10; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                sb.append('&').append(previous).append(';');
            }
            sb.append("\">");
            previous = "lol" + i;
        }
        sb.append("]><MPD><Period><BaseURL>&lol9;</BaseURL></Period></MPD>");
        assertThat(refused(sb.toString())).hasMessageContaining("DOCTYPE");
    }

    @Test
    void whatIsNotAnMpdIsRefused() {
        assertThat(refused("<html><body>not found</body></html>")).hasMessageContaining("not a DASH manifest");
        assertThat(refused("#EXTM3U\n")).hasMessageContaining("not well-formed");
        assertThat(refused("<MPD><Period>")).hasMessageContaining("not well-formed");
        assertThat(refused("<MPD/>")).hasMessageContaining("without a Period");
        assertThatThrownBy(() -> DashParser.parse(new byte[0], URL, 5000)).isInstanceOf(PlaylistException.class);
    }

    @Test
    void deeplyNestedElementsAreRefused() {
        String deep = "<MPD><Period><BaseURL>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</BaseURL></Period></MPD>";
        assertThat(refused(deep)).hasMessageContaining("not well-formed");
    }

    @Test
    void aManifestOver4MiBIsRefusedBeforeParsing() {
        byte[] big = ("<MPD><!--" + "x".repeat(5 * 1024 * 1024) + "--></MPD>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DashParser.parse(big, URL, 5000)).isInstanceOf(PlaylistException.class)
                .hasMessageContaining("over");
    }
}
