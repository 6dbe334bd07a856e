package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.FetchException;

import java.util.List;

/** Reads one kind of public source. Implementations live in a package per platform. */
public interface SourceAdapter {
    /** The {@code type} value collections use to pick this adapter. */
    String type();

    /**
     * What is wrong with a source's adapter-specific {@link SourceSpec#params()}, checked when a collection
     * is declared so a bad source is refused up front rather than failing at every poll. Empty when valid.
     */
    default List<String> paramProblems(SourceSpec spec) {
        return List.of();
    }

    /**
     * Polls the source once. Must not throw for a single bad entry: put it in {@link SourceBatch#rejected()}.
     *
     * @throws FetchException       when nothing usable came back (HTTP error, timeout, unreadable page)
     * @throws InterruptedException when shutting down
     */
    SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException;
}
