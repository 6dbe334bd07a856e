package org.evidencepipeline.ledger.bag;

/**
 * Where everything is inside a court package (a BagIt bag, RFC 8493, zipped under one top directory). Paths here are
 * relative to that top directory. The exporter (storer) writes these paths and {@link PackageVerifier} reads them, so
 * this is the one place that names them.
 * <ul>
 * <li>tag files: {@code bagit.txt}, {@code bag-info.txt}, {@code manifest-sha256.txt}, {@code manifest-sha512.txt},
 *     {@code tagmanifest-sha256.txt}, {@code README.txt} (a tag file: it is about the bag, not evidence, and the tag
 *     manifest covers it);</li>
 * <li>{@code data/index.json}: archive key → bag path, kind and ledger entries ({@link BagIndex});</li>
 * <li>{@code data/objects/sha256/<hex>}: every archive object once, by the SHA-256 its ledger entry (or provenance)
 *     gives it, so an object shared by posts is stored once;</li>
 * <li>{@code data/ledger/entries/<shard>/<leaf>.json}: the entry's canonical bytes (the leaf is over them);</li>
 * <li>{@code data/ledger/proofs/<shard>/<leaf>.json}: its RFC 9162 inclusion proof to the checkpoint covering it;</li>
 * <li>{@code data/ledger/checkpoints/<shard>/<size>.note} and {@code <size>.tsr}: each checkpoint used (C2SP signed
 *     note) and its RFC 3161 token over SHA-256 of the note bytes;</li>
 * <li>{@code data/ledger/consistency/<shard>/<old>-<new>.json}: consistency proofs to the newest checkpoint used;</li>
 * <li>{@code data/ledger/verifier-key.txt} and {@code data/ledger/tsa-certificates.pem}: the note verifier key and the
 *     pinned TSA certificate(s).</li>
 * </ul>
 */
public final class BagLayout {
    public static final String BAGIT = "bagit.txt";
    public static final String BAG_INFO = "bag-info.txt";
    public static final String MANIFEST_SHA256 = "manifest-sha256.txt";
    public static final String MANIFEST_SHA512 = "manifest-sha512.txt";
    public static final String TAGMANIFEST_SHA256 = "tagmanifest-sha256.txt";
    public static final String README = "README.txt";
    public static final String DATA = "data/";
    public static final String INDEX = "data/index.json";
    public static final String VERIFIER_KEY = "data/ledger/verifier-key.txt";
    public static final String TSA_CERTIFICATES = "data/ledger/tsa-certificates.pem";
    /** The exact content of {@code bagit.txt} (RFC 8493 §2.1.1). */
    public static final String BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

    private BagLayout() {
    }

    public static String object(String sha256) {
        return "data/objects/sha256/" + sha256;
    }

    public static String entry(String shard, long leaf) {
        return "data/ledger/entries/" + shard + "/" + leaf + ".json";
    }

    public static String proof(String shard, long leaf) {
        return "data/ledger/proofs/" + shard + "/" + leaf + ".json";
    }

    public static String checkpointNote(String shard, long size) {
        return "data/ledger/checkpoints/" + shard + "/" + size + ".note";
    }

    public static String checkpointToken(String shard, long size) {
        return "data/ledger/checkpoints/" + shard + "/" + size + ".tsr";
    }

    public static String consistency(String shard, long oldSize, long newSize) {
        return "data/ledger/consistency/" + shard + "/" + oldSize + "-" + newSize + ".json";
    }
}
