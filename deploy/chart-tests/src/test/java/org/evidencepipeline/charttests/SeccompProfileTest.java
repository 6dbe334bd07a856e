package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helm/evidence-pipeline/files/seccomp-chromium.json, the Localhost profile for the capturer: compiled with the
 * system's libseccomp (src/test/resources/seccomp/run-under-profile.py, as runc compiles a profile) and enforced on
 * the real Chromium and JVM. Chromium keeps its sandbox; the same profile without the user-namespace additions (what
 * Docker's and containerd's RuntimeDefault allow) makes it refuse to start.
 */
class SeccompProfileTest {
    static final Path PROFILE = Chart.SOURCE.resolve("files/seccomp-chromium.json");
    static final ObjectMapper JSON = new ObjectMapper();
    /** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
    static final long ALL_NAMESPACES = 2114060288L;
    static final long CLONE_NEWUSER = 0x10000000L;
    static final long CLONE_NEWNS = 0x00020000L;

    static Path workDir;

    @BeforeAll
    static void workDir() throws IOException {
        // Under the system's temporary directory: the unprivileged browser must reach it (the build tree may not be).
        workDir = Files.createTempDirectory("chart-tests-seccomp");
        openToAll(workDir);
    }

    @AfterAll
    static void removeWorkDir() throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void profileDeniesByDefaultAndAddsOnlyUserNetAndPidNamespacesAndChrootToRuntimeDefault() throws IOException {
        JsonNode p = JSON.readTree(PROFILE.toFile());

        assertThat(p.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(Manifests.texts(p.path("architectures"))).contains("SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64");
        List<String> allowed = new ArrayList<>();
        for (JsonNode rule : p.path("syscalls")) {
            if (rule.path("action").asText().equals("SCMP_ACT_ALLOW")) {
                allowed.addAll(Manifests.texts(rule.path("names")));
            }
        }
        // What only CAP_SYS_ADMIN and friends may do under RuntimeDefault stays refused.
        assertThat(allowed).doesNotContain("mount", "umount2", "setns", "pivot_root", "bpf", "kexec_load", "init_module",
                "open_by_handle_at", "perf_event_open", "keyctl", "add_key", "reboot", "swapon");
        assertThat(allowed).contains("unshare", "chroot", "seccomp", "prctl", "clone");
        JsonNode clone = rule(p, "clone");
        JsonNode flags = clone.path("args").get(0);
        assertThat(flags.path("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(flags.path("value").asLong() & CLONE_NEWNS).as("no new mount namespace").isNotZero();
        assertThat(flags.path("value").asLong() & CLONE_NEWUSER).as("user namespaces allowed").isZero();
        assertThat(rule(p, "unshare").path("args")).isEqualTo(clone.path("args"));
        // clone3 fails with ENOSYS, so glibc falls back to clone, whose flags the filter can see.
        assertThat(rule(p, "clone3").path("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(rule(p, "clone3").path("errnoRet").asInt()).isEqualTo(38);
    }

    @Test
    void sandboxedChromiumRendersUnderTheProfileAndRefusesToStartUnderRuntimeDefault() throws Exception {
        assumeToolsPresent();
        Result ok = run(PROFILE, chromium(userDir("profile-ok")));
        assertThat(ok.exit).as(ok.stderr).isZero();
        assertThat(ok.stdout).contains("<p id=\"x\">sandboxed</p>");

        Result refused = run(runtimeDefaultVariant(), chromium(userDir("profile-refused")));
        assertThat(refused.exit).isNotZero();
        assertThat(refused.stderr).contains("No usable sandbox");
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"chroot", "unshare", "clone of a user namespace"})
    void eachAdditionToRuntimeDefaultIsNeededBySandboxedChromium(String addition) throws Exception {
        assumeToolsPresent();
        ObjectNode p = (ObjectNode) JSON.readTree(PROFILE.toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode rule : p.path("syscalls")) {
            List<String> names = Manifests.texts(rule.path("names"));
            if (names.equals(List.of(addition))) {
                continue;
            }
            if (names.equals(List.of("clone")) && addition.startsWith("clone")) {
                ((ObjectNode) rule.path("args").get(0)).put("value", ALL_NAMESPACES);
            }
            kept.add(rule);
        }
        p.set("syscalls", kept);
        Path without = workDir.resolve("without-" + addition.replace(' ', '-') + ".json");
        JSON.writeValue(without.toFile(), p);

        Result r = run(without, chromium(userDir("profile-without-" + addition.replace(' ', '-'))));

        assertThat(r.exit).as("Chromium started without " + addition).isNotZero();
        assertThat(r.stdout).doesNotContain("sandboxed");
    }

    @Test
    void theJvmRunsUnderTheProfileAndNoMountNamespaceCanBeMade() throws Exception {
        assumeToolsPresent();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertThat(run(PROFILE, List.of(java.toString(), "-version")).exit).isZero();
        Assumptions.assumeTrue(KustomizeTest.onPath("unshare"), "util-linux unshare not installed");
        assertThat(run(PROFILE, List.of("unshare", "--user", "--net", "--", "true")).exit).as("user+net namespaces").isZero();
        Result mountNs = run(PROFILE, List.of("unshare", "--user", "--mount", "--", "true"));
        assertThat(mountNs.exit).as("a mount namespace is refused").isNotZero();
        assertThat(mountNs.stderr).contains("Operation not permitted");
    }

    /** Headless Chromium printing a page's DOM, with the flags the capturer needs here, and its sandbox on. */
    private static List<String> chromium(Path userDataDir) {
        List<String> command = List.of("chromium", "--headless", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + userDataDir, "--dump-dom", "data:text/html,<p id=x>sandboxed</p>");
        assertThat(String.join(" ", command)).doesNotContain("no-sandbox");
        return command;
    }

