package org.evidencepipeline.storer.bag;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.ledger.bag.BagIndex;
import org.evidencepipeline.ledger.bag.BagLayout;
import org.evidencepipeline.ledger.bag.BagZipWriter;
import org.evidencepipeline.ledger.bag.ProofFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a {@link PackagePlan} out as a zipped BagIt bag: each object straight from S3 into the zip (never whole in
 * memory), stored once under {@code data/objects/sha256/<its SHA-256>}; then the ledger files, the verifier key, the
 * pinned TSA certificate, {@code data/index.json}, and the tag files. An object whose SHA-256 no record gives (a fetch
 * WARC not in the ledger) is first copied to a temporary file to learn its name.
 */
public final class PackageWriter {
    private static final Logger LOG = Logger.getLogger(PackageWriter.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ArchiveStore store;
    private final PackageSettings settings;
    private final Clock clock;

    public PackageWriter(ArchiveStore store, PackageSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** The bag's name and top directory: {@code evidence-package-<scope>-<time>}. */
    public static String bagName(String scope, Instant time) {
        return "evidence-package-" + scope.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + STAMP.format(time);
    }

    public void write(PackagePlan plan, OutputStream out) throws IOException, StorageException {
        Instant now = clock.instant();
        long[] total = {0};
        List<BagIndex.BagObject> listed = new ArrayList<>();
        try (BagZipWriter bag = new BagZipWriter(out, bagName(plan.scope(), now))) {
            for (PackagePlan.PlannedObject o : plan.objects()) {
                listed.add(copy(bag, o, total));
            }
            for (Map.Entry<String, byte[]> f : plan.ledgerFiles().entrySet()) {
                bag.payload(f.getKey(), f.getValue());
            }
            String keyPath = null;
            if (settings.verifierKey().isPresent()) {
                keyPath = BagLayout.VERIFIER_KEY;
                bag.payload(keyPath, (settings.verifierKey().get() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String pemPath = null;
            if (settings.tsaCertificatesPem().isPresent()) {
                pemPath = BagLayout.TSA_CERTIFICATES;
                bag.payload(pemPath, settings.tsaCertificatesPem().get());
            }
            BagIndex index = new BagIndex(BagIndex.VERSION, plan.scope(), plan.posts(), listed, plan.checkpoints(), plan.consistency(),
                    keyPath, pemPath);
            bag.payload(BagLayout.INDEX, ProofFiles.write(index));
            Map<String, String> info = new LinkedHashMap<>();
            settings.sourceOrganization().ifPresent(s -> info.put("Source-Organization", s));
            info.put("External-Identifier", plan.scope());
            info.put("External-Description", "Court package of " + plan.scope() + " from the evidence-pipeline archive (bucket "
                    + store.bucket() + "): " + plan.posts().size() + " post(s), " + listed.size() + " archive object(s) with their provenance,"
                    + " ledger entries, inclusion proofs, " + plan.checkpoints().size() + " signed and time-stamped checkpoint(s) and "
                    + plan.consistency().size() + " consistency proof(s). See README.txt.");
            info.put("Bag-Software-Agent", "evidence-pipeline storer (BagIt written by RFC 8493, no library)");
            bag.finish(info, PackageReadme.text(), now);
        }
    }

    private BagIndex.BagObject copy(BagZipWriter bag, PackagePlan.PlannedObject o, long[] total) throws IOException, StorageException {
        if (o.sha256() != null && bag.contains(BagLayout.object(o.sha256()))) {
            return listed(o, BagLayout.object(o.sha256()), o.sha256(), o.size());
        }
        Optional<InputStream> object = store.open(o.key());
        if (object.isEmpty()) {
            LOG.warnf("package %s: %s is not in the archive; the bag lists it as missing", o.key(), o.key());
            return new BagIndex.BagObject(o.key(), null, o.kind(), o.sha256(), o.size(), true, o.entries());
        }
        try (InputStream in = object.get()) {
            if (o.sha256() != null) {
                String path = BagLayout.object(o.sha256());
                BagZipWriter.Written w = bag.payload(path, new CappedStream(in, total, settings.maxBytes(), o.key()));
                if (!w.sha256().equals(o.sha256())) {
                    // Exported as it is: the offline verifier reports the difference from its entry.
                    LOG.warnf("package: %s hashes to %s, not %s as its records say", o.key(), w.sha256(), o.sha256());
                }
                return listed(o, path, o.sha256(), w.size());
            }
            Path temp = Files.createTempFile("evidence-package-", ".part");
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                Files.copy(new DigestInputStream(new CappedStream(in, total, settings.maxBytes(), o.key()), d), temp,
                        StandardCopyOption.REPLACE_EXISTING);
                String sha256 = HexFormat.of().formatHex(d.digest());
                String path = BagLayout.object(sha256);
                if (!bag.contains(path)) {
                    try (InputStream spooled = Files.newInputStream(temp)) {
                        bag.payload(path, spooled);
                    }
                }
                return listed(o, path, sha256, Files.size(temp));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static BagIndex.BagObject listed(PackagePlan.PlannedObject o, String path, String sha256, long size) {
        return new BagIndex.BagObject(o.key(), path, o.kind(), sha256, size, false, o.entries());
    }

    /** Counts object bytes against the cap as they stream, for objects whose size no record gave. */
    private static final class CappedStream extends java.io.FilterInputStream {
        private final long[] total;
        private final long max;
        private final String key;

        CappedStream(InputStream in, long[] total, long max, String key) {
            super(in);
            this.total = total;
            this.max = max;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            total[0] += n;
            if (total[0] > max) {
                throw new IOException("package exceeds storer.package.max-bytes=" + max + " while copying " + key
                        + ": the zip is incomplete; export fewer posts or raise the cap");
            }
        }
    }

}
