package org.evidencepipeline.apiauth;

/** Who may call an endpoint. Each role has its own token; {@link #ADMIN} may do everything a {@link #READER} may. */
public enum Role {
    /** Changes what is collected: collections CRUD and poll (collector). */
    ADMIN,
    /** Reads what was collected: topic feeds and their SSE stream (enricher), archive and verify (storer). */
    READER;

    /** True if a caller holding this role may call an endpoint that needs {@code needed}. */
    public boolean grants(Role needed) {
        return this == ADMIN || this == needed;
    }
}
