package org.evidencepipeline.download;

import org.evidencepipeline.testsupport.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSnifferTest {
    private static String sniff(byte[] bytes) {
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
        int n = Math.min(bytes.length, head.length);
        System.arraycopy(bytes, 0, head, 0, n);
        return ContentSniffer.sniff(head, n);
    }

    @Test
    void recognisesRealEncodedImages() {
        assertThat(sniff(TestImages.jpeg(40, 30, 1))).isEqualTo("image/jpeg");
        assertThat(sniff(TestImages.png(40, 30, 1))).isEqualTo("image/png");
        assertThat(sniff(TestImages.encode(TestImages.scene(40, 30, 1), "gif"))).isEqualTo("image/gif");
        assertThat(sniff(TestImages.encode(TestImages.scene(40, 30, 1), "bmp"))).isEqualTo("image/bmp");
    }

    @Test
    void seesThroughAnHtmlPageOrAZipPretendingToBeMedia() {
        assertThat(sniff("  <!DOCTYPE html><html><body>login</body></html>".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/html");
        assertThat(sniff(new byte[]{'P', 'K', 3, 4, 0, 0})).isEqualTo("application/zip");
        assertThat(sniff(new byte[]{0x1F, (byte) 0x8B, 8, 0})).isEqualTo("application/gzip");
    }

    @Test
    void recognisesVideoContainers() {
        byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
        assertThat(sniff(mp4)).isEqualTo("video/mp4");
        assertThat(sniff(new byte[]{0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1})).isEqualTo("video/webm");
    }

    @Test
    void emptyAndUnknownAreSaidSo() {
        assertThat(sniff(new byte[0])).isEqualTo("application/x-empty");
        assertThat(sniff(new byte[]{1, 2, 3, 4, 5})).isEqualTo(ContentSniffer.UNKNOWN);
    }
}
