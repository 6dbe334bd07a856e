package org.evidencepipeline.collector.evidence;

/**
 * What a source returned, as received, before anything was parsed out of it: one HTTP exchange, or one Jetstream
 * listening window. It is what the collector preserves (as WARC) before a post read from it is published.
 */
public sealed interface SourceCapture permits HttpExchange, ListeningWindow {
}
