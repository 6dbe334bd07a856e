package org.evidencepipeline.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void roundTripsUkrainianTextUnchanged() {
        PostCollected post = SampleEvents.collected();
        PostCollected back = codec.read(codec.write(post), PostCollected.class);
        assertThat(back.text()).isEqualTo("Вранці у Харкові пролунали вибухи, повідомляє міська влада. #Харків");
        assertThat(back).isEqualTo(post);
    }

    @Test
    void ignoresFieldsAddedByANewerProducer() {
        String json = new String(codec.write(SampleEvents.collected()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":true,");
        assertThat(codec.read(json.getBytes(StandardCharsets.UTF_8), PostCollected.class)).isEqualTo(SampleEvents.collected());
    }

    @Test
    void nullRecordIsInvalidWithReason() {
        assertThatThrownBy(() -> codec.read(null, PostCollected.class))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("null value");
    }

    @Test
    void garbageIsInvalidWithReason() {
        assertThatThrownBy(() -> codec.read("<html>".getBytes(StandardCharsets.UTF_8), PostCollected.class))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageStartingWith("not a valid PostCollected");
    }

    @Test
    void missingPostIdIsInvalidAndSaysWhichField() {
        String json = "{\"schemaVersion\":1,\"platform\":\"rss\",\"platformId\":\"x\",\"version\":1,\"collectedAt\":\"2026-01-01T00:00:00Z\"}";
        assertThatThrownBy(() -> codec.read(json.getBytes(StandardCharsets.UTF_8), PostCollected.class))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("postId");
    }

    @Test
    void postIdThatDisagreesWithPlatformIsInvalid() {
        String json = new String(codec.write(SampleEvents.collected()), StandardCharsets.UTF_8)
                .replace("\"postId\":\"rss:", "\"postId\":\"mastodon:");
        assertThatThrownBy(() -> codec.read(json.getBytes(StandardCharsets.UTF_8), PostCollected.class))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("does not match platform");
    }

    @Test
    void oversizedRecordIsRefusedBeforeParsing() {
        byte[] huge = new byte[EventCodec.MAX_EVENT_BYTES + 1];
        assertThatThrownBy(() -> codec.read(huge, PostCollected.class))
                .isInstanceOf(EventCodec.InvalidEventException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void captureOutcomesKeepTheirCaseThroughJson() {
        PostArchived archived = SampleEvents.archived();
        PostArchived back = codec.read(codec.write(archived), PostArchived.class);
        assertThat(back.captures()).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("Stored", "Refused", "Failed", "TooLarge", "Skipped");
    }
}
