package org.evidencepipeline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Measured figures of each scenario, printed and appended to {@code target/reliability-figures.md} as one
 * Markdown table row (RELIABILITY.md quotes them).
 */
public final class Figures {
    static final Path FILE = Path.of("target", "reliability-figures.md");

    private Figures() {
    }

    public static void record(String scenario, String fault, InvariantChecker.Report report, Map<String, String> timings) {
        InvariantChecker.Scenario s = report.scenario();
        StringBuilder times = new StringBuilder();
        timings.forEach((k, v) -> times.append(times.length() == 0 ? "" : "; ").append(k).append(' ').append(v));
        String row = "| " + scenario + " | " + fault + " | " + s.sent() + " | " + s.collected() + " (" + s.collectedRecords() + " records) | "
                + s.archived() + " | " + s.deadLettered() + " | " + s.lost() + " | " + s.repeatedArchiveRecords() + " | "
                + report.contentObjects() + " objects, " + report.misplacedObjects() + " duplicate or misplaced | " + report.verifyTotals() + " | " + times + " |";
        System.out.println("FIGURES " + row);
        System.out.println("        " + report.summary());
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| scenario | fault | posts sent | collected | archived | dead-lettered | lost | repeated archive records |"
                        + " content objects | storer verify | times |\n|---|---|---|---|---|---|---|---|---|---|---|\n", StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String seconds(long millis) {
        return millis < 0 ? "n/a" : String.format("%.1f s", millis / 1000.0);
    }
}
