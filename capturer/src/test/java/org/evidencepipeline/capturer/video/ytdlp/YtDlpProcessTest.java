package org.evidencepipeline.capturer.video.ytdlp;

import org.evidencepipeline.capturer.proxy.RecordingProxy;
import org.evidencepipeline.capturer.video.VideoCaptureStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the process is started and ended, with stand-in programs (shell scripts) where only the process matters: the
 * environment it gets, a deadline that kills its children too, an error exit, and an exit 0 that wrote nothing.
 */
class YtDlpProcessTest {
    private static final Set<String> ALLOWED_ENV = Set.of("PATH", "HOME", "LANG", "http_proxy", "https_proxy",
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "no_proxy");

    @TempDir
    Path work;
    private RecordingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A stand-in yt-dlp: answers --version like the real one, and runs {@code body} otherwise. */
    private YtDlpCapture capture(String body, Duration deadline) throws Exception {
        Path program = YtDlpFixture.script(work, "fake-yt-dlp", "case \"$*\" in *--version*) echo 2023.03.04; exit 0;; esac\n" + body);
        YtDlp ytDlp = YtDlp.locate(Optional.of(program)).orElseThrow();
        proxy = RecordingProxy.start(YtDlpFixture.proxySettings(work.resolve("proxy"), 1 << 20), YtDlpFixture.allowing127001(),
                YtDlpFixture.CA);
        return new YtDlpCapture(ytDlp, proxy, new YtDlpSettings(deadline, 1 << 20, YtDlpFixture.FORMAT, Optional.empty(),
                work.resolve("yt-dlp")));
    }

    @Test
    void theProcessGetsOnlyPathHomeLangAndTheProxyNothingInherited() throws Exception {
        YtDlpCapture capture = capture("exit 0", Duration.ofSeconds(10));
        Path runDir = Files.createDirectories(work.resolve("run"));
        ProcessBuilder pb = capture.processBuilder(runDir, capture.arguments(runDir, "http://127.0.0.1:1/v"));
        Map<String, String> env = pb.environment();

        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(ALLOWED_ENV);
        String proxyUrl = "http://127.0.0.1:" + proxy.address().getPort();
        assertThat(env).containsEntry("HOME", runDir.toString()).containsEntry("LANG", "C.UTF-8")
                .containsEntry("http_proxy", proxyUrl).containsEntry("https_proxy", proxyUrl)
                .containsEntry("HTTP_PROXY", proxyUrl).containsEntry("HTTPS_PROXY", proxyUrl)
                .containsEntry("ALL_PROXY", proxyUrl).containsEntry("NO_PROXY", "").containsEntry("no_proxy", "");
        Map<String, String> inherited = new HashMap<>(System.getenv());
        inherited.keySet().removeAll(ALLOWED_ENV);
        assertThat(inherited).isNotEmpty(); // the test JVM has more (USER, PWD, JAVA_HOME, MAVEN_*...): none of it passes
        assertThat(env.keySet()).doesNotContainAnyElementsOf(inherited.keySet());
        assertThat(pb.command()).startsWith(work.resolve("fake-yt-dlp").toAbsolutePath().toString(), "--ignore-config")
                .endsWith("--", "http://127.0.0.1:1/v");
    }

    @Test
    void theRunningProgramSeesNoVariableOfTheCapturer() throws Exception {
        YtDlpCapture capture = capture("env > \"$HOME/env.txt\"; cp \"$HOME/env.txt\" " + work.resolve("env-seen.txt") + "; exit 0",
                Duration.ofSeconds(10));
        YtDlpResult result = capture.run("cap-env", "http://127.0.0.1:1/v");

        List<String> seen = Files.readAllLines(work.resolve("env-seen.txt"));
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (!ALLOWED_ENV.contains(e.getKey()) && !e.getKey().equals("PWD")) {
                assertThat(seen).doesNotContain(e.getKey() + "=" + e.getValue());
            }
        }
        assertThat(seen).contains("LANG=C.UTF-8", "HTTPS_PROXY=http://127.0.0.1:" + proxy.address().getPort());
        // exit 0 without a media file is never claimed as downloaded
        assertThat(result).isInstanceOf(YtDlpResult.Stopped.class);
        assertThat(((YtDlpResult.Stopped) result).stop().why()).isEqualTo(VideoCaptureStop.Why.FAILED);
        assertThat(((YtDlpResult.Stopped) result).stop().getMessage()).contains("no media file");
        result.discard();
    }

    @Test
    void theDeadlineKillsTheProgramAndEveryChildItStarted() throws Exception {
        Path pids = work.resolve("pids.txt");
        YtDlpCapture capture = capture("sleep 60 & echo $! > " + pids + "; sh -c 'sleep 61' & echo $! >> " + pids + "; sleep 62",
                Duration.ofSeconds(2));
        long started = System.nanoTime();
        YtDlpResult result = capture.run("cap-tree", "http://127.0.0.1:1/v");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(((YtDlpResult.Stopped) result).stop().cap()).isEqualTo("wall-time");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        List<String> children = Files.readAllLines(pids);
        assertThat(children).hasSize(2);
        for (String pid : children) {
            assertThat(YtDlpFixture.goneWithin(Long.parseLong(pid.strip()), Duration.ofSeconds(3))).as("child " + pid).isTrue();
        }
        assertThat(result.run().exitCode()).isNotZero();
        result.discard();
    }

    @Test
    void anErrorExitIsAFailureWithTheLastErrorLineBounded() throws Exception {
        YtDlpCapture capture = capture("echo 'ERROR: first' >&2; printf 'ERROR: %0900d\\n' 7 >&2; exit 2", Duration.ofSeconds(10));
        YtDlpResult result = capture.run("cap-error", "http://127.0.0.1:1/v");

        VideoCaptureStop stop = ((YtDlpResult.Stopped) result).stop();
        assertThat(stop.why()).isEqualTo(VideoCaptureStop.Why.FAILED);
        assertThat(stop.getMessage()).startsWith("yt-dlp exited 2: ERROR: 000").doesNotContain("first");
        assertThat(stop.getMessage().length()).isLessThanOrEqualTo(YtDlpCapture.MAX_REASON_CHARS + 1);
        assertThat(result.run().exitCode()).isEqualTo(2);
        result.discard();
    }
}
