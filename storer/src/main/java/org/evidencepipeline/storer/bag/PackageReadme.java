package org.evidencepipeline.storer.bag;

/** The bag's README.txt: what the package is and how to check every part of it by hand. */
final class PackageReadme {
    private PackageReadme() {
    }

    static String text() {
        return """
                EVIDENCE PACKAGE (BagIt 1.0, RFC 8493)
                ======================================

                This bag holds archived social-media posts as evidence: every object of each post (the raw item's fetch
                WARC, the normalised post, media, page-capture artifacts, video parts), their provenance records and
                RFC 3161 time-stamp tokens, and the custody ledger's proof that each object was recorded, unchanged, in an
                append-only Merkle tree (RFC 9162) whose signed checkpoints were time-stamped.

                The bag was written by the BagIt specification (RFC 8493) directly, without a BagIt library. README.txt
                is a tag file: tagmanifest-sha256.txt covers it.

                ONE COMMAND
                  ./pipeline verify --package FILE.zip
                checks everything below, offline (no archive, Kafka or network), prints one line per failure naming the
                file and what failed, and exits 0 only if everything holds.
                By default it trusts the verifier key and TSA certificate inside the bag (data/ledger/). That proves the
                package is intact and consistent, NOT who made it: to prove origin, get the archive's verifier key and
                TSA certificate from its operator by another channel and pass them:
                  ./pipeline verify --package FILE.zip --verifier-key 'NAME+HASH+KEY' --tsa-cert tsa.pem

                LAYOUT
                  bagit.txt, bag-info.txt            BagIt declaration; Payload-Oxum = payload octets.files
                  manifest-sha256.txt, -sha512.txt   checksum of every payload file (under data/)
                  tagmanifest-sha256.txt             checksum of every tag file
                  data/index.json                    archive key -> bag path, kind, ledger entries, checkpoints
                  data/objects/sha256/<hex>          each archive object once, named by its SHA-256
                  data/ledger/entries/<shard>/<leaf>.json    the ledger entry's canonical bytes
                  data/ledger/proofs/<shard>/<leaf>.json     inclusion proof {shard, leafIndex, treeSize, path[base64]}
                  data/ledger/checkpoints/<shard>/<size>.note  signed checkpoint (C2SP signed note)
                  data/ledger/checkpoints/<shard>/<size>.tsr   RFC 3161 token over SHA-256 of the .note bytes
                  data/ledger/consistency/<shard>/<old>-<new>.json  consistency proof {shard, oldSize, newSize, path}
                  data/ledger/verifier-key.txt        note verifier key NAME+HASH+base64(0x01 || Ed25519 public key)
                  data/ledger/tsa-certificates.pem    the TSA certificate(s) the archive pins

                BY HAND
                1. Files. In the unzipped bag directory:
                     sha256sum -c manifest-sha256.txt && sha512sum -c manifest-sha512.txt && sha256sum -c tagmanifest-sha256.txt
                   Every file under data/ must be listed; bag-info.txt's Payload-Oxum is the total payload bytes "." the
                   number of payload files.
                2. Objects and entries. For each object in data/index.json, each of its entries names a file with the
                   entry's canonical JSON. Its "sha256" and "size" must be those of the object file (for kind "raw-item":
                   of bytes [within.offset, +within.length) of the payload of WARC record within.warcRecordId in the
                   fetch WARC), and its "key" the object's archive key.
                3. Leaf. leaf = SHA-256(0x00 || entry bytes), over the entry file's exact bytes.
                4. Inclusion (RFC 9162 section 2.1.3.2). With fn = leafIndex, sn = treeSize - 1, r = leaf, for each hash
                   p of "path" in order: if sn = 0 fail; if fn is odd or fn = sn, r = SHA-256(0x01 || p || r) and, if fn
                   was even, shift fn and sn right until fn is odd or 0; else r = SHA-256(0x01 || r || p); then shift fn
                   and sn right once. At the end sn must be 0 and r the checkpoint's root hash.
                5. Checkpoint. A .note file is a C2SP signed note: the body
                     <origin, ending in /<shard>>\\n<tree size>\\n<base64 root hash>\\ntime <ISO-8601>\\n
                   then a blank line and signature lines "\u2014 <key name> <base64(4-byte key hash || 64-byte signature)>".
                   The Ed25519 signature is over the body bytes; the key hash is the first 4 bytes of
                   SHA-256(key name || 0x0A || 0x01 || public key), and verifier-key.txt gives name, hash and key.
                6. Time-stamp. Each .tsr is an RFC 3161 token over SHA-256 of the .note file's bytes:
                     openssl ts -verify -data data/ledger/checkpoints/<shard>/<size>.note \\
                         -in data/ledger/checkpoints/<shard>/<size>.tsr -CAfile data/ledger/tsa-certificates.pem
                   (openssl ts -reply -in <size>.tsr -token_in -text shows the time).
                7. Consistency (RFC 9162 section 2.1.4.2). Each consistency proof shows that the older checkpoint's tree
                   is a prefix of the newest checkpoint's of the same shard: nothing recorded was removed or changed.
                """;
    }
}
