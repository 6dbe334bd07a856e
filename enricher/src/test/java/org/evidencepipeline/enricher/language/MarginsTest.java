package org.evidencepipeline.enricher.language;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarginsTest {
    @Test
    void aPairHasItsOwnMarginInEitherOrderAndOthersTheDefault() {
        Margins m = new Margins(0.1, Map.of("ru-bg", 0.12, "BE-mn", 0.25));
        assertThat(m.required("ru", "bg")).isEqualTo(0.12);
        assertThat(m.required("bg", "ru")).isEqualTo(0.12);
        assertThat(m.required("mn", "be")).isEqualTo(0.25);
        assertThat(m.required("uk", "ru")).isEqualTo(0.1);
        assertThat(m.required("uk", null)).as("no rival").isEqualTo(0.1);
    }

    @Test
    void malformedPairsAreRefusedWithTheSettingName() {
        assertThatThrownBy(() -> new Margins(0.1, Map.of("ru", 0.2)))
                .hasMessageContaining("enricher.language.pair-margins.ru");
        assertThatThrownBy(() -> new Margins(0.1, Map.of("ru-uk", 1.5))).hasMessageContaining("in [0,1]");
        assertThatThrownBy(() -> new Margins(-0.1, Map.of())).hasMessageContaining("enricher.language.min-margin");
    }
}
