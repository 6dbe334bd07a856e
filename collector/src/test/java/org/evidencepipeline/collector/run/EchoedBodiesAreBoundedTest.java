package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.Json;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a hostile body can put in a source's status and in a dead letter is short, clean and identified by hash. */
class EchoedBodiesAreBoundedTest {
    /** 100 KB of "JSON" with terminal escapes, a NUL, a right-to-left override and newlines in it. */
    private static final String HOSTILE = "{\"x\": \u001b[31mhacked\u0000\u202e" + "A\n".repeat(50_000);

    @Test
    void aSourceStatusShowsAtMost200CleanCharactersOnOneLine() {
        SourceStatusBoard board = new SourceStatusBoard(new SimpleMeterRegistry(), Clock.systemUTC());
        board.failed("s", "error", "not readable: " + HOSTILE);
        String shown = board.get("s").lastError();
        assertThat(shown.length()).isLessThanOrEqualTo(SourceStatusBoard.MAX_ERROR_CHARS + 1);
        assertThat(shown).startsWith("not readable: {\"x\": [31mhacked").endsWith("…")
                .doesNotContain("\u001b").doesNotContain("\u0000").doesNotContain("\u202e").doesNotContain("\n");
    }

    @Test
    void aDeadLetterKeepsTheBodysHashAndSizeAndABoundedCleanExcerpt() {
        byte[] body = HOSTILE.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.read(body, "Mastodon statuses", "https://m.example/api"))
                .isInstanceOfSatisfying(UnreadablePayloadException.class, e -> {
                    CollectorDeadLetter letter = new CollectorDeadLetter("s", "https://m.example/api", e.getMessage(), e.excerpt(),
                            Instant.now(), e.bodySha256(), e.bodyBytes());
                    assertThat(letter.bodySha256()).isEqualTo(Hashes.sha256Hex(body));
                    assertThat(letter.bodyBytes()).isEqualTo(body.length);
                    assertThat(letter.excerpt().length()).isLessThanOrEqualTo(CollectorDeadLetter.MAX_EXCERPT_CHARS + 1);
                    assertThat(letter.excerpt()).startsWith("{\"x\": [31mhacked").contains("A\nA\n").doesNotContain("\u001b").doesNotContain("\u0000");
                    assertThat(letter.reason().length()).isLessThanOrEqualTo(CollectorDeadLetter.MAX_REASON_CHARS + 1);
                });
    }

    @Test
    void aLetterOfTheOldShapeStillReadsAndOneOfTheNewShapeRoundTrips() {
        EventCodec codec = new EventCodec();
        CollectorDeadLetter old = codec.read("{\"sourceId\":\"s\",\"url\":\"u\",\"reason\":\"r\",\"excerpt\":\"e\",\"at\":\"2026-12-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8), CollectorDeadLetter.class);
        assertThat(old.bodySha256()).isNull();
        assertThat(old.excerpt()).isEqualTo("e");
        CollectorDeadLetter full = new CollectorDeadLetter("s", "u", "r", "x".repeat(5000), Instant.parse("2026-12-01T00:00:00Z"), "ab", 5000L);
        assertThat(codec.read(codec.write(full), CollectorDeadLetter.class)).isEqualTo(full);
        assertThat(full.excerpt()).hasSize(CollectorDeadLetter.MAX_EXCERPT_CHARS + 1);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String emoji = "x".repeat(CollectorDeadLetter.MAX_EXCERPT_CHARS - 1) + "\uD83D\uDE00" + "tail";
        String cut = CollectorDeadLetter.bounded(emoji, CollectorDeadLetter.MAX_EXCERPT_CHARS);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
        assertThat(cut).endsWith("x…");
    }
}
