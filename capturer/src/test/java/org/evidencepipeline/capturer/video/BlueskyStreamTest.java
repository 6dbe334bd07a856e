package org.evidencepipeline.capturer.video;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The cap, failure and replay tests' shared set-up: a rig serving a six-second Bluesky-shaped stream, once per class. */
abstract class BlueskyStreamTest {
    static VideoTestRig rig;
    static BlueskyFixture bsky;

    @BeforeAll
    static void startRig() throws Exception {
        Assumptions.assumeTrue(BlueskyFixture.ffmpeg(), "ffmpeg is needed to make the stream");
        rig = VideoTestRig.start();
        bsky = new BlueskyFixture(rig, 6);
    }

    @AfterAll
    static void stopRig() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
    }
}
