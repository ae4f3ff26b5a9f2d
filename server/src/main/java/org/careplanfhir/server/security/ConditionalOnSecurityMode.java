package org.careplanfhir.server.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Marks the one entry configuration of a security mode. Only those entries carry it: everything a
 * mode needs is imported or scanned by its entry, so no other class decides whether it runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(SecurityModeCondition.class)
public @interface ConditionalOnSecurityMode {

	SecurityProperties.Mode value();

}
