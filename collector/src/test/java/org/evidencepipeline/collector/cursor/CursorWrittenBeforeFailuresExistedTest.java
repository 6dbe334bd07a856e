package org.evidencepipeline.collector.cursor;

import org.evidencepipeline.contracts.EventCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Cursors already on the compacted topic were written without {@code failure}: they must still load, as not failing. */
class CursorWrittenBeforeFailuresExistedTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void aCursorWithoutTheFailureFieldReadsAsNotFailing() {
        String old = """
                {"sourceId":"kharkiv-news","etag":"\\"abc\\"","lastModified":null,"position":null,
                 "seen":{"rss:news.example.org-48211":{"contentHash":"%s","version":1}},"updatedAt":"2026-11-20T06:00:00Z"}
                """.formatted("a".repeat(64));

        SourceCursor cursor = codec.read(old.getBytes(StandardCharsets.UTF_8), SourceCursor.class);

        assertThat(cursor.failure()).isNull();
        assertThat(cursor.etag()).isEqualTo("\"abc\"");
        assertThat(cursor.seen()).containsKey("rss:news.example.org-48211");
    }

    @Test
    void aFailingCursorRoundTripsItsFailure() {
        SourceCursor.Failure failure = new SourceCursor.Failure("f".repeat(64), "not a readable RSS/Atom feed", 3,
                Instant.parse("2026-11-30T05:00:00Z"));
        SourceCursor failing = SourceCursor.empty("s").failing(failure, Instant.parse("2026-11-30T05:20:00Z"));

        SourceCursor read = codec.read(codec.write(failing), SourceCursor.class);

        assertThat(read.failure()).isEqualTo(failure);
        assertThat(read.advance(null, null, null, read.seen(), 10, Instant.now()).failure()).as("a good poll ends it").isNull();
    }
}