    private static JsonNode rule(JsonNode profile, String syscall) {
        for (JsonNode rule : profile.path("syscalls")) {
            if (Manifests.texts(rule.path("names")).equals(List.of(syscall))) {
                return rule;
            }
        }
        throw new AssertionError("no rule of its own for " + syscall);
    }

    /** The profile as Docker's and containerd's RuntimeDefault has it: no namespace in clone, no unshare, no chroot. */
    private static Path runtimeDefaultVariant() throws IOException {
        ObjectNode p = (ObjectNode) JSON.readTree(PROFILE.toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode rule : p.path("syscalls")) {
            List<String> names = Manifests.texts(rule.path("names"));
            if (names.equals(List.of("unshare")) || names.equals(List.of("chroot"))) {
                continue;
            }
            if (names.equals(List.of("clone"))) {
                ((ObjectNode) rule.path("args").get(0)).put("value", ALL_NAMESPACES);
            }
            kept.add(rule);
        }
        p.set("syscalls", kept);
        Path out = workDir.resolve("runtime-default-variant.json");
        JSON.writeValue(out.toFile(), p);
        return out;
    }

    private static void assumeToolsPresent() {
        Assumptions.assumeTrue(KustomizeTest.onPath("python3"), "python3 not installed");
        Assumptions.assumeTrue(KustomizeTest.onPath("chromium"), "chromium not installed");
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libseccomp.so.2"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libseccomp.so.2"))
                || Files.exists(Path.of("/lib64/libseccomp.so.2")), "libseccomp not installed");
        Assumptions.assumeTrue(!isRoot() || KustomizeTest.onPath("setpriv"), "running as root without setpriv");
    }

    /** A directory the (unprivileged) browser may write, as the pod's emptyDir /tmp. */
    private static Path userDir(String name) throws IOException {
        Path dir = workDir.resolve(name);
        Files.createDirectories(dir);
        openToAll(dir);
        return dir.resolve("data");
    }

    private static void openToAll(Path dir) {
        dir.toFile().setReadable(true, false);
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /** Runs the command under the profile, as an unprivileged user like the pod's (nobody when this runs as root). */
    private static Result run(Path profile, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("python3", Chart.resource("seccomp/run-under-profile.py").toString(),
                profile.toString(), "--"));
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("HOME", workDir.toString());
        pb.redirectOutput(workDir.resolve("out.txt").toFile());
        pb.redirectError(workDir.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + full);
        }
        return new Result(p.exitValue(), Files.readString(workDir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
