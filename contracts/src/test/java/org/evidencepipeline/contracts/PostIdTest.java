package org.evidencepipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostIdTest {
    @Test
    void parsesAtTheFirstColonSoUrlsSurvive() {
        PostId id = PostId.parse("rss:https://example.org/a:b");
        assertThat(id.platform()).isEqualTo("rss");
        assertThat(id.platformId()).isEqualTo("https://example.org/a:b");
        assertThat(id.toString()).isEqualTo("rss:https://example.org/a:b");
    }

    @Test
    void refusesAnIdWithoutPlatform() {
        assertThatThrownBy(() -> PostId.parse("no-platform")).hasMessageContaining("<platform>:<id>");
        assertThatThrownBy(() -> PostId.parse(":x")).hasMessageContaining("<platform>:<id>");
    }

    @Test
    void refusesBlankPlatformId() {
        assertThatThrownBy(() -> new PostId("rss", " ")).hasMessageContaining("platformId");
    }
}
