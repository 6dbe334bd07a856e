package org.evidencepipeline.contracts;

/** A WGS84 point a post declares (e.g. GeoRSS), never inferred. */
public record GeoPoint(double latitude, double longitude) {
    public GeoPoint {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("not a WGS84 point: " + latitude + "," + longitude);
        }
    }
}
