package org.evidencepipeline.ledger.bag;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.ledger.LedgerEntryCodec;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointException;
import org.evidencepipeline.ledger.checkpoint.CheckpointStamp;
import org.evidencepipeline.ledger.checkpoint.CheckpointVerifier;
import org.evidencepipeline.ledger.merkle.ConsistencyProof;
import org.evidencepipeline.ledger.merkle.InclusionProof;
import org.evidencepipeline.ledger.merkle.Merkle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies a court package offline: only the zip file, no archive, Kafka or network. Everything must hold:
 * <ol>
 * <li>BagIt (RFC 8493): one top directory; {@code bagit.txt}; every line of every payload manifest names a payload file
 *     whose checksum matches, and every payload file is in every payload manifest; {@code bag-info.txt}'s
 *     Payload-Oxum; every line of {@code tagmanifest-sha256.txt} matches and every tag file is in it;</li>
 * <li>the ledger: every object has a ledger entry, in canonical form, naming its key, whose SHA-256 and size are the
 *     object's (for a raw item: of its range of the fetch WARC record's payload); every entry's inclusion proof
 *     leads from its leaf ({@code SHA-256(0x00 ‖ entry bytes)}) to the root of its checkpoint; every checkpoint's
 *     signature verifies with the verifier key and its RFC 3161 token with the TSA certificate; consistency proofs
 *     lead from each checkpoint used to the newest one of its shard.</li>
 * </ol>
 * The verifier key and TSA certificates are the bag's own copies unless the reader passes ones they trust: the bag's
 * copies prove the package is intact and self-consistent, the reader's prove who signed it.
 */
public final class PackageVerifier {
    private static final Pattern MANIFEST = Pattern.compile("(tag)?manifest-([a-z0-9]+)\\.txt");

    /** What verification found: {@code failures} each name a file and what failed; {@code checked} counts what held. */
    public record Result(List<String> failures, Map<String, Integer> checked, boolean ownKeys) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final Optional<String> trustedVerifierKey;
    private final Optional<List<X509Certificate>> trustedTsa;

    public PackageVerifier(Optional<String> trustedVerifierKey, Optional<List<X509Certificate>> trustedTsa) {
        this.trustedVerifierKey = trustedVerifierKey;
        this.trustedTsa = trustedTsa;
    }

