package org.evidencepipeline.capturer.video;

/**
 * Why a stream's capture stopped before it was whole: a refused or failed fetch, or a cap. The capturer turns it into
 * the outcome ({@code refused}, {@code failed}, {@code too-large}) and keeps the parts fetched so far, listed as
 * incomplete.
 */
public final class VideoCaptureStop extends Exception {
    public enum Why { REFUSED, FAILED, CAP }

    private final Why why;
    private final String cap;
    private final String limit;

    private VideoCaptureStop(Why why, String cap, String limit, String reason) {
        super(reason, null, false, false);
        this.why = why;
        this.cap = cap;
        this.limit = limit;
    }

    public static VideoCaptureStop refused(String reason) {
        return new VideoCaptureStop(Why.REFUSED, null, null, reason);
    }

    public static VideoCaptureStop failed(String reason) {
        return new VideoCaptureStop(Why.FAILED, null, null, reason);
    }

    /** @param cap {@code bytes}, {@code duration}, {@code segments} or {@code wall-time}; {@code limit} as configured */
    public static VideoCaptureStop cap(String cap, String limit, String reason) {
        return new VideoCaptureStop(Why.CAP, cap, limit, reason);
    }

    public Why why() {
        return why;
    }

    /** The cap reached, or null. */
    public String cap() {
        return cap;
    }

    public String limit() {
        return limit;
    }
}
