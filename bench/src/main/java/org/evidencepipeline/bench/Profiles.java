package org.evidencepipeline.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JFR execution samples of every service (through {@code jcmd JFR.start}) and of this JVM, which runs the broker, over
 * one measured run ({@code --profile}). Each process is summarised as the methods on top of its sampled stacks (where
 * its CPU is spent itself) and the first frame of this project's own code under them (which of its calls led there).
 */
final class Profiles implements AutoCloseable {
    /** A method and its share of one process's execution samples. */
    record Frame(String method, double share) {
    }

    /** One process's summary. */
    record Profile(long samples, List<Frame> top, List<Frame> ownCallers) {
    }

    private static final String OWN = "org.evidencepipeline.";
    private static final int TOP = 8;

    private final Path dir;
    private final Map<String, Long> pids;
    private final Recording self;

    private Profiles(Path dir, Map<String, Long> pids, Recording self) {
        this.dir = dir;
        this.pids = pids;
        this.self = self;
    }

    /** Starts a recording in each service (by name, pid) and in this JVM ("broker+harness"). */
    static Profiles start(Path dir, Map<String, Long> services) throws IOException, ParseException {
        Files.createDirectories(dir);
        Map<String, Long> started = new LinkedHashMap<>();
        services.forEach((name, pid) -> {
            if (Jcmd.run(pid, "JFR.start", "name=bench", "settings=profile").isPresent()) {
                started.put(name, pid);
            }
        });
        Recording self = new Recording(Configuration.getConfiguration("profile"));
        self.start();
        return new Profiles(dir, started, self);
    }

    /** Stops every recording and summarises it, by process name. */
    Map<String, Profile> stop() throws IOException {
        // This JVM's recording stops first, so that the parsing below is not in it.
        Path own = dir.resolve("broker+harness.jfr");
        self.stop();
        self.dump(own);
        Map<String, Profile> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".jfr");
            if (Jcmd.run(e.getValue(), "JFR.stop", "name=bench", "filename=" + file).isPresent() && Files.exists(file)) {
                out.put(e.getKey(), summarise(file));
            }
        }
        out.put("broker+harness", summarise(own));
        return out;
    }

    @Override
    public void close() {
        self.close();
    }

    static Profile summarise(Path file) throws IOException {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> own = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            top.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
            String caller = stack.getFrames().stream().filter(f -> f.isJavaFrame() && f.getMethod().getType().getName().startsWith(OWN))
                    .findFirst().map(Profiles::name).orElse("(no project frame: framework, client or JVM threads)");
            own.merge(caller, 1L, Long::sum);
        }
        return new Profile(samples, ranked(top, samples), ranked(own, samples));
    }

    private static List<Frame> ranked(Map<String, Long> counts, long samples) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP).map(e -> new Frame(e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))).toList();
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The report's section: per run and process, the top methods and the project's frames under the samples. */
    static String markdown(Map<String, Map<String, Profile>> byRun) {
        if (byRun.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Profiles (JFR execution samples over the measured run)\n");
        byRun.forEach((run, byProcess) -> {
            b.append("\n### ").append(run).append("\n");
            byProcess.forEach((process, p) -> {
                b.append("\n**").append(process).append("**, ").append(p.samples()).append(" samples.\n\n")
                        .append("| top of stack | share | first project frame under it | share |\n|---|---:|---|---:|\n");
                for (int i = 0; i < Math.max(p.top().size(), p.ownCallers().size()); i++) {
                    b.append("| ").append(cell(p.top(), i)).append(" | ").append(cell(p.ownCallers(), i)).append(" |\n");
                }
            });
        });
        return b.toString();
    }

    private static String cell(List<Frame> frames, int i) {
        return i < frames.size() ? "`" + frames.get(i).method() + "` | " + String.format("%.1f %%", frames.get(i).share()) : " | ";
    }
}
