package org.evidencepipeline.capturer.video.stream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO 8601 durations as DASH writes them (xs:duration: {@code PT1M30.5S}, {@code P1DT2H}); never negative. */
final class IsoDuration {
    private static final Pattern DURATION = Pattern.compile(
            "P(?:(\\d{1,6})Y)?(?:(\\d{1,6})M)?(?:(\\d{1,6})D)?(?:T(?:(\\d{1,9})H)?(?:(\\d{1,9})M)?(?:(\\d{1,12}(?:\\.\\d{1,12})?)S)?)?");

    private IsoDuration() {
    }

    static double seconds(String text, String what) throws PlaylistException {
        String value = text.strip();
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || value.equals("P") || value.endsWith("T")) {
            throw new PlaylistException(what + " is not an ISO 8601 duration: '" + HlsAttributes.shorten(value) + "'");
        }
        // Years and months have no fixed length; xs:duration's usual reading (365 d, 30 d) is close enough for a cap.
        return part(m, 1) * 365 * 86400 + part(m, 2) * 30 * 86400 + part(m, 3) * 86400 + part(m, 4) * 3600
                + part(m, 5) * 60 + part(m, 6);
    }

    private static double part(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Double.parseDouble(g);
    }
}
