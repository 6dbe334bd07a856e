package org.evidencepipeline.capturer.video.stream;

import org.w3c.dom.Element;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a DASH SegmentTemplate ($Number$ with duration, or SegmentTimeline with $Time$ or $Number$) into segment
 * URLs. The count is worked out from the attributes first and checked against the cap, so a hostile template
 * (duration=1 over a hundred years) is refused before anything is allocated.
 */
final class SegmentTemplates {
    private SegmentTemplates() {
    }

    /** @param templates from the Period, AdaptationSet and Representation levels, least specific first */
    static void expand(List<Element> templates, DashParser.RepresentationBuilder r, URI repBase, Double periodDuration,
                       DashParser.Budget budget) throws PlaylistException {
        // A lower level's SegmentTemplate inherits the attributes it does not set (ISO/IEC 23009-1 §5.3.9.1).
        Map<String, String> attributes = new LinkedHashMap<>();
        Element timeline = null;
        for (Element template : templates) {
            for (int i = 0; i < template.getAttributes().getLength(); i++) {
                var a = template.getAttributes().item(i);
                attributes.put(a.getLocalName() != null ? a.getLocalName() : a.getNodeName(), a.getNodeValue());
            }
            List<Element> timelines = DashParser.children(template, "SegmentTimeline");
            timeline = timelines.isEmpty() ? timeline : timelines.get(0);
        }
        long timescale = positive(attributes, "timescale", 1);
        long startNumber = unsigned(attributes, "startNumber", 1);
        long offset = unsigned(attributes, "presentationTimeOffset", 0);
        String media = attributes.get("media");
        if (DashParser.emptyToNull(media) == null) {
            throw new PlaylistException("SegmentTemplate without media");
        }
        String initialization = DashParser.emptyToNull(attributes.get("initialization"));
        if (initialization != null) {
            r.initUrl = DashParser.resolve(repBase, substitute(initialization, r, 0, 0));
        }
        if (timeline != null) {
            timeline(timeline, timescale, startNumber, offset, media, r, repBase, periodDuration, budget);
            return;
        }
        long duration = positive(attributes, "duration", 0);
        if (duration == 0) {
            throw new PlaylistException("SegmentTemplate without duration or SegmentTimeline");
        }
        if (periodDuration == null) {
            throw new PlaylistException("cannot count the segments of a SegmentTemplate: no Period or presentation"
                    + " duration");
        }
        double exact = periodDuration * timescale / duration;
        long count = (long) Math.ceil(exact - 1e-9);
        if (exact > Long.MAX_VALUE / 2 || count > budget.perRepresentation) {
            throw new SegmentLimitException(budget.perRepresentation, "a SegmentTemplate of " + HlsAttributes.shorten(
                    String.valueOf(exact)) + " segments, more than " + budget.perRepresentation);
        }
        budget.segments(count);
        double segmentSeconds = (double) duration / timescale;
        for (long i = 0; i < count; i++) {
            double seconds = i == count - 1 ? periodDuration - segmentSeconds * (count - 1) : segmentSeconds;
            String url = substitute(media, r, startNumber + i, offset + i * duration);
            r.segments.add(new DashManifest.Segment(DashParser.resolve(repBase, url), seconds));
        }
    }

