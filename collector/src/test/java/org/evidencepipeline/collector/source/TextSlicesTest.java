package org.evidencepipeline.collector.source;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A slice of decoded text is named as the body's bytes only when those bytes, decoded alone, give it back: found by
 * decoding (so a malformed byte before it shifts nothing) and refused where a charset's state makes a cut ambiguous.
 */
class TextSlicesTest {
    @Test
    void slicesAfterMalformedBytesAreTheirOwnBytes() throws Exception {
        byte[] body = {'<', 'a', '>', (byte) 0xFF, (byte) 0xC3, '<', '/', 'a', '>', '<', 'b', '>', (byte) 0xD0, (byte) 0x96, '<', '/', 'b', '>'};
        String text = new String(body, StandardCharsets.UTF_8);
        int start = text.indexOf("<b>");

        TextSlices.ByteRange range = new TextSlices(body, 0, StandardCharsets.UTF_8).slice(start, text.length(), "<b>Ж</b>");

        assertThat(range).isEqualTo(new TextSlices.ByteRange(9, 9));
    }

    @Test
    void slicesAskedOutOfOrderAreStillExact() throws Exception {
        String text = "<x>😀 один</x><y>два 🇺🇦</y>";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        TextSlices slices = new TextSlices(body, 0, StandardCharsets.UTF_8);
        int y = text.indexOf("<y>");

        TextSlices.ByteRange second = slices.slice(y, text.length(), text.substring(y));
        TextSlices.ByteRange first = slices.slice(0, y, text.substring(0, y));

        assertThat(new String(Arrays.copyOfRange(body, second.offset(), second.offset() + second.length()), StandardCharsets.UTF_8))
                .isEqualTo("<y>два 🇺🇦</y>");
        assertThat(first).isEqualTo(new TextSlices.ByteRange(0, second.offset()));
    }

    @Test
    void theTextStartsAfterTheSkippedBom() throws Exception {
        byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'a', '/', '>'};

        assertThat(new TextSlices(body, 3, StandardCharsets.UTF_8).slice(0, 4, "<a/>")).isEqualTo(new TextSlices.ByteRange(3, 4));
    }

    @Test
    void aSliceThatDecodesOtherwiseAloneIsRefused() {
        // ISO-2022-JP: inside a run of kanji the bytes are read as kanji only after the escape that opened the run.
        Charset jis = Charset.forName("ISO-2022-JP");
        String text = "<a>日本語</a>";
        byte[] body = text.getBytes(jis);
        int go = text.indexOf('語');

        assertThatThrownBy(() -> new TextSlices(body, 0, jis).slice(go, go + 1, "語"))
                .isInstanceOf(TextSlices.NotExact.class).hasMessageContaining("do not give back");
    }

    @Test
    void aCutInsideASurrogatePairIsRefused() {
        String text = "a😀b";

        assertThatThrownBy(() -> new TextSlices(text.getBytes(StandardCharsets.UTF_8), 0, StandardCharsets.UTF_8).slice(2, 3, "b"))
                .isInstanceOf(TextSlices.NotExact.class).hasMessageContaining("surrogate");
    }

    @Test
    void aSliceBeyondTheTextIsRefused() {
        assertThatThrownBy(() -> new TextSlices("<a/>".getBytes(StandardCharsets.UTF_8), 0, StandardCharsets.UTF_8).slice(2, 9, "x"))
                .isInstanceOf(TextSlices.NotExact.class).hasMessageContaining("fewer than 9");
    }
}
