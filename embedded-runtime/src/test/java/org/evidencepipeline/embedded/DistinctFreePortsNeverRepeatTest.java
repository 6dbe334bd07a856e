package org.evidencepipeline.embedded;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports picked together for one server's listeners are all different (the broker refuses two on one port). */
class DistinctFreePortsNeverRepeatTest {
    @Test
    void portsPickedTogetherAreAllDifferentAndUsable() {
        for (int round = 0; round < 20; round++) {
            int[] ports = FreePorts.distinct(8);
            assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
            assertThat(Arrays.stream(ports).boxed()).allSatisfy(p -> assertThat(p).isBetween(1, 65535));
        }
    }
}
