package org.evidencepipeline.ledger.index;

import org.evidencepipeline.contracts.LedgerEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a posting is filed under: SHA-256 of {@code "<type>:" + value}, so keys, post ids, hashes, capture ids and
 * collection ids of any length share one fixed-size, sorted run format.
 */
final class LookupHash {
    static final char KEY = 'k';
    static final char POST = 'p';
    static final char SHA256 = 'h';
    static final char CAPTURE = 'c';
    static final char COLLECTION = 'l';

    private LookupHash() {
    }

    static byte[] of(char type, String value) {
        String v = type == SHA256 ? value.toLowerCase(Locale.ROOT) : value; // hex: one spelling per hash
        try {
            return MessageDigest.getInstance("SHA-256").digest((type + ":" + v).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every lookup hash an entry is found by. */
    static List<byte[]> of(LedgerEntry e) {
        List<byte[]> out = new ArrayList<>(4 + e.collectionIds().size());
        out.add(of(KEY, e.key()));
        out.add(of(SHA256, e.sha256()));
        if (e.postId() != null) {
            out.add(of(POST, e.postId()));
        }
        if (e.captureId() != null) {
            out.add(of(CAPTURE, e.captureId()));
        }
        for (String c : e.collectionIds()) {
            out.add(of(COLLECTION, c));
        }
        return out;
    }
}
