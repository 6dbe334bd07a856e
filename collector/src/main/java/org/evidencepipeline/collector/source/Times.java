package org.evidencepipeline.collector.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps as platforms write them. */
public final class Times {
    private Times() {
    }

    /**
     * An ISO-8601 instant with {@code Z} or an offset ({@code 2024-05-01T10:00:00+03:00}), or null when
     * absent or unreadable: a post with an unreadable date is still worth keeping.
     */
    public static Instant iso(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
