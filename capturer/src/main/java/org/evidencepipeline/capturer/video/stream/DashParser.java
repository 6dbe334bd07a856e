package org.evidencepipeline.capturer.video.stream;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses a DASH MPD from strangers: XML without DTDs or external entities, bounded in size and segment count. */
public final class DashParser {
    /** Far above any real manifest, small enough to parse in memory. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** More representations than this in one manifest is not a real stream. */
    public static final int MAX_REPRESENTATIONS = 1_000;
    /**
     * All representations together may list this many times {@code maxSegments}: the chosen ones are capped exactly
     * by the planner, and this keeps a manifest of many capped representations from filling the heap.
     */
    public static final int TOTAL_SEGMENTS_FACTOR = 20;

    private DashParser() {
    }

    /**
     * @param maxSegments a manifest expanding to more segments than this (per representation) is refused, so a
     *                    hostile SegmentTemplate cannot make millions of URLs
     */
    public static DashManifest parse(byte[] xml, URI manifestUrl, int maxSegments) throws PlaylistException {
        if (xml == null || xml.length == 0) {
            throw new PlaylistException("empty manifest");
        }
        if (xml.length > MAX_BYTES) {
            throw new PlaylistException("manifest over " + MAX_BYTES + " bytes");
        }
        Element mpd = parseXml(xml).getDocumentElement();
        if (!"MPD".equals(name(mpd))) {
            throw new PlaylistException("not a DASH manifest: the root element is " + name(mpd) + ", not MPD");
        }
        boolean dynamic = "dynamic".equals(mpd.getAttribute("type"));
        Double mpdDuration = optionalDuration(mpd, "mediaPresentationDuration");
        URI mpdBase = base(manifestUrl, mpd);
        List<Element> periods = children(mpd, "Period");
        if (periods.isEmpty()) {
            throw new PlaylistException("manifest without a Period");
        }
        Budget budget = new Budget(maxSegments);
        List<AdaptationBuilder> result = new ArrayList<>();
        double start = 0;
        for (int p = 0; p < periods.size(); p++) {
            Element period = periods.get(p);
            Double declaredStart = optionalDuration(period, "start");
            start = declaredStart != null ? declaredStart : start;
            Double periodDuration = optionalDuration(period, "duration");
            if (periodDuration == null && p + 1 < periods.size()) {
                Double nextStart = optionalDuration(periods.get(p + 1), "start");
                periodDuration = nextStart == null ? null : nextStart - start;
            }
            if (periodDuration == null && p + 1 == periods.size() && mpdDuration != null) {
                periodDuration = mpdDuration - start;
            }
            if (periodDuration != null && periodDuration < 0) {
                throw new PlaylistException("Period " + (p + 1) + " ends before it starts");
            }
            List<AdaptationBuilder> inPeriod = period(period, base(mpdBase, period), periodDuration, budget);
            if (p == 0) {
                result.addAll(inPeriod);
            } else {
                concatenate(result, inPeriod);
            }
            start += periodDuration == null ? 0 : periodDuration;
        }
        List<DashManifest.Adaptation> adaptations = new ArrayList<>();
        for (AdaptationBuilder a : result) {
            adaptations.add(a.build());
        }
        return new DashManifest(mpdDuration, dynamic, adaptations);
    }

