package org.evidencepipeline.collector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the recorded-shape payloads under src/test/resources/feeds. */
public final class TestFeeds {
    private TestFeeds() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = TestFeeds.class.getResourceAsStream("/feeds/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test feed " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
