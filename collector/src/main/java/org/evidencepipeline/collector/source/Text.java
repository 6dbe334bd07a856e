package org.evidencepipeline.collector.source;

import org.jsoup.Jsoup;

/** Small text helpers shared by adapters. */
public final class Text {
    private Text() {
    }

    /** Visible text of an HTML fragment (feeds and APIs often send HTML), whitespace collapsed. */
    public static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return html == null ? null : "";
        }
        return Jsoup.parseBodyFragment(html).text().strip();
    }

    /** The first {@code max} characters, for dead-letter excerpts. */
    public static String excerpt(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
