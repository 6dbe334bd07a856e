package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options every service is started with (ServiceProcess.JVM_OPTIONS, then LocalPipeline's per service) are
 * ones this JDK takes, and they end as measured in BENCHMARKS.md ("Memory"): the serial collector, a 32 MB initial
 * heap with free ratios of 10-30 %, and the C1 compiler only for every service but the storer. Each service's command
 * line is run up to its -jar with -XX:+PrintFlagsFinal -version instead, so a flag the JDK refused would fail here
 * before it kept a service from starting.
 */
class EveryServiceJvmRunsWithItsMeasuredOptionsTest {

    @Test
    void everyServiceJvmStartsWithTheSerialCollectorASmallInitialHeapAndC1ButTheStorer() throws Exception {
        for (Map.Entry<String, String> service : LocalPipeline.Settings.defaultHeaps().entrySet()) {
            String name = service.getKey();
            ServiceProcess p = new ServiceProcess(name, Path.of("/nonexistent", name, "quarkus-run.jar"), service.getValue(), 8080,
                    Map.of(), Map.of(), LocalPipeline.Settings.defaultJvmOptions(name), Path.of("/nonexistent.log"));
            List<String> command = new ArrayList<>(p.command());
            int jar = command.indexOf("-jar");
            assertThat(jar).as(name).isPositive();
            List<String> probe = new ArrayList<>(command.subList(0, jar));
            probe.add("-XX:+PrintFlagsFinal");
            probe.add("-version");
            String flags = run(probe);

            assertThat(flag(flags, "UseSerialGC")).as(name).isEqualTo("true");
            assertThat(flag(flags, "InitialHeapSize")).as(name).isEqualTo(Long.toString(32L << 20));
            assertThat(flag(flags, "MinHeapFreeRatio")).as(name).isEqualTo("10");
            assertThat(flag(flags, "MaxHeapFreeRatio")).as(name).isEqualTo("30");
            assertThat(flag(flags, "ExitOnOutOfMemoryError")).as(name).isEqualTo("true");
            assertThat(flag(flags, "MaxHeapSize")).as(name).isEqualTo(Long.toString(bytes(service.getValue())));
            assertThat(flag(flags, "TieredStopAtLevel")).as(name).isEqualTo(name.equals("storer") ? "4" : "1");
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** A flag's final value in -XX:+PrintFlagsFinal output ({@code type name = value {origin}}). */
    private static String flag(String flags, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+" + name + "\\s+=\\s+(\\S+)").matcher(flags);
        assertThat(m.find()).as(name + " in the JVM's flags").isTrue();
        return m.group(1);
    }

    private static long bytes(String heap) {
        return Long.parseLong(heap.substring(0, heap.length() - 1)) << 20;
    }
}
