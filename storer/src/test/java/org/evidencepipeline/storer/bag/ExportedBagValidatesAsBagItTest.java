package org.evidencepipeline.storer.bag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.storer.LedgerKeysResource;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.S3ServerResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collection exported with {@code ./pipeline export} is a BagIt 1.0 bag by RFC 8493, checked here line by line
 * without the package verifier: one top directory; bagit.txt's two lines; bag-info.txt's fields and a Payload-Oxum
 * that counts the payload; every line of both payload manifests and of the tag manifest matches its file; every payload
 * file is in both payload manifests and every tag file in the tag manifest. And the payload is what the issue asks for:
 * every object of the posts once by SHA-256 (the shared fetch WARC once), their ledger entries and proofs, checkpoints
 * with tokens, the verifier key (never the signer key) and the pinned TSA certificate.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(S3ServerResource.class)
@QuarkusTestResource(value = LedgerKeysResource.class, restrictToAnnotatedClass = true)
class ExportedBagValidatesAsBagItTest {
    private static final Pattern LINE = Pattern.compile("([0-9a-f]+)  (\\S.*)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    LedgerKeysResource.LedgerKeys keys;

    private static String endpoint() {
        return ConfigProvider.getConfig().getValue("storer.s3.endpoint", String.class);
    }

    @Test
    void anExportedCollectionIsABagItBagEveryManifestLineOfWhichHolds() throws Exception {
        TestPackages.Built built = TestPackages.build("valid-" + UUID.randomUUID().toString().substring(0, 8), endpoint(), bootstrap, keys);
        Path out = Files.createTempDirectory("bag-valid").resolve("package.zip");
        StringBuilder said = new StringBuilder();
        assertThat(TestPackages.export(endpoint(), keys, out, said, "--collection", built.collection())).as(said.toString()).isZero();
        assertThat(said).contains("wrote " + out);

        Map<String, byte[]> zipped = TestPackages.unzip(Files.readAllBytes(out));
        Set<String> tops = new HashSet<>();
        Map<String, byte[]> bag = new HashMap<>();
        zipped.forEach((name, bytes) -> {
            tops.add(name.substring(0, name.indexOf('/')));
            bag.put(name.substring(name.indexOf('/') + 1), bytes);
        });
        assertThat(tops).as("one top directory").hasSize(1);
        assertThat(tops.iterator().next()).startsWith("evidence-package-collection-" + built.collection());

        assertThat(text(bag, "bagit.txt")).isEqualTo("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");

        Set<String> payload = new HashSet<>();
        long octets = 0;
        for (Map.Entry<String, byte[]> f : bag.entrySet()) {
            if (f.getKey().startsWith("data/")) {
                payload.add(f.getKey());
                octets += f.getValue().length;
            }
        }
        for (String algorithm : List.of("SHA-256", "SHA-512")) {
            String manifest = "manifest-" + algorithm.toLowerCase().replace("-", "") + ".txt";
            Set<String> listed = checkLines(bag, manifest, algorithm, algorithm.equals("SHA-256") ? 64 : 128);
            assertThat(listed).as(manifest + " lists every payload file and only those").isEqualTo(payload);
        }
        Set<String> tagFiles = new HashSet<>(bag.keySet());
        tagFiles.removeAll(payload);
        tagFiles.remove("tagmanifest-sha256.txt");
        assertThat(tagFiles).containsExactlyInAnyOrder("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "README.txt");
        assertThat(checkLines(bag, "tagmanifest-sha256.txt", "SHA-256", 64)).isEqualTo(tagFiles);

        Map<String, String> info = new HashMap<>();
        for (String l : text(bag, "bag-info.txt").split("\n")) {
            assertThat(l).matches("[A-Za-z-]+: .+");
            info.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 2));
        }
        assertThat(info.get("Payload-Oxum")).isEqualTo(octets + "." + payload.size());
        assertThat(info.get("Bagging-Date")).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(info.get("Source-Organization")).isEqualTo(LedgerKeysResource.SOURCE_ORGANIZATION);
        assertThat(info).containsKeys("Bag-Size", "External-Description");

        // The payload: every object once, by its SHA-256, and index.json mapping each archive key to it.
        JsonNode index = new ObjectMapper().readTree(bag.get("data/index.json"));
        Map<String, String> pathByKey = new HashMap<>();
        for (JsonNode o : index.get("objects")) {
            String path = o.get("path").asText();
            assertThat(path).isEqualTo("data/objects/sha256/" + Hashes.sha256Hex(bag.get(path)));
            assertThat(o.get("entries")).as(o.get("key").asText() + " has ledger entries").isNotEmpty();
            for (JsonNode e : o.get("entries")) {
                assertThat(bag).containsKeys(e.get("entry").asText(), e.get("proof").asText(), e.get("checkpoint").asText());
            }
            pathByKey.put(o.get("key").asText(), path);
        }
        assertThat(pathByKey).containsKeys(built.a().postObjectKey(), built.b().postObjectKey(), built.warcKey());
        assertThat(pathByKey.get(built.warcKey())).isEqualTo("data/objects/sha256/" + Hashes.sha256Hex(TestPackages.get(TestPackages.s3(endpoint()),
                built.warcKey())));
        assertThat(bag.keySet().stream().filter(p -> p.startsWith("data/objects/"))).as("the shared fetch WARC is stored once")
                .hasSize(new HashSet<>(pathByKey.values()).size());
        assertThat(bag.keySet().stream().filter(p -> p.startsWith("data/ledger/entries/"))).hasSize(built.entries());
        // Shard 0 has two checkpoints used (the older covers the first batch), shard 1 one: each with its token, and a
        // consistency proof from shard 0's older one to its newer one.
        Set<String> shards = new HashSet<>();
        for (JsonNode c : index.get("checkpoints")) {
            assertThat(bag).containsKeys(c.get("note").asText(), c.get("token").asText());
            shards.add(c.get("shard").asText());
        }
        assertThat(index.get("checkpoints")).hasSize(3);
        assertThat(shards).containsExactlyInAnyOrder("0", "1");
        assertThat(index.get("consistency")).hasSize(1);
        assertThat(index.get("consistency").get(0).get("shard").asText()).isEqualTo("0");
        assertThat(bag).containsKey(index.get("consistency").get(0).get("proof").asText());
        assertThat(text(bag, "data/ledger/verifier-key.txt").trim()).isEqualTo(keys.verifierKey());
        assertThat(bag.get("data/ledger/tsa-certificates.pem")).isEqualTo(Files.readAllBytes(keys.tsaPem()));
        String secret = keys.signerKey().split("\\+", 5)[4];
        for (Map.Entry<String, byte[]> f : bag.entrySet()) {
            assertThat(new String(f.getValue(), StandardCharsets.ISO_8859_1)).as(f.getKey() + " holds no signer key")
                    .doesNotContain("PRIVATE+KEY").doesNotContain(secret);
        }
        assertThat(text(bag, "README.txt")).contains("RFC 8493", "sha256sum -c", "SHA-256(0x00 || entry bytes)", "2.1.3.2",
                "openssl ts -verify", "./pipeline verify --package", "NOT who made it");
    }

