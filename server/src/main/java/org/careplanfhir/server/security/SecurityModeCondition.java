package org.careplanfhir.server.security;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Reads the mode from the same {@code careplan.security.*} settings {@link SecurityProperties}
 * binds, before that bean exists: conditions run while bean definitions are still being read.
 */
class SecurityModeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnSecurityMode.class.getName());
		SecurityProperties.Mode wanted = (SecurityProperties.Mode) attributes.get("value");
		Binder settings = Binder.get(context.getEnvironment());
		SecurityProperties.Mode actual = SecurityProperties.modeOf(
				settings.bind("careplan.security.enabled", Boolean.class).orElse(true),
				settings.bind("careplan.security.issuer-uri", String.class).orElse(null),
				settings.bind("careplan.security.jwk-set-uri", String.class).orElse(null));
		String message = "security mode " + actual + (actual == wanted ? "" : ", not " + wanted);
		return actual == wanted ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

}
