package org.evidencepipeline.apiauth;

/** What the filter does with one request: the closed set of outcomes of {@link ApiCredentials#check}. */
public sealed interface Access {
    /** The request goes on to the resource. */
    record Granted() implements Access {
    }

    /** 401: no bearer token, or one that is neither role's token. */
    record Unauthenticated() implements Access {
    }

    /** 403: a valid token whose role does not grant the endpoint's role (a reader on an admin endpoint). */
    record Forbidden(Role held, Role needed) implements Access {
    }

    /** 403: the resource method declares no {@link RequiresRole}, so nobody may call it. */
    record Undeclared() implements Access {
    }
}