    private static Document parseXml(byte[] xml) throws PlaylistException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new Quiet());
            // No resolver may reach anything: an entity that gets this far is refused.
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + HlsAttributes.shorten(systemId));
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new PlaylistException("manifest has a DOCTYPE, refused (no DTDs or entities from strangers)", e);
            }
            throw new PlaylistException("manifest is not well-formed XML: " + HlsAttributes.shorten(message), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new PlaylistException("manifest could not be parsed: " + e.getMessage(), e);
        }
    }

    private static List<AdaptationBuilder> period(Element period, URI periodBase, Double periodDuration, Budget budget)
            throws PlaylistException {
        List<AdaptationBuilder> adaptations = new ArrayList<>();
        for (Element set : children(period, "AdaptationSet")) {
            URI setBase = base(periodBase, set);
            List<Element> reps = children(set, "Representation");
            AdaptationBuilder adaptation = new AdaptationBuilder(contentType(set, reps), emptyToNull(set.getAttribute("lang")));
            for (Element rep : reps) {
                budget.representation();
                adaptation.representations.add(representation(period, set, rep, base(setBase, rep), periodDuration, budget));
            }
            adaptations.add(adaptation);
        }
        return adaptations;
    }

    private static RepresentationBuilder representation(Element period, Element set, Element rep, URI repBase,
                                                        Double periodDuration, Budget budget) throws PlaylistException {
        String id = emptyToNull(rep.getAttribute("id"));
        long bandwidth = number(rep, "bandwidth", 0);
        Integer width = optionalInt(rep, set, "width");
        Integer height = optionalInt(rep, set, "height");
        String codecs = inherited(rep, set, "codecs");
        String mimeType = inherited(rep, set, "mimeType");
        RepresentationBuilder r = new RepresentationBuilder(id, bandwidth, width, height, codecs, mimeType);
        Element[] levels = {period, set, rep};
        List<Element> templates = new ArrayList<>();
        Element list = null;
        Element segmentBase = null;
        for (Element level : levels) {
            templates.addAll(children(level, "SegmentTemplate"));
            List<Element> lists = children(level, "SegmentList");
            list = lists.isEmpty() ? list : lists.get(0);
            List<Element> bases = children(level, "SegmentBase");
            segmentBase = bases.isEmpty() ? segmentBase : bases.get(0);
        }
        if (!templates.isEmpty()) {
            SegmentTemplates.expand(templates, r, repBase, periodDuration, budget);
        } else if (list != null) {
            segmentList(list, r, repBase, budget);
        } else {
            // SegmentBase or a bare BaseURL: the whole file is one segment (v.redd.it's DASH_720.mp4, DASH_AUDIO_128.mp4).
            if (segmentBase != null) {
                for (Element init : children(segmentBase, "Initialization")) {
                    String source = emptyToNull(init.getAttribute("sourceURL"));
                    r.initUrl = source == null ? null : resolve(repBase, source);
                }
            }
            budget.segments(1);
            r.segments.add(new DashManifest.Segment(repBase.toString(), periodDuration));
        }
        r.currentInit = r.initUrl;
        return r;
    }

    private static void segmentList(Element list, RepresentationBuilder r, URI repBase, Budget budget)
            throws PlaylistException {
        List<Element> urls = children(list, "SegmentURL");
        budget.segments(urls.size());
        long timescale = number(list, "timescale", 1);
        long duration = number(list, "duration", 0);
        Double seconds = duration > 0 && timescale > 0 ? (double) duration / timescale : null;
        for (Element init : children(list, "Initialization")) {
            String source = emptyToNull(init.getAttribute("sourceURL"));
            r.initUrl = resolve(repBase, source == null ? "" : source);
        }
        for (Element url : urls) {
            String media = emptyToNull(url.getAttribute("media"));
            r.segments.add(new DashManifest.Segment(media == null ? repBase.toString() : resolve(repBase, media), seconds));
        }
    }

    /** A later Period continues the first's tracks: same content type in the same position, representation by id. */
    private static void concatenate(List<AdaptationBuilder> result, List<AdaptationBuilder> later) {
        Map<String, Integer> ordinal = new LinkedHashMap<>();
        for (AdaptationBuilder a : later) {
            int k = ordinal.merge(String.valueOf(a.contentType), 1, Integer::sum) - 1;
            AdaptationBuilder target = nth(result, a.contentType, k);
            if (target == null) {
                result.add(a);
                continue;
            }
            for (int i = 0; i < a.representations.size(); i++) {
                RepresentationBuilder from = a.representations.get(i);
                RepresentationBuilder to = null;
                for (RepresentationBuilder candidate : target.representations) {
                    if (from.id != null && from.id.equals(candidate.id)) {
                        to = candidate;
                    }
                }
                if (to == null && i < target.representations.size()) {
                    to = target.representations.get(i);
                }
                if (to == null) {
                    continue;
                }
                if (from.initUrl != null && !from.initUrl.equals(to.currentInit)) {
                    to.segments.add(new DashManifest.Segment(from.initUrl, null, true));
                    to.currentInit = from.initUrl;
                }
                to.segments.addAll(from.segments);
            }
        }
    }

    private static AdaptationBuilder nth(List<AdaptationBuilder> adaptations, String contentType, int k) {
        int seen = 0;
        for (AdaptationBuilder a : adaptations) {
            if (java.util.Objects.equals(a.contentType, contentType) && seen++ == k) {
                return a;
            }
        }
        return null;
    }

    private static String contentType(Element set, List<Element> reps) {
        String declared = emptyToNull(set.getAttribute("contentType"));
        String mime = emptyToNull(set.getAttribute("mimeType"));
        String codecs = emptyToNull(set.getAttribute("codecs"));
        if (!reps.isEmpty()) {
            mime = mime != null ? mime : emptyToNull(reps.get(0).getAttribute("mimeType"));
            codecs = codecs != null ? codecs : emptyToNull(reps.get(0).getAttribute("codecs"));
        }
        if (declared != null) {
            return declared;
        }
        if (codecs != null && (codecs.startsWith("stpp") || codecs.startsWith("wvtt"))) {
            return "text";
        }
        if (mime != null && (mime.contains("ttml") || mime.contains("vtt"))) {
            return "text";
        }
        if (mime != null && mime.indexOf('/') > 0) {
            return mime.substring(0, mime.indexOf('/'));
        }
        return null;
    }

    static URI base(URI parent, Element element) throws PlaylistException {
        List<Element> bases = children(element, "BaseURL");
        if (bases.isEmpty()) {
            return parent;
        }
        return URI.create(resolve(parent, bases.get(0).getTextContent().strip()));
    }

    static String resolve(URI base, String reference) throws PlaylistException {
        try {
            return base.resolve(new URI(reference.strip())).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new PlaylistException("not a URI: '" + HlsAttributes.shorten(reference) + "'", e);
        }
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && localName.equals(name((Element) n))) {
                found.add((Element) n);
            }
        }
        return found;
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    static long number(Element e, String attribute, long fallback) throws PlaylistException {
        String value = emptyToNull(e.getAttribute(attribute));
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                throw new PlaylistException(name(e) + "@" + attribute + " is negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException ex) {
            throw new PlaylistException(name(e) + "@" + attribute + " is not an unsigned integer: '"
                    + HlsAttributes.shorten(value) + "'");
        }
    }

    private static Integer optionalInt(Element rep, Element set, String attribute) throws PlaylistException {
        Element holder = emptyToNull(rep.getAttribute(attribute)) != null ? rep : set;
        if (emptyToNull(holder.getAttribute(attribute)) == null) {
            return null;
        }
        long value = number(holder, attribute, 0);
        if (value > 100_000) {
            throw new PlaylistException(name(holder) + "@" + attribute + " is not a plausible size: " + value);
        }
        return (int) value;
    }

    private static String inherited(Element rep, Element set, String attribute) {
        String own = emptyToNull(rep.getAttribute(attribute));
        return own != null ? own : emptyToNull(set.getAttribute(attribute));
    }

    private static Double optionalDuration(Element e, String attribute) throws PlaylistException {
        String value = emptyToNull(e.getAttribute(attribute));
        return value == null ? null : IsoDuration.seconds(value, name(e) + "@" + attribute);
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Counts what the manifest would make before it is made. */
    static final class Budget {
        final int perRepresentation;
        private long total;
        private int representations;

        Budget(int perRepresentation) {
            this.perRepresentation = perRepresentation;
        }

        void representation() throws PlaylistException {
            if (++representations > MAX_REPRESENTATIONS) {
                throw new PlaylistException("manifest has more than " + MAX_REPRESENTATIONS + " representations");
            }
        }

        /** Called with a representation's count before its segments are built. */
        void segments(long count) throws PlaylistException {
            if (count > perRepresentation) {
                throw new SegmentLimitException(perRepresentation, "a representation lists " + count
                        + " segments, more than " + perRepresentation);
            }
            total += count;
            if (total > (long) perRepresentation * TOTAL_SEGMENTS_FACTOR) {
                throw new SegmentLimitException(perRepresentation, "the manifest lists more than "
                        + (long) perRepresentation * TOTAL_SEGMENTS_FACTOR + " segments in all");
            }
        }
    }

    static final class AdaptationBuilder {
        final String contentType;
        final String language;
        final List<RepresentationBuilder> representations = new ArrayList<>();

        AdaptationBuilder(String contentType, String language) {
            this.contentType = contentType;
            this.language = language;
        }

        DashManifest.Adaptation build() {
            List<DashManifest.Representation> built = new ArrayList<>();
            for (RepresentationBuilder r : representations) {
                built.add(new DashManifest.Representation(r.id, r.bandwidth, r.width, r.height, r.codecs, r.mimeType,
                        r.initUrl, r.segments));
            }
            return new DashManifest.Adaptation(contentType, language, built);
        }
    }

    static final class RepresentationBuilder {
        final String id;
        final long bandwidth;
        final Integer width;
        final Integer height;
        final String codecs;
        final String mimeType;
        String initUrl;
        String currentInit;
        final List<DashManifest.Segment> segments = new ArrayList<>();

        RepresentationBuilder(String id, long bandwidth, Integer width, Integer height, String codecs, String mimeType) {
            this.id = id;
            this.bandwidth = bandwidth;
            this.width = width;
            this.height = height;
            this.codecs = codecs;
            this.mimeType = mimeType;
        }
    }

    /** Keeps the JDK parser from printing strangers' errors to stderr; every error is thrown instead. */
    private static final class Quiet implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
