package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --page-wait}: how long the demo waits for page records once the posts are archived; the demo's option only. */
class DemoWaitsForPagesOnlySoLongTest {
    private final Path home = Path.of("/nowhere");

    @Test
    void demoWaitsTwoMinutesUnlessTold() {
        assertThat(Options.parse(new String[]{"demo"}, home).pageWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(Options.parse(new String[]{"demo", "--page-wait", "15"}, home).pageWait()).isEqualTo(Duration.ofSeconds(15));
        assertThat(Options.parse(new String[]{"demo", "--page-wait", "0"}, home).pageWait()).as("0: do not wait").isZero();
    }

    @Test
    void aBadWaitOrOneForRunIsAUsageError() {
        assertThatThrownBy(() -> Options.parse(new String[]{"demo", "--page-wait", "-1"}, home))
                .isInstanceOf(Options.UsageError.class).hasMessageContaining("--page-wait must be at least 0");
        assertThatThrownBy(() -> Options.parse(new String[]{"demo", "--page-wait"}, home))
                .isInstanceOf(Options.UsageError.class).hasMessageContaining("--page-wait needs a value");
        assertThatThrownBy(() -> Options.parse(new String[]{"run", "--collections", "/etc/hostname", "--page-wait", "5"}, home))
                .isInstanceOf(Options.UsageError.class).hasMessageContaining("--page-wait is for demo");
    }
}
