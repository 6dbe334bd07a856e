package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small, distinct ledger entries for the tiles tests, and the in-memory reference tree over them. */
final class TestEntries {
    private TestEntries() {
    }

    /** Object {@code n}: a media entry, stated at {@code seconds} past the epoch-ish base time. */
    static LedgerEntry object(long n, long seconds) {
        String sha = HexFormat.of().formatHex(Merkle.leafHash(Long.toString(n).getBytes()));
        return LedgerEntry.of(LedgerEntry.MEDIA, "sha256/" + sha.substring(0, 2) + "/" + sha, sha, n, "cap-" + n, null,
                null, List.of(), Instant.parse("2026-12-02T08:00:00Z").plusSeconds(seconds), null);
    }

    static LedgerEntry object(long n) {
        return object(n, n);
    }

    /** Entries {@code [from, to)} at offsets equal to their number. */
    static List<SourcedEntry> sourced(long from, long to) {
        List<SourcedEntry> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(new SourcedEntry(i, object(i)));
        }
        return out;
    }

    static LeafList reference(List<LedgerEntry> entries) {
        LeafList leaves = new LeafList();
        entries.forEach(e -> leaves.add(Merkle.leafHash(LedgerEntryCodec.canonical(e))));
        return leaves;
    }
}
