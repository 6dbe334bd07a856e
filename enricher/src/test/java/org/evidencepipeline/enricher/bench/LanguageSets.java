package org.evidencepipeline.enricher.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled texts the language benchmark and tests read from the test class path: the project's own set
 * ({@code bench/language-set.tsv}, written here, a regression set), and two public sets nobody here wrote
 * ({@code language-sets/udhr.tsv}, {@code language-sets/debian-catalogues.tsv}; origins and licences in
 * {@code language-sets/SOURCES.md}), each split by the text's hash into a tune half and a held-out half.
 */
public final class LanguageSets {
    public static final String PROJECT = "project";
    public static final String UDHR = "udhr";
    public static final String CATALOGUES = "debian-catalogues";
    public static final String TUNE = "tune";
    public static final String HELD_OUT = "held-out";
    public static final String REGRESSION = "regression";

    /**
     * One labelled text. {@code label} is the set's own (e.g. {@code sr-Latn}); {@link #expected()} the ISO 639-1
     * code a right answer gives.
     */
    public record Text(String set, String label, String split, String origin, String text) {
        public String expected() {
            int dash = label.indexOf('-');
            return dash < 0 ? label : label.substring(0, dash);
        }
    }

    private LanguageSets() {
    }

    public static List<Text> project() throws IOException {
        List<Text> out = new ArrayList<>();
        for (String[] row : rows("bench/language-set.tsv", 2)) {
            out.add(new Text(PROJECT, row[0], REGRESSION, "project", row[1]));
        }
        return out;
    }

    public static List<Text> singleWords() throws IOException {
        List<Text> out = new ArrayList<>();
        for (String[] row : rows("bench/single-words.tsv", 2)) {
            out.add(new Text("single-words", row[0], REGRESSION, "project", row[1]));
        }
        return out;
    }

    /** {@link #UDHR} or {@link #CATALOGUES}. */
    public static List<Text> publicSet(String name) throws IOException {
        List<Text> out = new ArrayList<>();
        for (String[] row : rows("language-sets/" + name + ".tsv", 4)) {
            out.add(new Text(name, row[0], row[1], row[2], row[3]));
        }
        return out;
    }

    private static List<String[]> rows(String resource, int columns) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = LanguageSets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the class path (run with classpathScope test)");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] row = line.split("\t", columns);
                if (row.length != columns) {
                    throw new IllegalStateException(resource + ":" + (i + 1) + " has not " + columns + " tab-separated columns");
                }
                out.add(row);
            }
        }
        return out;
    }
}
