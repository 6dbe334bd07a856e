package org.evidencepipeline.storer.bag;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.ledger.bag.VerifyPackageCommand;
import org.evidencepipeline.storer.LedgerKeysResource;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exported package verifies with {@code ./pipeline verify --package} from the zip alone (exit 0), against keys the
 * checker trusts; changing any one byte of any one file in it makes that fail (exit 1) naming the file; and a payload
 * object changed by someone who also rewrites every manifest to match still fails, on its ledger entry and proof.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true)
class ExportedBagVerifiesOfflineAndFailsAfterAnyChangeTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    LedgerKeysResource.LedgerKeys keys;

    @Test
    void thePackageVerifiesAndAnyChangedFileFails() throws Exception {
        String endpoint = ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class);
        TestPackages.Built built = TestPackages.build("offline-" + UUID.randomUUID().toString().substring(0, 8), endpoint, bootstrap, keys);
        Path dir = Files.createTempDirectory("bag-offline");
        Path bag = dir.resolve("package.zip");
        StringBuilder said = new StringBuilder();
        assertThat(TestPackages.export(endpoint, keys, bag, said, "--collection", built.collection())).as(said.toString()).isZero();

        Verdict ok = verify(bag);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("package OK");
        Verdict ownKeys = verify(bag, "--package", bag.toString());
        assertThat(ownKeys.exit()).as(ownKeys.out()).isZero();
        assertThat(ownKeys.out()).contains("not who made it");

        Map<String, byte[]> files = TestPackages.unzip(Files.readAllBytes(bag));
        assertThat(files).hasSizeGreaterThan(15);
        List<String> notCaught = new ArrayList<>();
        for (String name : files.keySet()) {
            Map<String, byte[]> changed = new LinkedHashMap<>(files);
            byte[] bytes = changed.get(name).clone();
            bytes[bytes.length / 2] ^= 0x01;
            changed.put(name, bytes);
            Path tampered = zip(dir.resolve("changed.zip"), changed);
            Verdict v = verify(tampered);
            String bagPath = name.substring(name.indexOf('/') + 1);
            if (v.exit() != 1 || !v.out().contains("FAIL") || !v.out().contains(bagPath)) {
                notCaught.add(bagPath + " -> exit " + v.exit() + ": " + v.out());
            }
        }
        assertThat(notCaught).as("every file changed by one bit fails, naming it").isEmpty();

        // A forger changes a payload object and rewrites every manifest (and the tag manifest) to match: BagIt alone
        // would pass; the ledger entry's SHA-256 and its proof to the signed checkpoint do not.
        String top = files.keySet().iterator().next().substring(0, files.keySet().iterator().next().indexOf('/') + 1);
        String object = files.keySet().stream().filter(n -> n.startsWith(top + "data/objects/")).findFirst().orElseThrow();
        Map<String, byte[]> forged = new LinkedHashMap<>(files);
        byte[] bytes = forged.get(object).clone();
        bytes[0] ^= 0x01;
        forged.put(object, bytes);
        remanifest(forged, top);
        Verdict v = verify(zip(dir.resolve("forged.zip"), forged));
        assertThat(v.exit()).as(v.out()).isEqualTo(1);
        assertThat(v.out()).contains(object.substring(top.length()));
    }

    private Verdict verify(Path bag) {
        return verify(bag, "--package", bag.toString(), "--verifier-key", keys.verifierKey(), "--tsa-cert", keys.tsaPem().toString());
    }

    private static Verdict verify(Path bag, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyPackageCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Verdict(exit, out.toString(StandardCharsets.UTF_8));
    }

    record Verdict(int exit, String out) {
    }

    private static Path zip(Path to, Map<String, byte[]> files) throws Exception {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return to;
    }

    /** Recomputes both payload manifests, then the tag manifest, as a forger who knows BagIt would. */
    private static void remanifest(Map<String, byte[]> files, String top) throws Exception {
        for (String algorithm : List.of("SHA-256", "SHA-512")) {
            StringBuilder m = new StringBuilder();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (f.getKey().startsWith(top + "data/")) {
                    m.append(hex(algorithm, f.getValue())).append("  ").append(f.getKey().substring(top.length())).append('\n');
                }
            }
            files.put(top + "manifest-" + algorithm.toLowerCase().replace("-", "") + ".txt", m.toString().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder tags = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path = f.getKey().substring(top.length());
            if (!path.startsWith("data/") && !path.equals("tagmanifest-sha256.txt")) {
                tags.append(hex("SHA-256", f.getValue())).append("  ").append(path).append('\n');
            }
        }
        files.put(top + "tagmanifest-sha256.txt", tags.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