    public Result verify(Path zipFile) {
        Run run = new Run();
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            run.zip = zip;
            if (run.index()) {
                run.bagit();
                run.ledger();
            }
        } catch (IOException e) {
            run.fail(zipFile.getFileName() + ": not a readable zip (" + e.getMessage() + ")");
        }
        return new Result(List.copyOf(run.failures), Map.copyOf(run.checked), trustedVerifierKey.isEmpty() || trustedTsa.isEmpty());
    }

    /** One verification: the zip's files by bag path and what was found so far. */
    private final class Run {
        ZipFile zip;
        final Map<String, ZipEntry> files = new TreeMap<>();
        final Map<String, PayloadHashes> payload = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> checked = new LinkedHashMap<>();

        void fail(String what) {
            failures.add(what);
        }

        void ok(String what) {
            checked.merge(what, 1, Integer::sum);
        }

        /** Lists the zip under its one top directory; false when it is not a bag at all. */
        boolean index() {
            String top = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry z = e.nextElement();
                String name = z.getName();
                int slash = name.indexOf('/');
                if (slash <= 0 || name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
                    fail(name + ": not inside one top directory of the bag");
                    continue;
                }
                String dir = name.substring(0, slash + 1);
                if (top == null) {
                    top = dir;
                } else if (!top.equals(dir)) {
                    fail(name + ": a second top directory (" + dir + ") beside " + top);
                    continue;
                }
                if (!z.isDirectory()) {
                    files.put(name.substring(slash + 1), z);
                }
            }
            if (files.isEmpty()) {
                fail("the zip holds no bag");
                return false;
            }
            return true;
        }

        void bagit() {
            byte[] bagit = bytes(BagLayout.BAGIT);
            if (bagit == null) {
                fail(BagLayout.BAGIT + ": missing");
            } else if (!BagLayout.BAGIT_TXT.equals(new String(bagit, StandardCharsets.UTF_8).replace("\r\n", "\n"))) {
                fail(BagLayout.BAGIT + ": is not \"BagIt-Version: 1.0\" and \"Tag-File-Character-Encoding: UTF-8\"");
            } else {
                ok("bagit.txt");
            }
            for (Map.Entry<String, ZipEntry> f : files.entrySet()) {
                if (f.getKey().startsWith(BagLayout.DATA)) {
                    try (InputStream in = zip.getInputStream(f.getValue())) {
                        payload.put(f.getKey(), PayloadHashes.of(in));
                    } catch (IOException e) {
                        fail(f.getKey() + ": unreadable in the zip (" + e.getMessage() + ")");
                    }
                }
            }
            boolean sha256 = false;
            for (String name : files.keySet()) {
                Matcher m = MANIFEST.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                boolean tag = m.group(1) != null;
                String algorithm = m.group(2);
                if (!"sha256".equals(algorithm) && !"sha512".equals(algorithm)) {
                    fail(name + ": unsupported algorithm " + algorithm);
                    continue;
                }
                if (tag) {
                    tagManifest(name, algorithm);
                } else {
                    sha256 |= "sha256".equals(algorithm);
                    payloadManifest(name, algorithm);
                }
            }
            if (!sha256) {
                fail(BagLayout.MANIFEST_SHA256 + ": missing");
            }
            if (!files.containsKey(BagLayout.TAGMANIFEST_SHA256)) {
                fail(BagLayout.TAGMANIFEST_SHA256 + ": missing");
            }
            oxum();
        }

        private void payloadManifest(String name, String algorithm) {
            List<String> bad = new ArrayList<>();
            Map<String, Manifest.Line> listed = new HashMap<>();
            for (Manifest.Line l : Manifest.parse(bytes(name), bad)) {
                if (listed.putIfAbsent(l.path(), l) != null) {
                    fail(name + ": line " + l.number() + " lists " + l.path() + " a second time");
                    continue;
                }
                PayloadHashes h = payload.get(l.path());
                if (!l.path().startsWith(BagLayout.DATA)) {
                    fail(name + ": line " + l.number() + " names " + l.path() + ", which is not a payload file under data/");
                } else if (h == null) {
                    fail(name + ": line " + l.number() + " names " + l.path() + ", which is not in the bag");
                } else if (!h.checksum(algorithm).equals(l.checksum())) {
                    fail(l.path() + ": " + algorithm + " is " + h.checksum(algorithm) + ", not " + l.checksum() + " as " + name
                            + " line " + l.number() + " says");
                } else {
                    ok("payload manifest lines");
                }
            }
            bad.forEach(b -> fail(name + ": " + b));
            for (String p : payload.keySet()) {
                if (!listed.containsKey(p)) {
                    fail(p + ": a payload file that " + name + " does not list");
                }
            }
        }

        private void tagManifest(String name, String algorithm) {
            List<String> bad = new ArrayList<>();
            Map<String, Manifest.Line> listed = new HashMap<>();
            for (Manifest.Line l : Manifest.parse(bytes(name), bad)) {
                listed.put(l.path(), l);
                byte[] tag = l.path().startsWith(BagLayout.DATA) || MANIFEST.matcher(l.path()).matches()
                        && l.path().startsWith("tag") ? null : bytes(l.path());
                if (tag == null) {
                    fail(name + ": line " + l.number() + " names " + l.path() + ", which is not a tag file of the bag");
                    continue;
                }
                String actual = HexFormat.of().formatHex(BagZipWriter.digest("sha256".equals(algorithm) ? "SHA-256" : "SHA-512").digest(tag));
                if (!actual.equals(l.checksum())) {
                    fail(l.path() + ": " + algorithm + " is " + actual + ", not " + l.checksum() + " as " + name + " line " + l.number() + " says");
                } else {
                    ok("tag manifest lines");
                }
            }
            bad.forEach(b -> fail(name + ": " + b));
            for (String f : files.keySet()) {
                if (!f.startsWith(BagLayout.DATA) && !(MANIFEST.matcher(f).matches() && f.startsWith("tag")) && !listed.containsKey(f)) {
                    fail(f + ": a tag file that " + name + " does not list");
                }
            }
        }

        private void oxum() {
            byte[] info = bytes(BagLayout.BAG_INFO);
            if (info == null) {
                fail(BagLayout.BAG_INFO + ": missing");
                return;
            }
            String oxum = null;
            for (String line : new String(info, StandardCharsets.UTF_8).split("\r\n|\n|\r")) {
                if (line.startsWith("Payload-Oxum:")) {
                    oxum = line.substring("Payload-Oxum:".length()).trim();
                }
            }
            long octets = payload.values().stream().mapToLong(PayloadHashes::size).sum();
            String actual = octets + "." + payload.size();
            if (oxum == null) {
                fail(BagLayout.BAG_INFO + ": no Payload-Oxum");
            } else if (!oxum.equals(actual)) {
                fail(BagLayout.BAG_INFO + ": Payload-Oxum " + oxum + " but the payload is " + actual + " (octets.files)");
            } else {
                ok("Payload-Oxum");
            }
        }

        void ledger() {
            byte[] indexBytes = bytes(BagLayout.INDEX);
            if (indexBytes == null) {
                fail(BagLayout.INDEX + ": missing, so nothing ties the objects to the ledger");
                return;
            }
            BagIndex index;
            try {
                index = ProofFiles.readIndex(indexBytes);
            } catch (IllegalArgumentException e) {
                fail(BagLayout.INDEX + ": " + e.getMessage());
                return;
            }
            Optional<CheckpointVerifier> signer = verifierKey(index);
            Optional<List<X509Certificate>> tsa = tsaCertificates(index);
            Map<String, Checkpoint> checkpoints = new HashMap<>();
            for (BagIndex.Checkpoint c : index.checkpoints()) {
                checkpoint(c, signer, tsa).ifPresent(cp -> checkpoints.put(c.note(), cp));
            }
            if (index.objects().isEmpty()) {
                fail(BagLayout.INDEX + ": lists no objects");
            }
            for (BagIndex.BagObject o : index.objects()) {
                object(o, checkpoints);
            }
            consistency(index, checkpoints);
        }

        private Optional<CheckpointVerifier> verifierKey(BagIndex index) {
            String key = trustedVerifierKey.orElse(null);
            String from = "the verifier key given";
            if (key == null) {
                byte[] own = index.verifierKey() == null ? null : bytes(index.verifierKey());
                if (own == null) {
                    fail(BagLayout.VERIFIER_KEY + ": missing, so no checkpoint signature can be checked");
                    return Optional.empty();
                }
                key = new String(own, StandardCharsets.UTF_8).trim();
                from = index.verifierKey();
            }
            try {
                return Optional.of(CheckpointVerifier.fromVerifierKey(key));
            } catch (RuntimeException e) {
                fail(from + ": not a note verifier key (" + e.getMessage() + ")");
                return Optional.empty();
            }
        }

        private Optional<List<X509Certificate>> tsaCertificates(BagIndex index) {
            if (trustedTsa.isPresent()) {
                return trustedTsa;
            }
            byte[] pem = index.tsaCertificates() == null ? null : bytes(index.tsaCertificates());
            if (pem == null) {
                fail(BagLayout.TSA_CERTIFICATES + ": missing, so no checkpoint time-stamp can be checked");
                return Optional.empty();
            }
            try {
                return Optional.of(CheckpointStamp.readPem(pem));
            } catch (CheckpointException | RuntimeException e) {
                fail(index.tsaCertificates() + ": no readable certificate (" + e.getMessage() + ")");
                return Optional.empty();
            }
        }

        /** The checkpoint, when its signature holds (a bad token is reported but leaves the tree head usable for proofs). */
        private Optional<Checkpoint> checkpoint(BagIndex.Checkpoint c, Optional<CheckpointVerifier> signer,
                                                Optional<List<X509Certificate>> tsa) {
            byte[] note = bytes(c.note());
            if (note == null) {
                fail(c.note() + ": missing checkpoint (shard " + c.shard() + ", size " + c.size() + ")");
                return Optional.empty();
            }
            if (signer.isEmpty()) {
                return Optional.empty();
            }
            Checkpoint cp;
            try {
                cp = signer.get().verify(note);
            } catch (CheckpointException | RuntimeException e) {
                fail(c.note() + ": signature does not verify (" + e.getMessage() + ")");
                return Optional.empty();
            }
            if (cp.size() != c.size() || !cp.origin().endsWith("/" + c.shard())) {
                fail(c.note() + ": signs " + cp.origin() + " size " + cp.size() + ", not shard " + c.shard() + " size " + c.size());
                return Optional.empty();
            }
            ok("checkpoint signatures");
            byte[] token = c.token() == null ? null : bytes(c.token());
            if (token == null) {
                fail(c.note() + ": not time-stamped (no " + (c.token() == null ? "token" : c.token()) + ")");
            } else if (tsa.isPresent()) {
                try {
                    CheckpointStamp.check(token, note, tsa.get());
                    ok("checkpoint time-stamps");
                } catch (CheckpointException | RuntimeException e) {
                    fail(c.token() + ": time-stamp token does not verify (" + e.getMessage() + ")");
                }
            }
            return Optional.of(cp);
        }

        private void object(BagIndex.BagObject o, Map<String, Checkpoint> checkpoints) {
            if (o.missing() || o.path() == null) {
                fail(o.key() + ": was not in the archive at export");
                return;
            }
            PayloadHashes h = payload.get(o.path());
            if (h == null) {
                fail(o.path() + ": missing (object " + o.key() + ")");
                return;
            }
            if (o.entries().isEmpty()) {
                fail(o.path() + ": object " + o.key() + " is not in the ledger");
                return;
            }
            for (BagIndex.EntryRef ref : o.entries()) {
                entry(o, h, ref, checkpoints);
            }
        }

        private void entry(BagIndex.BagObject o, PayloadHashes h, BagIndex.EntryRef ref, Map<String, Checkpoint> checkpoints) {
            byte[] bytes = bytes(ref.entry());
            if (bytes == null) {
                fail(ref.entry() + ": missing ledger entry of " + o.key());
                return;
            }
            LedgerEntry e;
            try {
                e = LedgerEntryCodec.parse(bytes);
            } catch (IllegalArgumentException ex) {
                fail(ref.entry() + ": " + ex.getMessage());
                return;
            }
            String leafName = "leaf " + ref.shard() + "/" + ref.leaf();
            if (!e.key().equals(o.key()) || !e.kind().equals(ref.kind())) {
                fail(ref.entry() + ": is a " + e.kind() + " entry for " + e.key() + ", not the " + ref.kind() + " of " + o.key());
            } else if (e.within() == null) {
                if (!e.sha256().equals(h.sha256()) || e.size() != h.size()) {
                    fail(o.path() + ": SHA-256 " + h.sha256() + " (" + h.size() + " bytes) is not its ledger entry's " + e.sha256()
                            + " (" + e.size() + " bytes, " + ref.entry() + ")");
                } else {
                    ok("objects matching their entries");
                }
            } else {
                rawItem(o, e, ref);
            }
            if (ref.proof() == null || ref.checkpoint() == null) {
                fail(ref.entry() + ": not checkpointed (no inclusion proof for " + leafName + ")");
                return;
            }
            byte[] proofBytes = bytes(ref.proof());
            if (proofBytes == null) {
                fail(ref.proof() + ": missing inclusion proof of " + leafName);
                return;
            }
            InclusionProof proof;
            try {
                proof = ProofFiles.readInclusion(proofBytes);
            } catch (IllegalArgumentException ex) {
                fail(ref.proof() + ": " + ex.getMessage());
                return;
            }
            Checkpoint cp = checkpoints.get(ref.checkpoint());
            if (cp == null) {
                fail(ref.proof() + ": its checkpoint " + ref.checkpoint() + " did not verify, so the proof proves nothing");
                return;
            }
            if (!proof.shard().equals(ref.shard()) || proof.leafIndex() != ref.leaf() || proof.treeSize() != cp.size()) {
                fail(ref.proof() + ": is for leaf " + proof.shard() + "/" + proof.leafIndex() + " in a tree of " + proof.treeSize()
                        + ", not " + leafName + " in the checkpoint's " + cp.size());
            } else if (!proof.verify(Merkle.leafHash(bytes), cp.rootHash())) {
                fail(ref.proof() + ": inclusion proof of " + ref.entry() + " does not lead to the root of " + ref.checkpoint());
            } else {
                ok("inclusion proofs");
            }
        }

        private void rawItem(BagIndex.BagObject o, LedgerEntry e, BagIndex.EntryRef ref) {
            try (InputStream warc = zip.getInputStream(files.get(o.path()))) {
                RawItemRange.Cut cut = RawItemRange.sha256(warc, e.within());
                if (cut.problem() != null) {
                    fail(o.path() + ": raw item of " + ref.entry() + " cannot be cut: " + cut.problem());
                } else if (!cut.sha256().equals(e.sha256()) || e.within().length() != e.size()) {
                    fail(o.path() + ": raw item [" + e.within().offset() + ", +" + e.within().length() + ") of record "
                            + e.within().warcRecordId() + " hashes to " + cut.sha256() + ", not its ledger entry's " + e.sha256()
                            + " (" + ref.entry() + ")");
                } else {
                    ok("raw items matching their entries");
                }
            } catch (IOException ex) {
                fail(o.path() + ": unreadable in the zip (" + ex.getMessage() + ")");
            }
        }

        private void consistency(BagIndex index, Map<String, Checkpoint> checkpoints) {
            Map<String, BagIndex.Checkpoint> newest = new HashMap<>();
            for (BagIndex.Checkpoint c : index.checkpoints()) {
                newest.merge(c.shard(), c, (a, b) -> a.size() >= b.size() ? a : b);
            }
            for (BagIndex.Checkpoint c : index.checkpoints()) {
                BagIndex.Checkpoint last = newest.get(c.shard());
                if (c.size() == last.size()) {
                    continue;
                }
                Optional<BagIndex.Consistency> proofRef = index.consistency().stream()
                        .filter(p -> p.shard().equals(c.shard()) && p.oldSize() == c.size() && p.newSize() == last.size()).findFirst();
                if (proofRef.isEmpty()) {
                    fail(c.note() + ": no consistency proof to " + last.note());
                    continue;
                }
                String file = proofRef.get().proof();
                byte[] bytes = bytes(file);
                Checkpoint older = checkpoints.get(c.note());
                Checkpoint newer = checkpoints.get(last.note());
                if (bytes == null) {
                    fail(file + ": missing consistency proof");
                    continue;
                }
                if (older == null || newer == null) {
                    fail(file + ": a checkpoint it joins did not verify, so it proves nothing");
                    continue;
                }
                try {
                    ConsistencyProof p = ProofFiles.readConsistency(bytes);
                    if (!p.shard().equals(c.shard()) || p.oldSize() != older.size() || p.newSize() != newer.size()) {
                        fail(file + ": is for shard " + p.shard() + " " + p.oldSize() + " → " + p.newSize() + ", not " + c.shard() + " "
                                + older.size() + " → " + newer.size());
                    } else if (!p.verify(older.rootHash(), newer.rootHash())) {
                        fail(file + ": consistency proof from " + c.note() + " to " + last.note() + " does not hold");
                    } else {
                        ok("consistency proofs");
                    }
                } catch (IllegalArgumentException ex) {
                    fail(file + ": " + ex.getMessage());
                }
            }
        }

        /** A (small) file's bytes by bag path, or null when the bag has no such file. */
        byte[] bytes(String path) {
            ZipEntry z = path == null ? null : files.get(path);
            if (z == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(z)) {
                return in.readAllBytes();
            } catch (IOException e) {
                fail(path + ": unreadable in the zip (" + e.getMessage() + ")");
                return null;
            }
        }
    }
}