    @Test
    void anExportOverTheSizeCapIsRefusedBeforeAnyFileIsWritten() throws Exception {
        TestPackages.Built built = TestPackages.build("cap-" + UUID.randomUUID().toString().substring(0, 8), endpoint(), bootstrap, keys);
        Path out = Files.createTempDirectory("bag-cap").resolve("package.zip");
        StringBuilder said = new StringBuilder();
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        Map<String, String> env = Map.of("STORER_S3_ENDPOINT", endpoint(), "STORER_S3_ACCESS_KEY",
                org.evidencepipeline.embedded.S3ProxyServer.ACCESS_KEY, "STORER_S3_SECRET_KEY",
                org.evidencepipeline.embedded.S3ProxyServer.SECRET_KEY, "STORER_PACKAGE_MAX_BYTES", "100");
        int exit = ExportCommand.run(new String[]{"--collection", built.collection(), "--out", out.toString()}, env,
                new java.io.PrintStream(text, true, StandardCharsets.UTF_8));
        said.append(text.toString(StandardCharsets.UTF_8));
        assertThat(exit).as(said.toString()).isEqualTo(4);
        assertThat(said).contains("over storer.package.max-bytes=100");
        assertThat(out).doesNotExist();
        assertThat(out.resolveSibling("package.zip.part")).doesNotExist();
    }

    /** Checks every line of a manifest against the bag's files; returns the paths it lists. */
    private static Set<String> checkLines(Map<String, byte[]> bag, String manifest, String algorithm, int hexLength) throws Exception {
        Set<String> listed = new HashSet<>();
        String[] lines = text(bag, manifest).split("\n");
        assertThat(lines).isNotEmpty();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertThat(m.matches()).as(manifest + " line " + l).isTrue();
            assertThat(m.group(1)).hasSize(hexLength);
            String path = m.group(2);
            assertThat(bag).as(manifest + " names " + path).containsKey(path);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bag.get(path)))).as(manifest + ": " + path)
                    .isEqualTo(m.group(1));
            assertThat(listed.add(path)).as(path + " listed once").isTrue();
        }
        return listed;
    }

    private static String text(Map<String, byte[]> bag, String path) {
        assertThat(bag).containsKey(path);
        return new String(bag.get(path), StandardCharsets.UTF_8);
    }
}
