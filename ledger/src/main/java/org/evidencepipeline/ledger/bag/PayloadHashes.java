package org.evidencepipeline.ledger.bag;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A file's SHA-256, SHA-512 and size, from one streaming pass. */
record PayloadHashes(String sha256, String sha512, long size) {
    static PayloadHashes of(InputStream in) throws IOException {
        MessageDigest d256 = BagZipWriter.digest("SHA-256");
        MessageDigest d512 = BagZipWriter.digest("SHA-512");
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            d256.update(buffer, 0, n);
            d512.update(buffer, 0, n);
            size += n;
        }
        return new PayloadHashes(HexFormat.of().formatHex(d256.digest()), HexFormat.of().formatHex(d512.digest()), size);
    }

    String checksum(String algorithm) {
        return "sha256".equals(algorithm) ? sha256 : "sha512".equals(algorithm) ? sha512 : null;
    }
}
