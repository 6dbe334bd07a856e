package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.contracts.SourceEvidence;

import java.time.Instant;
import java.util.List;

/**
 * A capture as it is in the archive: its content id, the WARC object, and for each payload record (the HTTP response,
 * or each Jetstream frame) the record id, date and digest as written there.
 */
public record PreservedCapture(String fetchId, String warcKey, String fetchedUrl, Instant startedAt, Integer httpStatus,
                               String resolvedAddress, List<String> tlsPeerCertificateSha256, List<PayloadRecord> records) {
    public PreservedCapture {
        tlsPeerCertificateSha256 = tlsPeerCertificateSha256 == null ? List.of() : List.copyOf(tlsPeerCertificateSha256);
        records = List.copyOf(records);
    }

    public record PayloadRecord(String recordId, Instant date, String payloadSha256, long payloadBytes) {
    }

    /** Where {@code item} is in this archived capture, for the post event. */
    public SourceEvidence evidenceFor(RawItem item) {
        PayloadRecord r = records.get(item.record());
        return new SourceEvidence(fetchId, warcKey, r.recordId(), fetchedUrl, startedAt, r.date(), httpStatus, resolvedAddress,
                tlsPeerCertificateSha256, r.payloadSha256(), r.payloadBytes(), item.kind(), item.offset(), item.length(), item.sha256());
    }
}
