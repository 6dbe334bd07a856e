package org.evidencepipeline.capturer.proxy;

import org.evidencepipeline.contracts.PageProvenance;

import org.netpreserve.jwarc.WarcTruncationReason;

import java.util.List;

/** What a session keeps of one request, in arrival order ({@code seq}), until its WARC is written. */
sealed interface SessionEntry permits SessionEntry.Exchange, SessionEntry.Refusal {
    long seq();

    /**
     * A request that reached the origin.
     *
     * @param requestBlock   request line, headers and body as sent to the origin
     * @param responseHead   the origin's head as recorded: Transfer-Encoding removed (the body is stored de-chunked),
     *                       Content-Length added when it had none
     * @param removedHeaders header lines taken out of the recorded head, {@code addedHeaders} those put in
     * @param tlsChain       the origin's certificates as DER, leaf first
     * @param cutBy          why the body is incomplete (a cap: LENGTH; the origin or the session broke off: DISCONNECT),
     *                       null when it is whole
     */
    record Exchange(long seq, RecordedExchange recorded, String requestRecordId, byte[] requestBlock, byte[] responseHead,
                    List<String> removedHeaders, List<String> addedHeaders, List<byte[]> tlsChain, boolean webSocket,
                    WarcTruncationReason cutBy)
            implements SessionEntry {
    }

    /** A request the proxy did not let through; {@code recordId} names its WARC metadata record. */
    record Refusal(long seq, PageProvenance.RefusedRequest refused, String recordId) implements SessionEntry {
    }
}
