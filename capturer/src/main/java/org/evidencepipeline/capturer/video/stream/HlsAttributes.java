package org.evidencepipeline.capturer.video.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HLS attribute list (RFC 8216 §4.2): {@code NAME=value,NAME="quoted, with commas"}; anything else is refused. */
final class HlsAttributes {
    private HlsAttributes() {
    }

    /** Quoted values are returned without their quotes; the line number is for the error message only. */
    static Map<String, String> parse(String list, int lineNumber) throws PlaylistException {
        Map<String, String> attributes = new LinkedHashMap<>();
        int i = 0;
        int n = list.length();
        while (i < n) {
            int eq = list.indexOf('=', i);
            if (eq < 0) {
                throw malformed(lineNumber, "attribute without '='");
            }
            String name = list.substring(i, eq).trim();
            if (name.isEmpty() || !name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9') || c == '-')) {
                throw malformed(lineNumber, "bad attribute name '" + shorten(name) + "'");
            }
            int v = eq + 1;
            String value;
            if (v < n && list.charAt(v) == '"') {
                int close = list.indexOf('"', v + 1);
                if (close < 0) {
                    throw malformed(lineNumber, "unterminated quoted value of " + name);
                }
                value = list.substring(v + 1, close);
                i = close + 1;
                if (i < n && list.charAt(i) != ',') {
                    throw malformed(lineNumber, "text after the quoted value of " + name);
                }
            } else {
                int comma = list.indexOf(',', v);
                int end = comma < 0 ? n : comma;
                value = list.substring(v, end).trim();
                if (value.indexOf('"') >= 0) {
                    throw malformed(lineNumber, "stray quote in the value of " + name);
                }
                i = end;
            }
            if (attributes.putIfAbsent(name, value) != null) {
                throw malformed(lineNumber, "attribute " + name + " given twice");
            }
            if (i < n) {
                i++; // the comma
                if (i == n) {
                    throw malformed(lineNumber, "trailing comma");
                }
            }
        }
        return attributes;
    }

    static long decimal(Map<String, String> attributes, String name, int lineNumber) throws PlaylistException {
        String value = attributes.get(name);
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw malformed(lineNumber, name + " is negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw malformed(lineNumber, name + " is not a decimal integer: '" + shorten(value) + "'");
        }
    }

    static PlaylistException malformed(int lineNumber, String what) {
        return new PlaylistException("line " + lineNumber + ": malformed attribute list: " + what);
    }

    static String shorten(String s) {
        return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