    private static void timeline(Element timeline, long timescale, long startNumber, long offset, String media,
                                 DashParser.RepresentationBuilder r, URI repBase, Double periodDuration,
                                 DashParser.Budget budget) throws PlaylistException {
        List<Element> entries = DashParser.children(timeline, "S");
        if (entries.size() > budget.perRepresentation) {
            throw new SegmentLimitException(budget.perRepresentation, "a SegmentTimeline of more than "
                    + budget.perRepresentation + " entries");
        }
        // First pass: start, duration and repeat of each entry, and their total, before any URL is made.
        long[][] runs = new long[entries.size()][3];
        long count = 0;
        long time = 0; // the first S@t defaults to 0 (ISO/IEC 23009-1 §5.3.9.6)
        for (int i = 0; i < entries.size(); i++) {
            Element s = entries.get(i);
            long t = DashParser.emptyToNull(s.getAttribute("t")) == null ? time : DashParser.number(s, "t", 0);
            long d = DashParser.number(s, "d", 0);
            if (d == 0) {
                throw new PlaylistException("SegmentTimeline S without a positive d");
            }
            String rText = DashParser.emptyToNull(s.getAttribute("r"));
            long repeat;
            if ("-1".equals(rText == null ? null : rText.strip())) {
                // Repeat up to the next entry's start, or the end of the Period.
                Long end = null;
                if (i + 1 < entries.size() && DashParser.emptyToNull(entries.get(i + 1).getAttribute("t")) != null) {
                    end = DashParser.number(entries.get(i + 1), "t", 0);
                } else if (periodDuration != null) {
                    end = offset + (long) Math.ceil(periodDuration * timescale - 1e-6);
                }
                repeat = end == null || end <= t ? 0 : (end - t + d - 1) / d - 1;
            } else {
                repeat = DashParser.number(s, "r", 0);
            }
            if (repeat >= budget.perRepresentation || count + repeat + 1 > budget.perRepresentation) {
                throw new SegmentLimitException(budget.perRepresentation, "a SegmentTimeline of more than "
                        + budget.perRepresentation + " segments");
            }
            runs[i][0] = t;
            runs[i][1] = d;
            runs[i][2] = repeat;
            count += repeat + 1;
            time = t + (repeat + 1) * d;
        }
        budget.segments(count);
        long number = startNumber;
        for (long[] run : runs) {
            for (long k = 0; k <= run[2]; k++) {
                long t = run[0] + k * run[1];
                String url = substitute(media, r, number++, t);
                r.segments.add(new DashManifest.Segment(DashParser.resolve(repBase, url), (double) run[1] / timescale));
            }
        }
    }

    /** $RepresentationID$, $Number$, $Bandwidth$, $Time$ (each with an optional %0Nd width) and $$. */
    static String substitute(String template, DashParser.RepresentationBuilder r, long number, long time)
            throws PlaylistException {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('$', i + 1);
            if (close < 0) {
                throw new PlaylistException("SegmentTemplate with an unclosed $: '" + HlsAttributes.shorten(template) + "'");
            }
            String identifier = template.substring(i + 1, close);
            i = close + 1;
            if (identifier.isEmpty()) {
                out.append('$');
                continue;
            }
            String format = null;
            int percent = identifier.indexOf('%');
            if (percent >= 0) {
                format = identifier.substring(percent);
                identifier = identifier.substring(0, percent);
                if (!format.matches("%0?\\d{1,2}d")) {
                    throw new PlaylistException("SegmentTemplate format tag '" + HlsAttributes.shorten(format)
                            + "' is not %0Nd");
                }
            }
            switch (identifier) {
                case "RepresentationID":
                    if (format != null) {
                        throw new PlaylistException("$RepresentationID$ takes no format tag");
                    }
                    out.append(r.id == null ? "" : r.id);
                    break;
                case "Number":
                    out.append(format(number, format));
                    break;
                case "Bandwidth":
                    out.append(format(r.bandwidth, format));
                    break;
                case "Time":
                    out.append(format(time, format));
                    break;
                default:
                    throw new PlaylistException("SegmentTemplate identifier $" + HlsAttributes.shorten(identifier)
                            + "$ is not one of RepresentationID, Number, Bandwidth, Time");
            }
        }
        return out.toString();
    }

    private static String format(long value, String format) {
        return format == null ? Long.toString(value) : String.format(format, value);
    }

    private static long positive(Map<String, String> attributes, String name, long fallback) throws PlaylistException {
        long value = unsigned(attributes, name, fallback);
        if (value == 0 && attributes.containsKey(name)) {
            throw new PlaylistException("SegmentTemplate@" + name + " is 0");
        }
        return value;
    }

    private static long unsigned(Map<String, String> attributes, String name, long fallback) throws PlaylistException {
        String value = DashParser.emptyToNull(attributes.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                throw new PlaylistException("SegmentTemplate@" + name + " is negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new PlaylistException("SegmentTemplate@" + name + " is not an unsigned integer: '"
                    + HlsAttributes.shorten(value) + "'");
        }
    }
}
