package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.SourceEvidence;

import java.time.Instant;
import java.util.List;

/**
 * A capture as it is in the archive: its content id, the WARC object, and for each payload record (the HTTP response,
 * or each Jetstream frame) the record id, date and digest as written there.
 *
 * @param ledgerEntry the custody ledger entry of the WARC object as the archive holds it (its SHA-256 and size, when it
 *                    was found durable); null where the capture was only described or read, not yet stored
 */
public record PreservedCapture(String fetchId, String warcKey, String fetchedUrl, Instant startedAt, Integer httpStatus,
                               String resolvedAddress, List<String> tlsPeerCertificateSha256, List<PayloadRecord> records,
                               LedgerEntry ledgerEntry) {
    public PreservedCapture {
        tlsPeerCertificateSha256 = tlsPeerCertificateSha256 == null ? List.of() : List.copyOf(tlsPeerCertificateSha256);
        records = List.copyOf(records);
    }

    public PreservedCapture(String fetchId, String warcKey, String fetchedUrl, Instant startedAt, Integer httpStatus,
                            String resolvedAddress, List<String> tlsPeerCertificateSha256, List<PayloadRecord> records) {
        this(fetchId, warcKey, fetchedUrl, startedAt, httpStatus, resolvedAddress, tlsPeerCertificateSha256, records, null);
    }

    /** This capture as stored, with the ledger entry of its object. */
    public PreservedCapture withLedgerEntry(LedgerEntry entry) {
        return new PreservedCapture(fetchId, warcKey, fetchedUrl, startedAt, httpStatus, resolvedAddress,
                tlsPeerCertificateSha256, records, entry);
    }

    public record PayloadRecord(String recordId, Instant date, String payloadSha256, long payloadBytes) {
    }

    /** The same capture without an entry: what a later post of the same poll points at (the entry went once). */
    public PreservedCapture withoutLedgerEntry() {
        return withLedgerEntry(null);
    }

    /** Where {@code item} is in this archived capture, for the post event. */
    public SourceEvidence evidenceFor(RawItem item) {
        PayloadRecord r = records.get(item.record());
        return new SourceEvidence(fetchId, warcKey, r.recordId(), fetchedUrl, startedAt, r.date(), httpStatus, resolvedAddress,
                tlsPeerCertificateSha256, r.payloadSha256(), r.payloadBytes(), item.kind(), item.offset(), item.length(), item.sha256());
    }
}
