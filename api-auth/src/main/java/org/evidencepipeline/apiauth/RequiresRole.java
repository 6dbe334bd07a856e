package org.evidencepipeline.apiauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a REST resource method needs. It goes on each resource method, never on the class, so that a new
 * endpoint without one is noticed: {@link ApiTokenFilter} refuses every request to a method without it (403).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresRole {
    Role value();
}
