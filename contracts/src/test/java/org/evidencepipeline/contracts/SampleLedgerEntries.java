package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;

/** Fixed ledger entries, one per shape (whole object, range of a fetch WARC, fetch WARC without a post), for the goldens. */
final class SampleLedgerEntries {
    static final String POST_ID = "rss:https://news.example.org/kharkiv/1";
    static final Instant TIME = Instant.parse("2026-11-20T06:16:04.290Z");

    private SampleLedgerEntries() {
    }

    /** The normalised post: a whole object, no capture. */
    static LedgerEntry post() {
        String sha = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";
        return LedgerEntry.of(LedgerEntry.POST, "posts/5a1e0e5b0f1d44fbb4a8a8c4b3cf8a7c5d1f0e2a3b4c5d6e7f8091a2b3c4d5e6/v1/" + sha + ".json",
                sha, 2417, null, POST_ID, 1, List.of("kharkiv-watch"), TIME, null);
    }

    /** The post's raw item: the range of its fetch WARC record's payload, with the version id of a versioned bucket. */
    static LedgerEntry rawItem() {
        SourceEvidence s = SampleEvents.source();
        return new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.RAW_ITEM, s.warcKey(), s.itemSha256(), s.itemLength(),
                PostProvenance.idFor(POST_ID, 1, s.itemSha256()), POST_ID, 1, List.of("kharkiv-watch"), TIME,
                "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", new LedgerEntry.Within(s.warcRecordId(), s.itemOffset(), s.itemLength()));
    }

    /** A captured media item, content-addressed. */
    static LedgerEntry media() {
        return LedgerEntry.of(LedgerEntry.MEDIA, "sha256/9f/86/" + SampleEvents.IMAGE_SHA256, SampleEvents.IMAGE_SHA256, 48213,
                "2f0a2c6e-5d43-3a8e-9b1c-0c6f2f7d9a11", POST_ID, 1, List.of("kharkiv-watch"), TIME, null);
    }

    /** The collector's fetch: many posts, so no post. */
    static LedgerEntry fetchWarc() {
        SourceEvidence s = SampleEvents.source();
        return LedgerEntry.of(LedgerEntry.FETCH_WARC, s.warcKey(), "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                18342 + 2210, null, null, null, List.of(), Instant.parse("2026-11-20T06:16:03.010Z"), null);
    }
}
