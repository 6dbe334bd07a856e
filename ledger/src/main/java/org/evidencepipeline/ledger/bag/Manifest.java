package org.evidencepipeline.ledger.bag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BagIt manifest (RFC 8493 §2.1.3, §2.2.1): one line per file, {@code <hex checksum> <path>}; paths use {@code /} and
 * percent-encode CR, LF and {@code %}. Written with two spaces between the two, so {@code sha256sum -c} reads it too.
 */
public final class Manifest {
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]+)[ \\t]+(.+)");

    /** One line: the checksum (lower-cased) and the decoded path; {@code number} counts from 1. */
    public record Line(int number, String checksum, String path) {
    }

    private Manifest() {
    }

    /** Lines sorted by path, so the same content gives the same manifest. */
    public static byte[] write(Map<String, String> checksumByPath) {
        StringBuilder b = new StringBuilder();
        checksumByPath.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getValue()).append("  ").append(encode(e.getKey())).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a manifest; a line that is not {@code checksum path} is reported through {@code bad} (with its number) and
     * left out, so one broken line does not hide the others.
     */
    public static List<Line> parse(byte[] manifest, List<String> bad) {
        List<Line> out = new ArrayList<>();
        String text = new String(manifest, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty() && i == lines.length - 1) {
                continue; // the newline ending the last line
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                bad.add("line " + (i + 1) + " is not \"<checksum> <path>\"");
                continue;
            }
            out.add(new Line(i + 1, m.group(1).toLowerCase(java.util.Locale.ROOT), decode(m.group(2))));
        }
        return out;
    }

    static String encode(String path) {
        return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String decode(String path) {
        return path.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%");
    }
}
