package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runtime starts all four services by default, the capturer before the collector; a suite that is not about pages
 * (and must not spend a browser's CPU) can leave it out, and a misspelt service is refused at once.
 */
class ASuiteCanLeaveTheCapturerOutTest {
    private final LocalPipeline.Settings all = new LocalPipeline.Settings(Path.of("/home"), Path.of("/data"), Path.of("/c.yaml"),
            List.of(), 3, LocalPipeline.Settings.defaultHeaps(), Map.of(), null);

    @Test
    void allFourByDefaultTheCapturerBeforeTheCollector() {
        assertThat(all.services()).containsExactly("storer", "capturer", "enricher", "collector");
        assertThat(LocalPipeline.Settings.defaultHeaps()).containsKeys("storer", "capturer", "enricher", "collector");
    }

    @Test
    void withoutTheCapturer() {
        assertThat(all.without("capturer").services()).containsExactly("storer", "enricher", "collector");
        assertThat(all.without("capturer").heaps()).isEqualTo(all.heaps());
    }

    @Test
    void anUnknownServiceIsRefused() {
        assertThatThrownBy(() -> new LocalPipeline.Settings(Path.of("/home"), Path.of("/data"), Path.of("/c.yaml"), List.of(), 3,
                Map.of(), Map.of(), null, List.of("storer", "captuer")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("captuer");
    }
}
