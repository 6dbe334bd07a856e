package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.archive.StorageException;

import java.util.Optional;

/**
 * Where the collector preserves what a source returned, before any post read from it is published.
 *
 * <p>The collector writes the WARC to the archive bucket itself rather than handing the bytes to the storer through a
 * topic: "durable before the cursor moves" is then one conditional PUT that has returned, with no second consumer whose
 * lag a post's evidence would depend on; and a response body (up to {@code collector.http.max-body-bytes}, 10 MiB) does
 * not fit Kafka's default 1 MiB record. The cost is S3 credentials in the collector: it only ever creates objects
 * under {@code fetches/}, so a bucket policy may grant it exactly that.
 */
public interface FetchArchive {
    /**
     * Makes the capture durable, once: a capture already there (same content id) is not written again, and what the
     * archive holds is returned. Empty when this collector keeps no fetches.
     */
    Optional<PreservedCapture> preserve(SourceCapture capture) throws StorageException;

    /** A collector run without an archive for fetches: posts carry no source evidence, and say so by its absence. */
    FetchArchive NONE = capture -> Optional.empty();
}
